import type { Page } from 'playwright-core';
import { BrowserRun, startBrowserRun, submit } from './support/browser';
import { logPowerPlantFinding } from './support/log-finding';

const PW = 'Rectify2023';
/** A 1×1 PNG: the small photo. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const PHONE = { width: 390, height: 844 };
const SMALL_PHONE = { width: 360, height: 740 };
const LOCATION = '石灰工区2号石灰炉东侧楼梯';
const DESCRIPTION = '楼梯踏板松动两级，上下楼梯有踏空摔伤风险';

/**
 * Runs in the page: puts two photos "from the camera" into the form's file field — a small one and a 12 MP one
 * (4000×3000 of noise: far above the 10 MB limit as PNG) — and records what the progress line says. Answers the
 * big photo's size.
 */
const TWO_CAMERA_PHOTOS = `async (small) => {
  const canvas = document.createElement('canvas');
  canvas.width = 4000;
  canvas.height = 3000;
  const ctx = canvas.getContext('2d');
  const img = ctx.createImageData(4000, 3000);
  for (let i = 0; i < img.data.length; i++) img.data[i] = i % 4 === 3 ? 255 : Math.floor(Math.random() * 256);
  ctx.putImageData(img, 0, 0);
  const big = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
  const dt = new DataTransfer();
  dt.items.add(new File([new Uint8Array(small)], '踏板.png', { type: 'image/png' }));
  dt.items.add(new File([big], '楼梯全景.png', { type: 'image/png' }));
  const input = document.querySelector('input[name=photos]');
  input.files = dt.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
  const seen = (window.seenProgress = []);
  const text = document.querySelector('.upload-text');
  new MutationObserver(() => seen.push(text.textContent)).observe(text, { childList: true, characterData: true, subtree: true });
  return big.size;
}`;

/**
 * Issue 18, phones: the pages at 390 px (and 360 px) wide — no sideways scrolling, a compact header whose menu
 * folds behind a button, submit buttons in view — and the two flows done on a phone: a reporter scanning a unit's
 * QR poster and reporting with two camera photos, and a unit officer recording a plan and before/after photos.
 */
describe('issue 18: the pages on a phone (demo data)', () => {
  let run: BrowserRun;
  let posterPath: string;
  let findingUrl: string;

  beforeAll(async () => {
    run = await startBrowserRun('phone', { demo: true });
  });

  afterAll(() => run?.close());

  /** Takes the screenshot and checks the page is no wider than the phone's screen. */
  const check = async (page: Page, label: string) => {
    await run.shot(page, label);
    const { scrollWidth, viewport } = await page.evaluate<{ scrollWidth: number; viewport: number }>(
      '({ scrollWidth: document.documentElement.scrollWidth, viewport: window.innerWidth })',
    );
    expect({ label, scrollWidth }).toEqual({ label, scrollWidth: Math.min(scrollWidth, viewport) });
  };

  /** The button is shown, and wholly inside the screen's width. */
  const expectVisibleButton = async (page: Page, selector: string) => {
    const button = page.locator(selector).first();
    await button.scrollIntoViewIfNeeded();
    await expect(button.isVisible()).resolves.toBe(true);
    const box = (await button.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(page.viewportSize()!.width);
    // Large enough to tap.
    expect(box.height).toBeGreaterThanOrEqual(40);
  };

  const phoneLogin = async (username: string, size = PHONE, startAt = '/login') => {
    const page = await run.newPage();
    await page.setViewportSize(size);
    await page.goto(startAt);
    await check(page, `${username}-login`);
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', PW);
    await Promise.all([
      page.waitForURL((u) => !u.pathname.startsWith('/login')),
      page.click('button[type=submit]'),
    ]);
    await check(page, `${username}-after-login`);
    return page;
  };

  it('point a: every page of the menu fits 360 and 390 px, with a compact header whose menu opens from a button', async () => {
    const page = await phoneLogin('han.jingyi', SMALL_PHONE);
    const header = page.locator('header.top');
    expect((await header.boundingBox())!.height).toBeLessThanOrEqual(60);
    await expect(page.locator('header.top nav').isVisible()).resolves.toBe(false);
    await page.click('header.top .menu-button');
    await expect(page.locator('header.top nav').isVisible()).resolves.toBe(true);
    // The opened menu is a full-width list under the header's bar.
    expect((await page.locator('header.top nav').boundingBox())!.width).toBeGreaterThan(300);
    await check(page, 'menu-open');
    const hrefs = await page
      .locator('header.top nav a')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    expect(hrefs.length).toBeGreaterThan(5);
    for (const size of [SMALL_PHONE, PHONE]) {
      await page.setViewportSize(size);
      for (const href of [...hrefs, '/hazard-reports/new', '/hazard-reports/poster', '/password']) {
        await page.goto(href);
        await check(page, `${size.width}${href.replace(/\//g, '-')}`);
      }
    }
  });

  it('the findings list on a phone: the findings first, the filters behind a button that says how many are set', async () => {
    const page = await phoneLogin('han.jingyi');
    await page.goto('/findings');
    await check(page, 'findings-filters-folded');
    const filters = page.locator('form.filters');
    const firstRow = page.locator('table.list tbody tr').first();
    // Folded: the first finding is on the first screen, the sixteen filters are not.
    await expect(filters.isVisible()).resolves.toBe(false);
    expect((await firstRow.boundingBox())!.y).toBeLessThan(PHONE.height);
    await expectVisibleButton(page, '.filters-button');
    await expect(page.locator('.filters-button').textContent()).resolves.toBe('筛选');
    const all = Number(await page.locator('h1 .count').textContent());
    await page.click('.filters-button');
    await expect(filters.isVisible()).resolves.toBe(true);
    await check(page, 'findings-filters-open');
    await page.selectOption('form.filters select[name=overdue]', 'true');
    await page.selectOption('form.filters select[name=sort]', 'deadline');
    await expectVisibleButton(page, 'form.filters button[type=submit]');
    await submit(page, 'form.filters button[type=submit]');
    await check(page, 'findings-filtered-folded');
    // Folded again over the filtered list; the button counts what narrows it (the order does not).
    await expect(filters.isVisible()).resolves.toBe(false);
    await expect(page.locator('.filters-button').textContent()).resolves.toBe('筛选（已设 1 项）');
    const overdue = Number(await page.locator('h1 .count').textContent());
    expect(overdue).toBeGreaterThan(0);
    expect(overdue).toBeLessThan(all);
    expect((await firstRow.boundingBox())!.y).toBeLessThan(PHONE.height);
    await Promise.all([page.waitForEvent('load'), page.click('.filters-bar a[href="/findings"]')]);
    await check(page, 'findings-filters-cleared');
    await expect(page.locator('.filters-button').textContent()).resolves.toBe('筛选');
    // Refused filters open the fold, so that the field at fault is in view.
    await page.goto('/findings?foundFrom=2023-02-30');
    await check(page, 'findings-filters-refused');
    await expect(filters.isVisible()).resolves.toBe(true);
    // A desktop shows the filters as before, without the button.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto('/findings');
    await check(page, 'findings-desktop');
    await expect(filters.isVisible()).resolves.toBe(true);
    await expect(page.locator('.filters-button').isVisible()).resolves.toBe(false);
  });

  it('point d: installable as a home-screen app — a web manifest with 192 and 512 px icons', async () => {
    const page = await phoneLogin('gong.yaqin');
    const href = await page.locator('link[rel=manifest]').getAttribute('href');
    const manifest = await (await page.request.get(href!)).json();
    expect(manifest).toMatchObject({ display: 'standalone', start_url: '/', short_name: expect.any(String) });
    const sizes: string[] = [];
    for (const icon of manifest.icons as { src: string; sizes: string; type: string }[]) {
      const res = await page.request.get(icon.src);
      expect(res.ok()).toBe(true);
      expect(res.headers()['content-type']).toContain(icon.type);
      sizes.push(icon.sizes);
    }
    expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));
  });

  it('point c: the safety office makes the 扫码举报 poster of 石灰工区 on a phone', async () => {
    const page = await phoneLogin('han.jingyi');
    await page.goto('/hazard-reports');
    await check(page, 'office-reports');
    await Promise.all([page.waitForEvent('load'), page.click('a[href="/hazard-reports/poster"]')]);
    await check(page, 'poster-form');
    await page.fill('input[name=unit]', '石灰工区');
    await expectVisibleButton(page, 'main form button[type=submit]');
    await submit(page, 'main form button[type=submit]');
    await check(page, 'poster-preview');
    await expect(page.locator('#poster svg').count()).resolves.toBe(1);
    const url = new URL((await page.locator('a.poster-url').getAttribute('href'))!);
    expect(url.pathname).toBe('/hazard-reports/new');
    expect(url.searchParams.get('unit')).toMatch(/^\d+$/);
    posterPath = `${url.pathname}${url.search}`;
    const pdf = await page.request.get(
      (await page.locator('a[href^="/hazard-reports/poster/pdf"]').getAttribute('href'))!,
    );
    expect(pdf.headers()['content-type']).toBe('application/pdf');
  });

  it('point b: a reporter scans the poster, logs in, finds the unit filled in, reports with two camera photos (one 12 MP) and sees it in 我的举报', async () => {
    // Scanning the QR code opens its address on the phone; the login page leads back to the form.
    const page = await phoneLogin('shi.xiaolong', PHONE, posterPath);
    expect(`${new URL(page.url()).pathname}${new URL(page.url()).search}`).toBe(posterPath);
    await expect(page.inputValue('input[name=hazardUnit]')).resolves.toContain('石灰工区');
    // The unit is typed with suggestions, not chosen from a 50-option list.
    await expect(page.locator('select[name=hazardUnitId]').count()).resolves.toBe(0);
    await expect(page.locator('input[name=hazardUnit]').getAttribute('list')).resolves.toBeTruthy();
    const photos = page.locator('input[name=photos]');
    await expect(photos.getAttribute('accept')).resolves.toBe('image/*');
    await expect(photos.getAttribute('capture')).resolves.not.toBeNull();
    await expect(photos.getAttribute('multiple')).resolves.not.toBeNull();
    await expectVisibleButton(page, '#report-form button[type=submit]');

    await page.fill('input[name=location]', LOCATION);
    await page.fill('textarea[name=description]', DESCRIPTION);
    await page.check('input[name=hideIdentity]');
    // Two photos "from the camera": a small one and a 12 MP one (4000×3000, far above the 10 MB limit as PNG).
    const bigBytes = await page.evaluate<number>(`(${TWO_CAMERA_PHOTOS})(${JSON.stringify([...PNG])})`);
    expect(bigBytes).toBeGreaterThan(10 * 1024 * 1024);
    await check(page, 'report-form-filled');
    await expect(page.locator('.upload-text').textContent()).resolves.toContain('已选择 2 张照片');

    // The form is sent by the page's script (resizing, progress); the answer replaces the page.
    await page.click('#report-form button[type=submit]');
    await page.waitForURL(/\/hazard-reports\/\d+$/, { waitUntil: 'commit' });
    await page.locator('.flash').waitFor();
    await check(page, 'report-submitted');
    const seen = await page.evaluate<string[] | undefined>('window.seenProgress');
    expect(seen?.some((t) => /正在上传… \d+%/.test(t))).toBe(true);
    expect(await page.locator('.flash').textContent()).toContain('照片 2 张');
    const reportId = Number(/\/hazard-reports\/(\d+)/.exec(page.url())![1]);
    const imgs = page.locator('#photos img');
    await expect(imgs.count()).resolves.toBe(2);
    // The page loads thumbnails; behind 原图, the 12 MP photo arrived as a JPEG made smaller in the browser.
    const thumbs = await imgs.evaluateAll((els) => els.map((e) => e.getAttribute('src')!));
    expect(thumbs.every((s) => s.endsWith('&size=thumb'))).toBe(true);
    const sources = await page
      .locator('#photos a.original')
      .evaluateAll((els) => els.map((e) => e.getAttribute('href')!));
    const types = await Promise.all(
      sources.map(async (s) => (await page.request.get(s)).headers()['content-type']),
    );
    expect(types.sort()).toEqual(['image/jpeg', 'image/png']);
    // 原图 is a 44 px target (it was a 28 × 20 px link under the photo).
    const originals = await page
      .locator('#photos a.original')
      .evaluateAll((els) =>
        els.map((e) => [e.getBoundingClientRect().width, e.getBoundingClientRect().height]),
      );
    expect(originals.filter(([w, h]) => w < 44 || h < 44)).toEqual([]);

    await page.click('header.top .menu-button');
    await Promise.all([page.waitForEvent('load'), page.click('header.top nav a[href="/hazard-reports"]')]);
    await check(page, 'my-reports');
    expect(await page.locator('h1').textContent()).toContain('我的举报');
    expect(await page.locator(`#report-${reportId}`).textContent()).toContain(LOCATION);
  });

  it('point a: the safety office logs a finding for 热电分厂 (desktop)', async () => {
    const page = await run.loginAs('han.jingyi', PW);
    findingUrl = await logPowerPlantFinding(run, page, {
      description: '热电分厂1号冷却塔检修爬梯护笼脱焊，攀爬有坠落风险',
      location: '1号冷却塔检修爬梯',
      responsiblePerson: '热电分厂冷却塔工区主任',
    });
    expect(findingUrl).toMatch(/^\/findings\/\d+$/);
  });

  it('point a: the unit officer records the plan and before/after photos on a phone', async () => {
    const page = await phoneLogin('wen.xiaofeng');
    await page.goto(findingUrl);
    await check(page, 'finding-assigned');
    const plan = page.locator('#plan form');
    await plan.locator('[name=measures]').fill('重新焊接护笼并做探伤检查，爬梯入口挂牌');
    await plan.locator('[name=fundsAmount]').fill('3000');
    await plan.locator('[name=fundsSource]').fill('安全生产费用');
    await plan.locator('[name=contingencyPlan]').fill('修复前封闭爬梯入口，设专人监护');
    await expectVisibleButton(page, '#plan button[type=submit]');
    await submit(page, '#plan button[type=submit]');
    await check(page, 'plan-recorded');
    await expect(page.locator('#plan-view').textContent()).resolves.toContain('3,000 元（安全生产费用）');

    for (const [kind, name] of [
      ['BEFORE', '护笼脱焊.png'],
      ['AFTER', '护笼焊好后.png'],
    ]) {
      await page.click('#evidence summary');
      await page.selectOption('#evidence [name=kind]', kind);
      await page.setInputFiles('#evidence [name=file]', { name, mimeType: 'image/png', buffer: PNG });
      await expectVisibleButton(page, '#evidence button[type=submit]');
      await submit(page, '#evidence button[type=submit]');
      await check(page, `evidence-${kind}`);
      await expect(page.locator('.flash').textContent()).resolves.toBe('证据已上传');
    }
    await expect(page.locator('#evidence-view img').count()).resolves.toBe(2);
    // Side by side: one row, 整改前 on the left and 整改后 on the right, each captioned with time and uploader,
    // each image a thumbnail (a JPEG), and the page still no wider than the phone (check above).
    const pair = page.locator('#before-after .pair').first();
    const [left, right] = [pair.locator('figure').nth(0), pair.locator('figure').nth(1)];
    await expect(left.getAttribute('data-kind')).resolves.toBe('BEFORE');
    await expect(right.getAttribute('data-kind')).resolves.toBe('AFTER');
    const [l, r] = [(await left.boundingBox())!, (await right.boundingBox())!];
    expect(Math.abs(l.y - r.y)).toBeLessThan(2);
    expect(l.x + l.width).toBeLessThanOrEqual(r.x);
    expect(r.x + r.width).toBeLessThanOrEqual(PHONE.width);
    expect(l.width).toBeGreaterThan(120);
    for (const fig of [left, right])
      await expect(fig.locator('figcaption').textContent()).resolves.toMatch(
        /整改[前后]\s*\d{4}-\d\d-\d\d\s\d\d:\d\d\s*\S+/,
      );
    const thumb = await page.request.get((await left.locator('img').getAttribute('src'))!);
    expect(thumb.headers()['content-type']).toBe('image/jpeg');
    expect(thumb.headers()['cache-control']).toBe('private, max-age=31536000, immutable');
    await check(page, 'before-after-pair');

    // The sweep's units are checkboxes, not a Ctrl-click list.
    await expect(page.locator('select[multiple]').count()).resolves.toBe(0);
    await page.click('#sweep summary');
    await page.locator('#sweep').getByRole('checkbox', { name: '热电分厂', exact: true }).check();
    await page.check('#sweep [value=NONE_FOUND]');
    await expectVisibleButton(page, '#sweep button[type=submit]');
    await submit(page, '#sweep button[type=submit]');
    await check(page, 'sweep-recorded');
    await expect(page.locator('.flash').textContent()).resolves.toBe('已记录举一反三排查');
  });
});
