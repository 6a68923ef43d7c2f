import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { buildOrg, login, OrgFixture, TEST_PASSWORD } from '../support/org-fixture';
import { pdfPages } from '../support/pdf-text';
import { BrowserRun, SCREENSHOT_ROOT, startBrowserRun, submit } from './support/browser';
import { addGasTeam, openGasNetworkTasks } from './support/gas-network';

/** A small photo "from the camera" of one colour (the 班组长's photos of the two failed items). */
const photo = (r: number, g: number, b: number) =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: { r, g, b } } })
    .png()
    .toBuffer();
const PHONE = { width: 390, height: 844 };
const WATER_SEAL = '3号排水器水封高度不足，低于规定的 500 mm';
const FLANGE = '2号加压站出口法兰处检测到煤气泄漏 30 ppm';

const textOf = async (page: Page, selector: string) =>
  ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();

/**
 * Issue 20, "done when": a 班组长 on a 390 px phone opens today's task for 煤气管网 from 首页, fails two items with
 * photos and signs; the two findings appear in 热电分厂 with the photos; the safety office prints the inspection
 * ledger and the 公示牌; the 驾驶舱 shows the one missed inspection (today's first shift, never done).
 */
describe('issue 20: a 班组长 inspects 煤气管网 on a phone', () => {
  let run: BrowserRun;
  let org: OrgFixture;
  let sourceId: number;
  let leader: Page;
  let powerOfficer: Page;
  let office: Page;
  const findingUrls: string[] = [];

  beforeAll(async () => {
    run = await startBrowserRun('inspections');
    const t = run.t;
    org = await buildOrg(t);
    const team = await addGasTeam(t, org);
    await login(t, 'office');
    // Logged in before the clock is pinned: a session cookie expiring on a pinned past day would be dropped at once.
    leader = await run.loginAs('banzuzhang', TEST_PASSWORD);
    powerOfficer = await run.loginAs('unitofficer', TEST_PASSWORD); // 热电安全员, home unit 热电分厂
    office = await run.loginAs('office', TEST_PASSWORD);
    sourceId = await openGasNetworkTasks(t, org, team);
  });
  afterAll(() => run?.close());

  const fitsPhone = async (page: Page, label: string) => {
    await run.shot(page, label);
    const width = await page.evaluate<number>('document.documentElement.scrollWidth');
    expect({ label, width }).toEqual({ label, width: PHONE.width });
  };

  it('the 班组长 opens today’s task from 首页 on a phone, fails two items with photos and signs', async () => {
    const page = leader;
    await page.setViewportSize(PHONE);
    await page.goto('/');
    await fitsPhone(page, 'home-phone');
    // 首页 lists today's shift task for 煤气管网 and the first shift's, missed.
    expect(await textOf(page, '.home-inspections')).toContain('漏检 1 次');
    const task = page.locator('.home-inspections a.task-link', { hasText: '班组级' }).filter({
      hasText: '煤气管网',
    });
    expect(await task.count()).toBe(1);
    expect(await textOf(page, '.home-inspections a.task-link:has-text("班组级")')).toContain(
      '煤气区域专项检查表',
    );
    await Promise.all([page.waitForEvent('load'), task.click()]);
    await fitsPhone(page, 'task-phone');
    expect(await textOf(page, '.task-status')).toBe('待检查');

    const items = await page.locator('.check-item').count();
    expect(items).toBeGreaterThan(5);
    for (let no = 1; no <= items; no++) await page.check(`input[name=result-${no}][value=PASS]`);
    await page.check('input[name=result-2][value=FAIL]');
    await page.fill('textarea[name=note-2]', WATER_SEAL);
    await page.setInputFiles('input[name=photo-2]', {
      name: '排水器水封.png',
      mimeType: 'image/png',
      buffer: await photo(40, 90, 200),
    });
    await page.check('input[name=result-5][value=FAIL]');
    await page.fill('textarea[name=note-5]', FLANGE);
    await page.setInputFiles('input[name=photo-5]', {
      name: '加压站法兰.png',
      mimeType: 'image/png',
      buffer: await photo(200, 60, 40),
    });
    expect(await page.inputValue('input[name=signature]')).toBe('王班长');
    // The submit button is reachable at the phone's width.
    const button = await page.locator('.inspect-form button[type=submit]').boundingBox();
    expect(button!.x + button!.width).toBeLessThanOrEqual(PHONE.width);
    await submit(page, '.inspect-form button[type=submit]');
    await fitsPhone(page, 'task-signed-phone');
    expect(await textOf(page, '.flash')).toContain('检查已签字，2 个不合格项已登记为问题');
    expect(await textOf(page, '.task-status')).toContain('已签字：王班长');
    // Each failed item shows its photo and the finding it became.
    for (const no of [2, 5]) {
      const img = page.locator(`#item-${no} .hazard-photos img`);
      expect(await img.count()).toBe(1);
      // Shown, not a broken image: the browser loaded and decoded it with the page's session.
      const loaded = `(() => { const i = document.querySelector('#item-${no} .hazard-photos img'); return i.complete && i.naturalWidth; })()`;
      await page.waitForFunction(`(${loaded}) !== false`);
      expect(await page.evaluate<number>(loaded)).toBe(64);
      expect(await textOf(page, `#item-${no} .answer`)).toContain('不合格');
    }
    const links = page.locator('a.finding-link');
    expect(await links.count()).toBe(2);
    for (const href of await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')!)))
      findingUrls.push(href);
  });

  it('the two findings are in 热电分厂 with the photos as 整改前 evidence', async () => {
    const page = powerOfficer;
    await page.setViewportSize(PHONE);
    const seen: string[] = [];
    for (const [i, url] of findingUrls.entries()) {
      await page.goto(url);
      await fitsPhone(page, `finding-${i + 1}-phone`);
      const body = await textOf(page, 'main');
      expect(body).toContain('煤气运行班');
      seen.push(body.includes(WATER_SEAL) ? 'water-seal' : body.includes(FLANGE) ? 'flange' : body);
      const photo = page.locator('figure.photo[data-kind=BEFORE] img').first();
      expect(await photo.count()).toBe(1);
      const thumb = await page.request.get((await photo.getAttribute('src'))!);
      expect(thumb.status()).toBe(200);
      expect(thumb.headers()['content-type']).toBe('image/jpeg');
    }
    expect(seen.sort()).toEqual(['flange', 'water-seal']);
    // The unit's list counts them too (the 热电分厂 officer sees his subtree).
    await page.goto('/findings?q=' + encodeURIComponent('煤气'));
    await fitsPhone(page, 'findings-phone');
    const list = await textOf(page, 'main');
    expect(list).toContain('水封高度不足');
    expect(list).toContain('法兰处检测到煤气泄漏');
  });

  it('the safety office prints the inspection ledger and the 公示牌, and the 驾驶舱 shows one missed inspection', async () => {
    const page = office;
    await page.goto(`/inspections/sources/${sourceId}`);
    await run.shot(page, 'source');
    const pdfOf = async (selector: string, file: string) => {
      const href = await page.locator(selector).getAttribute('href');
      const res = await page.request.get(href!);
      expect(res.status()).toBe(200);
      expect(res.headers()['content-type']).toContain('application/pdf');
      const pdf = await res.body();
      // Kept beside the screenshots, to look at (pdftoppm -png -r 60).
      writeFileSync(path.join(SCREENSHOT_ROOT, 'inspections', file), pdf);
      return (await pdfPages(pdf)).join('\n');
    };
    const ledger = await pdfOf('a[href$="/ledger.pdf"]', 'ledger.pdf');
    for (const words of ['检查台账', '煤气管网', '王班长', '水封高度不足', '法兰处检测到煤气泄漏'])
      expect(ledger).toContain(words);
    const sign = await pdfOf('a[href$="/sign.pdf"]', 'sign.pdf');
    for (const words of ['煤气管网', '煤气泄漏中毒、火灾、爆炸', '13900000004', '佩戴正压式空气呼吸器施救'])
      expect(sign).toContain(words);

    await page.goto('/dashboard');
    await run.shot(page, 'dashboard');
    const missed = page.locator('[data-figure="missedInspections"] a').first();
    expect((await missed.textContent())!.trim()).toBe('1');
    await Promise.all([page.waitForEvent('load'), missed.click()]);
    await run.shot(page, 'missed');
    expect(await textOf(page, 'main')).toMatch(/漏检 1/);
  });
});
