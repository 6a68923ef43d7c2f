import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { IMAGE_UNREADABLE_ANSWER } from './support/damaged-photo';
import { buildOrg, OrgFixture, TEST_PASSWORD } from './support/org-fixture';
import { binary } from './support/pdf-text';
import { startTestApp, TestApp } from './support/test-app';
import { webSession } from './support/web-session';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * Issue 18 for hazard-report photos: a thumbnail and a medium size made on upload (shared image-sizes helper), the
 * original kept byte-for-byte with its SHA-256, served with caching by hash and the report's own access rules; the
 * report page loads thumbnails and links the original.
 */
describe('Hazard-report photos: sizes, caching and access (issue 18)', () => {
  let t: TestApp;
  let org: OrgFixture;
  let reportId: number;
  let camera: Buffer; // a "camera" JPEG, 2400 × 1800
  let photo: { id: number; sha256: string; sizeBytes: number };

  beforeAll(async () => {
    t = await startTestApp();
    org = await buildOrg(t);
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
      .toBuffer();
    // A reporter who asked to hide their identity: the photos are as visible as the report, no more.
    const res = await t
      .http()
      .post('/api/v1/hazard-reports')
      .set(org.auth(org.tokens.REPORTER))
      .send({
        hazardUnitId: org.units.power,
        location: '燃化工区输煤栈桥',
        description: '输煤栈桥照明线路绝缘层破损，有漏电风险',
        onBehalfOfUnit: false,
        hideIdentity: true,
      })
      .expect(201);
    reportId = res.body.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  const as = (token: string) => ({
    get: (url: string) => t.http().get(url).set(org.auth(token)).buffer(true).parse(binary),
  });
  const photoUrl = (query = '') => `/api/v1/hazard-reports/${reportId}/photos/${photo.id}${query}`;

  it('the reporter uploads a camera photo: the original is kept byte-for-byte with its SHA-256', async () => {
    const res = await t
      .http()
      .post(`/api/v1/hazard-reports/${reportId}/photos`)
      .set(org.auth(org.tokens.REPORTER))
      .attach('file', camera, { filename: '现场.jpg' })
      .expect(201);
    photo = res.body;
    // The name as the phone sent it (UTF-8), not as the form parser first reads it (latin1).
    expect(photo).toMatchObject({ fileName: '现场.jpg', sizeBytes: camera.length, sha256: sha256(camera) });
    const down = await as(org.tokens.SAFETY_OFFICE).get(photoUrl()).expect(200);
    expect(Buffer.compare(down.body as Buffer, camera)).toBe(0);
    expect(down.headers['content-type']).toBe('image/jpeg');
    expect(down.headers['x-content-sha256']).toBe(sha256(camera));
    // In the change log as every upload is, without the name of a reporter who asked to stay hidden.
    const log = await t
      .http()
      .get(`/api/v1/audit-log?entityType=HazardReport&entityId=${reportId}`)
      .set(org.auth(org.tokens.ADMIN))
      .expect(200);
    const added = (log.body.items as { action: string; actorId: number | null; actorName: string }[]).filter(
      (e) => e.action === 'HAZARD_REPORT_PHOTO_ADDED',
    );
    expect(added).toEqual([expect.objectContaining({ actorId: null, actorName: '匿名举报人' })]);
    expect(JSON.stringify(added)).toContain(sha256(camera));
  });

  it('its thumbnail (≤ 320 px) and medium size (≤ 1280 px) are JPEGs stored at upload', async () => {
    const rows: { size: string; width: number; height: number }[] = await t.db.query(
      `SELECT size, width, height FROM hazard_report_photo_renditions WHERE photo_id = $1 ORDER BY size`,
      [photo.id],
    );
    expect(rows).toEqual([
      { size: 'medium', width: 1280, height: 960 },
      { size: 'thumb', width: 320, height: 240 },
    ]);
    const thumb = await as(org.tokens.SAFETY_OFFICE).get(photoUrl('?size=thumb')).expect(200);
    expect(thumb.headers['content-type']).toBe('image/jpeg');
    const m = await sharp(thumb.body as Buffer).metadata();
    expect([m.format, m.width, m.height]).toEqual(['jpeg', 320, 240]);
    expect((thumb.body as Buffer).length).toBeLessThan(camera.length / 40);
    expect(thumb.headers['x-content-sha256']).toBeUndefined();
    const medium = await as(org.tokens.REPORTER).get(photoUrl('?size=medium')).expect(200);
    const mm = await sharp(medium.body as Buffer).metadata();
    expect([mm.format, mm.width, mm.height]).toEqual(['jpeg', 1280, 960]);
    // Making the sizes did not touch the original.
    const original = await as(org.tokens.REPORTER).get(photoUrl()).expect(200);
    expect(sha256(original.body as Buffer)).toBe(photo.sha256);
  });

  it('caching: with the hash kept a year (private, immutable); without it revalidated (ETag → 304)', async () => {
    const v = photo.sha256.slice(0, 16);
    const pinned = await as(org.tokens.SAFETY_OFFICE)
      .get(photoUrl(`?size=thumb&v=${v}`))
      .expect(200);
    expect(pinned.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    const plain = await as(org.tokens.SAFETY_OFFICE).get(photoUrl('?size=thumb')).expect(200);
    expect(plain.headers['cache-control']).toBe('private, no-cache');
    expect(plain.headers.etag).toBe(pinned.headers.etag);
    const again = await t
      .http()
      .get(photoUrl('?size=thumb'))
      .set(org.auth(org.tokens.SAFETY_OFFICE))
      .set('If-None-Match', plain.headers.etag)
      .expect(304);
    expect(again.text ?? '').toBe('');
    const original = await as(org.tokens.SAFETY_OFFICE).get(photoUrl()).expect(200);
    expect(original.headers.etag).not.toBe(plain.headers.etag);
    await as(org.tokens.SAFETY_OFFICE).get(photoUrl('?size=thumb&v=0000000000000000')).expect(404);
    await as(org.tokens.SAFETY_OFFICE).get(photoUrl('?size=thumb&v=xyz')).expect(400);
    await as(org.tokens.SAFETY_OFFICE).get(photoUrl('?size=poster')).expect(400);
  });

  it('access: a user who may not see the report gets no photo, size or 304, even with the right hash', async () => {
    const v = photo.sha256.slice(0, 16);
    const etag = (await as(org.tokens.SAFETY_OFFICE).get(photoUrl('?size=thumb'))).headers.etag;
    for (const q of ['', '?size=thumb', `?size=medium&v=${v}`]) {
      const res = await as(org.tokens.otherUnitOfficer).get(photoUrl(q));
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).not.toMatch(/^image\//);
      const cached = await t
        .http()
        .get(photoUrl(q))
        .set(org.auth(org.tokens.otherUnitOfficer))
        .set('If-None-Match', etag);
      expect(cached.status).toBe(404);
    }
    // The unit the hazard is in still sees the photo (as it sees the report), the reporter stays masked.
    await as(org.tokens.UNIT_OFFICER).get(photoUrl('?size=thumb')).expect(200);
    const seen = await t
      .http()
      .get(`/api/v1/hazard-reports/${reportId}`)
      .set(org.auth(org.tokens.UNIT_OFFICER))
      .expect(200);
    expect(seen.body.reporter.name).toBe('匿名举报人');
  });

  it('the report page shows the thumbnail, a tap opens the medium size, 原图 the original', async () => {
    const { cookie } = await webSession(t, 'office', TEST_PASSWORD);
    const page = await t.http().get(`/hazard-reports/${reportId}`).set('Cookie', cookie).expect(200);
    const base = `/hazard-reports/${reportId}/photos/${photo.id}?v=${photo.sha256.slice(0, 16)}`;
    const esc = (s: string) => s.replace(/&/g, '&amp;');
    expect(page.text).toContain(`<img src="${esc(`${base}&size=thumb`)}"`);
    expect(page.text).toContain(`href="${esc(`${base}&size=medium`)}"`);
    expect(page.text).toMatch(new RegExp(`href="${esc(base).replace(/[?]/g, '\\?')}"[^>]*>原图</a>`));
    const thumb = await t
      .http()
      .get(`${base}&size=thumb`)
      .set('Cookie', cookie)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(thumb.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    expect((await sharp(thumb.body as Buffer).metadata()).width).toBe(320);
    const other = await webSession(t, 'otherofficer', TEST_PASSWORD);
    const refused = await t.http().get(`${base}&size=thumb`).set('Cookie', other.cookie);
    expect(refused.status).toBe(404);
    expect(refused.headers['content-type']).not.toMatch(/^image\//);
  });

  it('a photo stored before sizes existed gets them on its first request, and keeps them', async () => {
    await t.db.query(`DELETE FROM hazard_report_photo_renditions WHERE photo_id = $1`, [photo.id]);
    const medium = await as(org.tokens.REPORTER).get(photoUrl('?size=medium')).expect(200);
    expect((await sharp(medium.body as Buffer).metadata()).width).toBe(1280);
    const rows: { size: string }[] = await t.db.query(
      `SELECT size FROM hazard_report_photo_renditions WHERE photo_id = $1 ORDER BY size`,
      [photo.id],
    );
    expect(rows.map((r) => r.size)).toEqual(['medium', 'thumb']);
  });

  const addPhoto = (bytes: Buffer, filename: string) =>
    t
      .http()
      .post(`/api/v1/hazard-reports/${reportId}/photos`)
      .set(org.auth(org.tokens.REPORTER))
      .attach('file', bytes, { filename });
  /** What the report has stored: photos, their sizes and HAZARD_REPORT_PHOTO_ADDED entries in the change log. */
  const stored = async () => {
    const [row] = await t.db.query(
      `SELECT (SELECT count(*) FROM hazard_report_photos WHERE report_id = $1)::int AS photos,
              (SELECT count(*) FROM hazard_report_photo_renditions r JOIN hazard_report_photos p ON p.id = r.photo_id
                WHERE p.report_id = $1)::int AS sizes,
              (SELECT count(*) FROM change_events WHERE entity_type = 'HazardReport' AND entity_id = $1::text
                AND action = 'HAZARD_REPORT_PHOTO_ADDED')::int AS logged`,
      [reportId],
    );
    return row as { photos: number; sizes: number; logged: number };
  };

  // QA fuzz: 296 × "a" + ".png" was refused 415 FILE_TYPE_NOT_ALLOWED, its extension read from the name cut short.
  it('a photo with a 300-character name is stored, its name shortened to 200 characters keeping “.jpg”', async () => {
    const res = await addPhoto(camera, `${'a'.repeat(296)}.jpg`).expect(201);
    expect(res.body.fileName).toBe(`${'a'.repeat(195)}….jpg`);
    const sizes = await t.db.query(`SELECT size FROM hazard_report_photo_renditions WHERE photo_id = $1`, [
      res.body.id,
    ]);
    expect(sizes).toHaveLength(2);
  });

  // QA fuzz: a truncated PNG got 201, and its sizes were served as the same broken PNG.
  it('a damaged photo (a truncated PNG or JPEG) is refused with 400 IMAGE_UNREADABLE, and nothing is stored', async () => {
    const png = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#1f7a3d' } })
      .png()
      .toBuffer();
    const before = await stored();
    for (const [name, bytes] of [
      ['截断.png', png.subarray(0, 40)],
      ['半张.jpg', camera.subarray(0, Math.floor(camera.length / 2))],
    ] as const) {
      const res = await addPhoto(bytes, name);
      expect({ name, status: res.status, body: res.body }).toEqual({
        name,
        status: 400,
        body: IMAGE_UNREADABLE_ANSWER,
      });
    }
    expect(await stored()).toEqual(before);
  });
});
