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

  /** Posts the 我要举报 form as the reporter: its text fields and photos (name, bytes), as the page sends them. */
  const report = async (
    username: string,
    fields: Record<string, string>,
    photos: [string, Buffer][] = [],
  ) => {
    const { cookie, csrf } = await webSession(t, username);
    let req = t
      .http()
      .post(`/hazard-reports?_csrf=${encodeURIComponent(csrf)}`)
      .set('Cookie', cookie);
    for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
    for (const [filename, bytes] of photos)
      req = req.attach('photos', bytes, {
        filename,
        contentType: filename.endsWith('.png') ? 'image/png' : 'image/jpeg',
      });
    return { res: await req, cookie };
  };

  it('point b: the unit typed by name, the place, and two photos in one form; a photo that is not an image is named, the rest kept', async () => {
    const { res, cookie } = await report(
      'gong.yaqin',
      {
        hazardUnit: '燃化工区',
        location: '燃化工区煤气加压站门口',
        description: '加压站门口的一氧化碳报警仪不亮，无人巡检',
        hideIdentity: 'on',
      },
      [
        ['报警仪.png', PNG],
        ['门口.png', PNG],
        ['说明.jpg', Buffer.from('not a photo')],
      ],
    );
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
    const { res } = await report('gong.yaqin', {
      hazardUnit: '炼铁厂',
      location: '某处',
      description: '某事',
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain('找不到单位“炼铁厂”');
    expect(res.text).toMatch(/name="hazardUnit"[^>]*value="炼铁厂"/);
    // No photo was chosen: nothing to choose again.
    expect(res.text).not.toContain('请重新选择照片');
  });

  it('a refused form says next to the photo field that the chosen photos were not sent and must be chosen again', async () => {
    const { res } = await report(
      'shi.xiaolong',
      { hazardUnit: '工区', location: '2号皮带廊', description: '皮带廊护栏缺失' },
      [
        ['护栏.png', PNG],
        ['皮带廊.png', PNG],
      ],
    );
    expect(res.status).toBe(400);
    // The text is kept; the photos cannot be (a browser never refills a file field), and the form says so there.
    expect(res.text).toContain('皮带廊护栏缺失');
    const field = /<label class="field[^"]*"><span class="label">现场照片[\s\S]*?<\/label>/.exec(
      res.text,
    )?.[0];
    expect(field).toContain('刚才选择的 2 张照片没有提交，请重新选择照片');
    expect(field).toContain('name="photos"');
  });
});
