import { startTestApp, TestApp } from './support/test-app';
import { webSession } from './support/web-session';

/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** Issue 18 point b, without the page's script: the report form posts the unit by name and the photos in one step. */
describe('issue 18: the hazard report in one step (demo data)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ demo: true });
  });
  afterAll(() => t?.close());

  it('point b: the unit typed by name, the place, and two photos in one form; a photo that is not an image is named, the rest kept', async () => {
    const { cookie, csrf } = await webSession(t, 'gong.yaqin');
    const res = await t
      .http()
      .post(`/hazard-reports?_csrf=${encodeURIComponent(csrf)}`)
      .set('Cookie', cookie)
      .field('hazardUnit', '燃化工区')
      .field('location', '燃化工区煤气加压站门口')
      .field('description', '加压站门口的一氧化碳报警仪不亮，无人巡检')
      .field('hideIdentity', 'on')
      .attach('photos', PNG, { filename: '报警仪.png', contentType: 'image/png' })
      .attach('photos', PNG, { filename: '门口.png', contentType: 'image/png' })
      .attach('photos', Buffer.from('not a photo'), { filename: '说明.jpg', contentType: 'image/jpeg' });
    expect(res.status).toBe(303);
    // The next page shows the one-time message (a cookie set with the redirect).
    const flash = ([] as string[]).concat(res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]);
    const page = await t
      .http()
      .get(res.headers.location)
      .set('Cookie', [cookie, ...flash].join('; '))
      .expect(200);
    expect(page.text).toContain('照片 2 张');
    expect(page.text).toContain('以下照片未保存：“说明.jpg”');
    expect(page.text).toContain('燃化工区煤气加压站门口');
    // The page loads the photos' thumbnails (by hash, cached) and links their originals.
    expect(
      page.text.match(/<img src="\/hazard-reports\/\d+\/photos\/\d+\?v=[0-9a-f]{16}&amp;size=thumb"/g),
    ).toHaveLength(2);
    expect(page.text.match(/>原图<\/a>/g)).toHaveLength(2);
  });

  it('point b: a unit name that is not in the list is refused next to the field, with what was typed kept', async () => {
    const { cookie, csrf } = await webSession(t, 'gong.yaqin');
    const res = await t
      .http()
      .post(`/hazard-reports?_csrf=${encodeURIComponent(csrf)}`)
      .set('Cookie', cookie)
      .field('hazardUnit', '炼铁厂')
      .field('location', '某处')
      .field('description', '某事');
    expect(res.status).toBe(400);
    expect(res.text).toContain('找不到单位“炼铁厂”');
    expect(res.text).toMatch(/name="hazardUnit"[^>]*value="炼铁厂"/);
  });
});
