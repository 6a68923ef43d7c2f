import { createHash, randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { Clock } from '../src/common/time/clock';
import { binary, pdfPages } from './support/pdf-text';
import { buildOrg, OrgFixture, TEST_PASSWORD } from './support/org-fixture';
import { startTestApp, TestApp } from './support/test-app';
import { webSession } from './support/web-session';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** Files as their first bytes make them (the check is by content); random bytes after, so each hash is its own. */
const pdf = (n = 20_000) => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(n)]);
const docx = () =>
  Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('word/document.xml'), randomBytes(5000)]);
/** A real JPEG (photos are decoded on upload), of a random colour so that each is another file. */
const jpeg = () =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: `#${randomBytes(3).toString('hex')}` } })
    .jpeg()
    .toBuffer();
const png = () =>
  Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(100)]);
/** The test app's EVIDENCE_MAX_BYTES: small, so an oversize upload is quick to send. */
const MAX_BYTES = 100_000;

interface StoredFile {
  id: number;
  documentType: string;
  documentNumber: string;
  documentVersion: string;
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  sha256: string;
  uploadedByName: string;
  replacedAt: string | null;
  replacedFileId?: number | null;
}

/**
 * Issue 20: each document of a 重要危险源 (管理制度, 操作规程, 专项应急预案) has its file — uploaded by the source's
 * managers (type checked by content, size-limited), stored with its SHA-256, replaced without losing the old one,
 * each upload in the change log; read with the source's access rules; a document in force without its file is a gap;
 * the page and the printed 档案 name each file.
 */
describe('Files of a 重要危险源’s documents (issue 20)', () => {
  let t: TestApp;
  let org: OrgFixture;
  let sourceId: number;
  let otherSourceId: number;
  const firstPdf = pdf();
  let first: StoredFile;
  const secondDocx = docx();
  let second: StoredFile;

  const MANAGEMENT = { type: 'MANAGEMENT_SYSTEM', number: 'RD-ZD-01', version: 'A/0' };
  const source = (unitId: number) => ({
    unitId,
    name: '2号煤气加压站',
    location: '热电分厂厂区',
    kind: 'GAS',
    grade: 'ORANGE',
    documents: [
      { ...MANAGEMENT, title: '煤气安全管理制度', effectiveDate: '2024-01-01', file: '档案室 RD-2024-017' },
      {
        type: 'OPERATING_PROCEDURE',
        number: 'RD-GC-02',
        version: 'A/1',
        title: '加压站操作规程',
        effectiveDate: '2025-01-01',
      },
      {
        type: 'CONTINGENCY_PLAN',
        number: 'RD-YA-03',
        version: 'B/0',
        title: '煤气泄漏专项应急预案',
        effectiveDate: '2025-06-01',
        expiryDate: '2028-05-31',
      },
    ],
    drills: [{ date: '2026-10-15', scenario: '法兰泄漏', participants: 12, evaluation: '响应及时' }],
  });

  beforeAll(async () => {
    t = await startTestApp({ env: { EVIDENCE_MAX_BYTES: String(MAX_BYTES) } });
    t.app.get(Clock).pinForTesting(new Date('2026-12-02T02:00:00Z'));
    org = await buildOrg(t);
    sourceId = (
      await api(org.tokens.UNIT_OFFICER).post('/hazard-sources').send(source(org.units.power)).expect(201)
    ).body.id;
    otherSourceId = (
      await api(org.tokens.SAFETY_OFFICE).post('/hazard-sources').send(source(org.units.flyAsh)).expect(201)
    ).body.id;
  });
  afterAll(() => t?.close());

  const api = (token: string) => ({
    get: (url: string) => t.http().get(`/api/v1${url}`).set(org.auth(token)),
    post: (url: string) => t.http().post(`/api/v1${url}`).set(org.auth(token)),
    download: (url: string) => t.http().get(`/api/v1${url}`).set(org.auth(token)).buffer(true).parse(binary),
  });
  const upload = (
    token: string,
    file: Buffer | null,
    filename: string,
    doc: Record<string, string> = MANAGEMENT,
    id = sourceId,
  ) => {
    const req = api(token).post(`/hazard-sources/${id}/document-files`);
    for (const [k, v] of Object.entries(doc)) req.field(k, v);
    return file ? req.attach('file', file, { filename }) : req;
  };
  const fileUrl = (fileId: number, id = sourceId) => `/hazard-sources/${id}/document-files/${fileId}`;
  const gapKinds = async () =>
    (
      (await api(org.tokens.UNIT_OFFICER).get(`/hazard-sources/${sourceId}`).expect(200)).body.gaps as {
        key: string;
        closed: boolean;
      }[]
    )
      .filter((g) => !g.closed)
      .map((g) => g.key);

  it('counts each document in force without its file as a gap', async () => {
    expect(await gapKinds()).toEqual([
      'DOC_NO_FILE:MANAGEMENT_SYSTEM:RD-ZD-01:A/0',
      'DOC_NO_FILE:OPERATING_PROCEDURE:RD-GC-02:A/1',
      'DOC_NO_FILE:CONTINGENCY_PLAN:RD-YA-03:B/0',
    ]);
  });

  it('the unit uploads its 管理制度 as a PDF: kept byte-for-byte, served to readers with its Chinese name', async () => {
    // The 驾驶舱's gap count, read before the upload (the service keeps counts while the facts are unchanged).
    const openGapsNow = async () =>
      (await api(org.tokens.UNIT_OFFICER).get('/statistics/dashboard/inspections').expect(200)).body.openGaps
        .value as number;
    const gapsBefore = await openGapsNow();
    const res = await upload(org.tokens.UNIT_OFFICER, firstPdf, '煤气安全管理制度（签发稿）.pdf').expect(201);
    expect(await openGapsNow()).toBe(gapsBefore - 1);
    first = res.body;
    expect(first).toMatchObject({
      documentType: 'MANAGEMENT_SYSTEM',
      documentNumber: 'RD-ZD-01',
      documentVersion: 'A/0',
      fileName: '煤气安全管理制度（签发稿）.pdf',
      mimeType: 'application/pdf',
      sizeBytes: firstPdf.length,
      sha256: sha256(firstPdf),
      uploadedByName: '热电安全员',
      replacedFileId: null,
    });
    expect(first).not.toHaveProperty('content');
    expect(await gapKinds()).not.toContain('DOC_NO_FILE:MANAGEMENT_SYSTEM:RD-ZD-01:A/0');
    const shown = (await api(org.tokens.UNIT_OFFICER).get(`/hazard-sources/${sourceId}`).expect(200)).body;
    expect(shown.openGaps).toBe(2);
    expect(shown.documents[0].currentFile).toMatchObject({ id: first.id, sha256: first.sha256 });
    expect(shown.documents[1].currentFile).toBeNull();

    // The supervision group and company readers read it; the bytes are the ones uploaded.
    for (const token of [org.tokens.SUPERVISOR, org.tokens.VIEWER, org.tokens.SAFETY_OFFICE]) {
      const down = await api(token).download(fileUrl(first.id)).expect(200);
      expect(sha256(down.body as Buffer)).toBe(first.sha256);
      expect(down.headers['content-type']).toBe('application/pdf');
      expect(down.headers['x-content-sha256']).toBe(first.sha256);
      // RFC 5987: the real name for browsers, an ASCII stand-in for the rest.
      expect(down.headers['content-disposition']).toBe(
        `attachment; filename="_.pdf"; filename*=UTF-8''${encodeURIComponent('煤气安全管理制度（签发稿）.pdf')}`,
      );
    }
  });

  it('a new upload replaces the current file and keeps the old one; both uploads are in the change log', async () => {
    const res = await upload(org.tokens.SAFETY_OFFICE, secondDocx, '煤气安全管理制度.docx').expect(201);
    second = res.body;
    expect(second).toMatchObject({
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      sha256: sha256(secondDocx),
      uploadedByName: '安办员',
      replacedFileId: first.id,
    });
    const shown = (await api(org.tokens.UNIT_OFFICER).get(`/hazard-sources/${sourceId}`).expect(200)).body;
    expect(shown.documents[0].currentFile.id).toBe(second.id);
    expect(shown.documents[0].earlierFiles).toEqual([
      expect.objectContaining({ id: first.id, sha256: first.sha256, replacedById: second.id }),
    ]);
    expect(shown.documents[0].earlierFiles[0].replacedAt).toEqual(expect.any(String));

    const all = (
      await api(org.tokens.SUPERVISOR).get(`/hazard-sources/${sourceId}/document-files`).expect(200)
    ).body as StoredFile[];
    expect(all.map((f) => [f.id, f.replacedAt === null])).toEqual([
      [second.id, true],
      [first.id, false],
    ]);
    // The old file is still served, byte-for-byte.
    const old = await api(org.tokens.UNIT_OFFICER).download(fileUrl(first.id)).expect(200);
    expect(sha256(old.body as Buffer)).toBe(sha256(firstPdf));
    const now = await api(org.tokens.UNIT_OFFICER).download(fileUrl(second.id)).expect(200);
    expect(Buffer.compare(now.body as Buffer, secondDocx)).toBe(0);

    const log = (
      await api(org.tokens.SAFETY_OFFICE)
        .get(`/audit-log?entityType=HazardSource&entityId=${sourceId}`)
        .expect(200)
    ).body.items as {
      action: string;
      actorName: string;
      changes: Record<string, { before: unknown; after: unknown }>;
    }[];
    const uploads = log.filter((e) => e.action === 'HAZARD_SOURCE_DOCUMENT_FILE_UPLOADED');
    expect(uploads).toHaveLength(2);
    expect(uploads[0]).toMatchObject({
      actorName: '安办员',
      changes: {
        documentFile: {
          before: { fileId: first.id, sha256: first.sha256 },
          after: { fileId: second.id, sha256: second.sha256, fileName: '煤气安全管理制度.docx' },
        },
        _note: { document: { type: 'MANAGEMENT_SYSTEM', number: 'RD-ZD-01', version: 'A/0' } },
      },
    });
    expect(uploads[1]).toMatchObject({
      actorName: '热电安全员',
      changes: { documentFile: { before: null, after: { fileId: first.id, sha256: first.sha256 } } },
    });
    expect((await api(org.tokens.ADMIN).get('/audit-log/verify').expect(200)).body.ok).toBe(true);
  });

  it('keeps other units out (404), lets readers read but not upload (403), and serves no file under another source', async () => {
    const other = api(org.tokens.otherUnitOfficer);
    expect((await other.download(fileUrl(first.id)).expect(404)).body).toBeDefined();
    await other.get(`/hazard-sources/${sourceId}/document-files`).expect(404);
    const refused = await upload(org.tokens.otherUnitOfficer, pdf(), '制度.pdf').expect(404);
    expect(refused.body.code).toBe('NOT_FOUND');
    expect((await upload(org.tokens.SUPERVISOR, pdf(), '制度.pdf').expect(403)).body.code).toBe('FORBIDDEN');
    await api(org.tokens.REPORTER).download(fileUrl(first.id)).expect(403);
    // The file's id under a source it does not belong to, or with a stale version: not found.
    await api(org.tokens.SAFETY_OFFICE).download(fileUrl(first.id, otherSourceId)).expect(404);
    await api(org.tokens.SAFETY_OFFICE)
      .download(`${fileUrl(second.id)}?v=${first.sha256.slice(0, 16)}`)
      .expect(404);
    const cached = await api(org.tokens.SAFETY_OFFICE).download(
      `${fileUrl(second.id)}?v=${second.sha256.slice(0, 16)}`,
    );
    expect(cached.status).toBe(200);
    expect(cached.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    // Nothing was stored by the refused uploads.
    const all = (
      await api(org.tokens.SAFETY_OFFICE).get(`/hazard-sources/${sourceId}/document-files`).expect(200)
    ).body;
    expect(all).toHaveLength(2);
  });

  it('refuses a wrong type, a file too large, no file and an unknown document with the one error shape', async () => {
    const office = org.tokens.SAFETY_OFFICE;
    const shape = (body: Record<string, unknown>, status: number, code: string, field: string) => {
      expect(body).toMatchObject({
        statusCode: status,
        code,
        message: expect.stringMatching(/[\u4e00-\u9fff]/),
      });
      expect(body.details).toEqual([expect.objectContaining({ field })]);
    };
    shape(
      (await upload(office, Buffer.from('纯文本'), '制度.txt').expect(415)).body,
      415,
      'FILE_TYPE_NOT_ALLOWED',
      'file',
    );
    // An Excel sheet is an accepted evidence type, but not a 制度.
    const xlsx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(200)]);
    shape((await upload(office, xlsx, '制度.xlsx').expect(415)).body, 415, 'FILE_TYPE_NOT_ALLOWED', 'file');
    // A photo named .pdf: the content decides.
    shape((await upload(office, png(), '制度.pdf').expect(415)).body, 415, 'FILE_CONTENT_MISMATCH', 'file');
    shape(
      (await upload(office, pdf(MAX_BYTES + 10), '制度.pdf').expect(413)).body,
      413,
      'PAYLOAD_TOO_LARGE',
      'file',
    );
    shape((await upload(office, null, '').expect(400)).body, 400, 'VALIDATION_FAILED', 'file');
    const unknown = await upload(office, pdf(), '制度.pdf', { ...MANAGEMENT, number: 'RD-ZD-99' }).expect(
      400,
    );
    shape(unknown.body, 400, 'UNKNOWN_DOCUMENT', 'number');
    expect(unknown.body.message).toContain('RD-ZD-99');
    shape(
      (await upload(office, pdf(), '制度.pdf', { ...MANAGEMENT, type: 'MANUAL' }).expect(400)).body,
      400,
      'VALIDATION_FAILED',
      'type',
    );
    const all = (await api(office).get(`/hazard-sources/${sourceId}/document-files`).expect(200)).body;
    expect(all).toHaveLength(2);
  });

  it('the source page lists each document with its file, uploads from the page, and shows a refusal under it', async () => {
    const { cookie, csrf } = await webSession(t, 'unitofficer', TEST_PASSWORD);
    const page = async () =>
      (await t.http().get(`/inspections/sources/${sourceId}`).set('Cookie', cookie).expect(200)).text;
    const html = await page();
    const link = `/inspections/sources/${sourceId}/documents/${second.id}?v=${second.sha256.slice(0, 16)}`;
    expect(html).toContain(`<a href="${link}" class="document-file">煤气安全管理制度.docx</a>`);
    expect(html).toMatch(/4\.\d KB · 安办员 上传于/);
    expect(html).toContain('历史文件 1');
    expect(html).toContain('煤气安全管理制度（签发稿）.pdf');
    const missing = /<span class="form-error">未上传文件<\/span>/g;
    expect(html.match(missing)).toHaveLength(2);
    const viaPage = await t.http().get(link).set('Cookie', cookie).buffer(true).parse(binary).expect(200);
    expect(sha256(viaPage.body as Buffer)).toBe(second.sha256);
    expect(viaPage.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('煤气安全管理制度.docx')}`,
    );

    const photo = await jpeg();
    const post = (file: Buffer, name: string) =>
      t
        .http()
        .post(`/inspections/sources/${sourceId}/documents?_csrf=${encodeURIComponent(csrf)}`)
        .set('Cookie', cookie)
        .field('type', 'OPERATING_PROCEDURE')
        .field('number', 'RD-GC-02')
        .field('version', 'A/1')
        .attach('file', file, { filename: name });
    const bad = await post(Buffer.from('x'), '规程.txt').expect(415);
    expect(bad.text).toContain('不支持的文件类型 .txt');
    // A photo of the document that cannot be read (cut off halfway) is refused at the form, and not kept.
    const damaged = await post(photo.subarray(0, photo.length >> 1), '加压站操作规程.jpg').expect(400);
    expect(damaged.text).toContain('图片已损坏或不完整，无法读取');
    expect(await page()).not.toContain('加压站操作规程.jpg');
    await post(photo, '加压站操作规程.jpg').expect(303);
    const after = await page();
    expect(after).toContain('加压站操作规程.jpg');
    expect(after.match(missing)).toHaveLength(1);
    const files = (
      await api(org.tokens.UNIT_OFFICER).get(`/hazard-sources/${sourceId}/document-files`).expect(200)
    ).body as StoredFile[];
    expect(files[0]).toMatchObject({
      documentType: 'OPERATING_PROCEDURE',
      mimeType: 'image/jpeg',
      sha256: sha256(photo),
    });

    // The supervision group sees the files but no upload form.
    const supervisor = await webSession(t, 'supervisor', TEST_PASSWORD);
    const read = (
      await t.http().get(`/inspections/sources/${sourceId}`).set('Cookie', supervisor.cookie).expect(200)
    ).text;
    expect(read).toContain('加压站操作规程.jpg');
    expect(read).not.toContain('name="file"');
  });

  it('the printed 档案 names each document’s file with the start of its SHA-256', async () => {
    const printed = await api(org.tokens.SUPERVISOR)
      .download(`/reports/hazard-sources/${sourceId}/file`)
      .expect(200);
    const text = (await pdfPages(printed.body as Buffer)).join('').replace(/\s+/g, '');
    expect(text).toContain('煤气安全管理制度.docx');
    expect(text).toContain(`SHA-256${second.sha256.slice(0, 16)}`);
    expect(text).not.toContain(first.sha256.slice(0, 16)); // the replaced file is not the document's file
    expect(text).toContain('未上传');
  });
});
