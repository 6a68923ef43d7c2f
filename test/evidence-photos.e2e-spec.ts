import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { IMAGE_UNREADABLE_ANSWER } from './support/damaged-photo';
import { buildRound } from './support/findings-fixture';
import { binary, pdfPages } from './support/pdf-text';
import { buildOrg, OrgFixture } from './support/org-fixture';
import { startTestApp, TestApp } from './support/test-app';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * Issue 18, photos: evidence tagged 整改前 / 整改后 / 复查 by who may tag it, each photo kept byte-for-byte with its
 * SHA-256 and given a thumbnail and a medium size on upload (sharp), served with caching by hash and the finding's
 * access rules; the close-out sheet prints the pairs from the medium size.
 */
describe('Evidence photos: before/after tags, sizes and caching (issue 18)', () => {
  let t: TestApp;
  let org: OrgFixture;
  let findingId: number;
  let camera: Buffer; // a "camera" JPEG, 2400 × 1800 stored sideways (EXIF orientation 6)
  let png: Buffer; // a PNG with transparency, 640 × 480
  let before: { id: number; sha256: string; sizeBytes: number; kind: string };
  let after: { id: number; sha256: string };

  beforeAll(async () => {
    t = await startTestApp();
    org = await buildOrg(t);
    const { logFinding } = await buildRound(t, org);
    findingId = (await logFinding()).id;
    // Noise does not compress: a few MB, like a phone camera's photo.
    camera = await sharp({
      create: {
        width: 2400,
        height: 1800,
        channels: 3,
        background: '#808080',
        noise: { type: 'gaussian', mean: 128, sigma: 40 },
      },
    })
      .jpeg({ quality: 92 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    png = await sharp({ create: { width: 640, height: 480, channels: 4, background: '#1f7a3d80' } })
      .png()
      .toBuffer();
  });
  afterAll(async () => {
    await t?.close();
  });

  const as = (token: string) => ({
    get: (url: string) => t.http().get(url).set(org.auth(token)).buffer(true).parse(binary),
  });
  const upload = (token: string, kind: string | undefined, file: Buffer, filename: string) => {
    const req = t.http().post(`/api/v1/findings/${findingId}/evidence`).set(org.auth(token));
    if (kind !== undefined) req.field('kind', kind);
    return req.attach('file', file, { filename });
  };
  const fileUrl = (id: number, query = '') => `/api/v1/findings/${findingId}/evidence/${id}${query}`;

  it('the unit uploads a 整改前 camera photo: the original is kept byte-for-byte with its SHA-256', async () => {
    expect(camera.length).toBeGreaterThan(1_500_000);
    const res = await upload(org.tokens.UNIT_OFFICER, 'BEFORE', camera, '现场.jpg').expect(201);
    before = res.body;
    expect(before).toMatchObject({ kind: 'BEFORE', sizeBytes: camera.length, sha256: sha256(camera) });
    const down = await as(org.tokens.VIEWER).get(fileUrl(before.id)).expect(200);
    expect(Buffer.compare(down.body as Buffer, camera)).toBe(0);
    expect(down.headers['content-type']).toBe('image/jpeg');
    expect(down.headers['x-content-sha256']).toBe(sha256(camera));
  });

  it('its thumbnail and medium size are upright JPEGs of at most 320 and 1280 px, a small part of the original', async () => {
    const thumb = await as(org.tokens.VIEWER).get(fileUrl(before.id, '?size=thumb')).expect(200);
    expect(thumb.headers['content-type']).toBe('image/jpeg');
    const t1 = await sharp(thumb.body as Buffer).metadata();
    // Turned by its EXIF orientation: the sideways 2400 × 1800 photo stands 240 × 320.
    expect([t1.format, t1.width, t1.height]).toEqual(['jpeg', 240, 320]);
    expect((thumb.body as Buffer).length).toBeLessThan(camera.length / 40);
    const medium = await as(org.tokens.VIEWER).get(fileUrl(before.id, '?size=medium')).expect(200);
    const m = await sharp(medium.body as Buffer).metadata();
    expect([m.format, m.width, m.height]).toEqual(['jpeg', 960, 1280]);
    expect((medium.body as Buffer).length).toBeLessThan(camera.length / 3);
    // Stored once, at upload: both sizes are rows next to the untouched original.
    const rows: { size: string; width: number; height: number }[] = await t.db.query(
      `SELECT size, width, height FROM evidence_renditions WHERE evidence_id = $1 ORDER BY size`,
      [before.id],
    );
    expect(rows).toEqual([
      { size: 'medium', width: 960, height: 1280 },
      { size: 'thumb', width: 240, height: 320 },
    ]);
  });

  it('a PNG with transparency gets JPEG sizes on white; its original stays a PNG', async () => {
    const res = await upload(org.tokens.UNIT_OFFICER, 'AFTER', png, '整改后.png').expect(201);
    after = res.body;
    const thumb = await as(org.tokens.UNIT_OFFICER).get(fileUrl(after.id, '?size=thumb')).expect(200);
    const meta = await sharp(thumb.body as Buffer).metadata();
    expect([meta.format, meta.width, meta.height, meta.hasAlpha]).toEqual(['jpeg', 320, 240, false]);
    const original = await as(org.tokens.UNIT_OFFICER).get(fileUrl(after.id)).expect(200);
    expect(original.headers['content-type']).toBe('image/png');
    expect(sha256(original.body as Buffer)).toBe(after.sha256);
  });

  it('caching: an address with the hash is kept a year (private, immutable); without it revalidated (ETag → 304)', async () => {
    const v = before.sha256.slice(0, 16);
    const pinned = await as(org.tokens.VIEWER)
      .get(fileUrl(before.id, `?size=thumb&v=${v}`))
      .expect(200);
    expect(pinned.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    const plain = await as(org.tokens.VIEWER).get(fileUrl(before.id, '?size=thumb')).expect(200);
    expect(plain.headers['cache-control']).toBe('private, no-cache');
    expect(plain.headers.etag).toBe(pinned.headers.etag);
    const again = await t
      .http()
      .get(fileUrl(before.id, '?size=thumb'))
      .set(org.auth(org.tokens.VIEWER))
      .set('If-None-Match', plain.headers.etag)
      .expect(304);
    expect(again.text ?? '').toBe('');
    // The ETag names the size: the original is another representation.
    const original = await as(org.tokens.VIEWER).get(fileUrl(before.id)).expect(200);
    expect(original.headers.etag).not.toBe(plain.headers.etag);
    // A stale or made-up hash is not another file.
    await as(org.tokens.VIEWER).get(fileUrl(before.id, '?size=thumb&v=0000000000000000')).expect(404);
    await as(org.tokens.VIEWER).get(fileUrl(before.id, '?size=thumb&v=xyz')).expect(400);
    await as(org.tokens.VIEWER).get(fileUrl(before.id, '?size=poster')).expect(400);
  });

  it('access: another unit’s officer gets no photo, thumbnail or original, even with the right hash', async () => {
    const v = before.sha256.slice(0, 16);
    for (const q of ['', '?size=thumb', `?size=medium&v=${v}`]) {
      const res = await as(org.tokens.otherUnitOfficer).get(fileUrl(before.id, q));
      expect([403, 404]).toContain(res.status);
      expect(res.headers['content-type']).not.toMatch(/^image\//);
    }
    // Nor through the 304 shortcut: the access check comes first.
    const etag = (await as(org.tokens.VIEWER).get(fileUrl(before.id, '?size=thumb'))).headers.etag;
    const res = await t
      .http()
      .get(fileUrl(before.id, '?size=thumb'))
      .set(org.auth(org.tokens.otherUnitOfficer))
      .set('If-None-Match', etag);
    expect([403, 404]).toContain(res.status);
  });

  it('tags: the unit tags 整改前/整改后, the group 复查; a wrong or missing tag is a clear 400', async () => {
    const small = png;
    const refused = await upload(org.tokens.UNIT_OFFICER, 'REVIEW', small, 'x.png').expect(400);
    expect(refused.body.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(refused.body.details ?? refused.body)).toContain('整改前、整改后、文件资料');
    const groupAfter = await upload(org.tokens.SUPERVISOR, 'AFTER', small, 'x.png').expect(400);
    expect(JSON.stringify(groupAfter.body)).toContain('复查');
    const unknown = await upload(org.tokens.UNIT_OFFICER, 'LATER', small, 'x.png').expect(400);
    expect(JSON.stringify(unknown.body)).toContain('请选择证据类型');
    await upload(org.tokens.UNIT_OFFICER, undefined, small, 'x.png').expect(400);
    const review = await upload(org.tokens.SUPERVISOR, 'REVIEW', small, '复查.png').expect(201);
    expect(review.body.kind).toBe('REVIEW');
    // Nothing refused was stored.
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM evidence_files WHERE finding_id = $1`, [
      findingId,
    ]);
    expect(n).toBe(3);
  });

  it('documents have no sizes: a PDF is served as uploaded, its thumbnail is 404', async () => {
    const pdf = Buffer.from('%PDF-1.4\n% a test document\n%%EOF\n');
    const doc = (await upload(org.tokens.UNIT_OFFICER, 'DOCUMENT', pdf, '整改报告.pdf').expect(201)).body;
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM evidence_renditions WHERE evidence_id = $1`,
      [doc.id],
    );
    expect(n).toBe(0);
    const down = await as(org.tokens.UNIT_OFFICER).get(fileUrl(doc.id)).expect(200);
    expect(Buffer.compare(down.body as Buffer, pdf)).toBe(0);
    await as(org.tokens.UNIT_OFFICER).get(fileUrl(doc.id, '?size=thumb')).expect(404);
  });

  it('a photo stored before sizes existed gets them on its first request, and keeps them', async () => {
    await t.db.query(`DELETE FROM evidence_renditions WHERE evidence_id = $1`, [after.id]);
    const thumb = await as(org.tokens.UNIT_OFFICER).get(fileUrl(after.id, '?size=thumb')).expect(200);
    expect((await sharp(thumb.body as Buffer).metadata()).width).toBe(320);
    const rows: { size: string }[] = await t.db.query(
      `SELECT size FROM evidence_renditions WHERE evidence_id = $1 ORDER BY size`,
      [after.id],
    );
    expect(rows.map((r) => r.size)).toEqual(['medium', 'thumb']);
  });

  it('the close-out sheet prints 整改前 | 整改后 side by side from the medium size, with time and uploader', async () => {
    const res = await as(org.tokens.UNIT_OFFICER)
      .get(`/api/v1/reports/findings/${findingId}/closeout-sheet`)
      .expect(200);
    const body = res.body as Buffer;
    const text = (await pdfPages(body)).join('\n');
    expect(text).toContain('整改照片（整改前 / 整改后）');
    expect(text).toMatch(/整改前\s*\d{4}-\d\d-\d\d\s\d\d:\d\d\s*热电安全员/);
    expect(text).toMatch(/整改后\s*\d{4}-\d\d-\d\d\s\d\d:\d\d\s*热电安全员/);
    expect(text).toContain('督导组复查照片');
    expect(text).toMatch(/复查\s*\d{4}-\d\d-\d\d\s\d\d:\d\d\s*督导员/);
    // The images in the PDF are the medium sizes (pdfkit writes an image's dictionary as plain text).
    const sizes = [...body.toString('latin1').matchAll(/\/Width (\d+)\s*\/Height (\d+)/g)].map(
      (m) => `${m[1]}×${m[2]}`,
    );
    expect(sizes).toContain('960×1280');
    expect(sizes).not.toContain('1800×2400');
    expect(sizes).not.toContain('2400×1800');
    expect(body.length).toBeLessThan(camera.length / 2);
  });

  /** What a finding has stored: evidence rows, their sizes and EVIDENCE_ADDED entries in the change log. */
  const stored = async () => {
    const [row] = await t.db.query(
      `SELECT (SELECT count(*) FROM evidence_files WHERE finding_id = $1)::int AS files,
              (SELECT count(*) FROM evidence_renditions r JOIN evidence_files e ON e.id = r.evidence_id
                WHERE e.finding_id = $1)::int AS sizes,
              (SELECT count(*) FROM change_events
                WHERE entity_type = 'Finding' AND entity_id = $1::text AND action = 'EVIDENCE_ADDED')::int AS logged`,
      [findingId],
    );
    return row as { files: number; sizes: number; logged: number };
  };

  // QA fuzz: a valid PNG named with 296 × "a" + ".png" was refused 415 FILE_TYPE_NOT_ALLOWED ".aaaa…" (475
  // characters): the name was cut to 200 characters before its extension was read.
  it('a photo with a 300-character name is stored, its name shortened to 200 characters keeping “.png”', async () => {
    const res = await upload(org.tokens.UNIT_OFFICER, 'AFTER', png, `${'a'.repeat(296)}.png`).expect(201);
    expect(res.body.fileName).toBe(`${'a'.repeat(195)}….png`);
    expect([...(res.body.fileName as string)].length).toBe(200);
    const thumb = await as(org.tokens.UNIT_OFFICER).get(fileUrl(res.body.id, '?size=thumb')).expect(200);
    expect(thumb.headers['content-type']).toBe('image/jpeg');
    // A Chinese name that fits is kept whole; a longer one keeps its start and its extension as sent.
    const chinese = `${'整改后现场照片'.repeat(28)}.jpg`;
    expect(chinese.length).toBe(200);
    const whole = await upload(org.tokens.UNIT_OFFICER, 'AFTER', camera, chinese).expect(201);
    expect(whole.body.fileName).toBe(chinese);
    const longer = await upload(org.tokens.UNIT_OFFICER, 'AFTER', png, `${'照'.repeat(250)}.PNG`).expect(201);
    expect(longer.body.fileName).toBe(`${'照'.repeat(195)}….PNG`);
    // A file that really is of another type is still named by its extension, briefly.
    const txt = await upload(org.tokens.UNIT_OFFICER, 'AFTER', png, `${'b'.repeat(296)}.txt`).expect(415);
    expect(txt.body.code).toBe('FILE_TYPE_NOT_ALLOWED');
    expect(txt.body.message).toMatch(/^不支持的文件类型 \.txt；/);
  });

  // QA fuzz: the first 40 bytes of a PNG got 201, and its thumbnail and medium size were the same broken PNG.
  it('a damaged photo (a truncated PNG or JPEG) is refused with 400 IMAGE_UNREADABLE, and nothing is stored', async () => {
    const before = await stored();
    const damaged: [string, Buffer][] = [
      ['截断.png', png.subarray(0, 40)], // the header only
      ['半张.png', png.subarray(0, Math.floor(png.length / 2))], // the header reads well, the pixels stop
      ['半张.jpg', camera.subarray(0, Math.floor(camera.length / 2))],
      // Not a case: a JPEG missing only its end-of-image marker holds every pixel (libjpeg warns, or not, depending on
      // the last bytes of this random-noise photo) — it shows whole, and is not refused as damaged.
    ];
    for (const [name, bytes] of damaged) {
      const res = await upload(org.tokens.UNIT_OFFICER, 'AFTER', bytes, name);
      expect({ name, status: res.status, body: res.body }).toEqual({
        name,
        status: 400,
        body: IMAGE_UNREADABLE_ANSWER,
      });
    }
    expect(await stored()).toEqual(before);
    // A document keeps its own checks: a PDF is not decoded.
    await upload(org.tokens.UNIT_OFFICER, 'DOCUMENT', Buffer.from('%PDF-1.4\n%%EOF\n'), '说明.pdf').expect(
      201,
    );
  });
});
