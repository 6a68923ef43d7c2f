import type { Page } from 'playwright-core';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { login } from '../support/org-fixture';
import { pdfPages } from '../support/pdf-text';
import { BrowserRun, SCREENSHOT_ROOT, startBrowserRun, submit } from './support/browser';

const DEMO_PASSWORD = 'Rectify2023';
const XCL = '中铝山西新材料有限公司';
const SXLY = '中铝山西铝业有限公司';

interface ApiTable {
  columns: { key: string }[];
  rows: { label: string; figures: Record<string, number | null> }[];
}

/** A figure as the page prints it (the rates with one decimal, the funds with two, — when there is none). */
const shown = (key: string, v: number | null) =>
  v === null ? '—' : key === 'c4' || key === 'c7' ? v.toFixed(1) : key === 'c14' ? v.toFixed(2) : String(v);

/** The table's body as the page shows it: the row's label, then each figure. */
const tableOnPage = (page: Page) =>
  page
    .locator('table.statutory-table tbody tr')
    .evaluateAll((rows) =>
      rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim())),
    );

/** The page's width against the screen's, and what sticks out of it (named in the failure message). */
const widthsOf = async (page: Page) =>
  (await page.evaluate(`(() => ({
    page: document.documentElement.scrollWidth,
    screen: window.innerWidth,
    over: [...document.querySelectorAll('body *')]
      .filter((e) => !e.closest('.table-scroll') && e.getBoundingClientRect().right > window.innerWidth + 0.5)
      .slice(0, 8)
      .map((e) => e.outerHTML.slice(0, 60) + ' ' + Math.round(e.getBoundingClientRect().right)),
    box: (() => { const b = document.querySelector('.table-scroll'); return b ? { client: b.clientWidth, scroll: b.scrollWidth, right: b.getBoundingClientRect().right } : null; })(),
  }))()`)) as {
    page: number;
    screen: number;
    over: string[];
    box: { client: number; scroll: number; right: number } | null;
  };

/** A submit button the user can see and reach without scrolling sideways. */
const expectReachable = async (page: Page, selector: string, screen: number) => {
  const button = page.locator(selector);
  await button.scrollIntoViewIfNeeded();
  expect(await button.isVisible()).toBe(true);
  const box = (await button.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(screen);
};

/** The safety office files the 16号令 table on the statutory page, on a PC and on a phone (demo data). */
describe('statutory table 隐患排查治理统计报表 (issue 17 part 2, demo data)', () => {
  let run: BrowserRun;
  let office: Page;
  let xclId: number;
  let token: string;

  beforeAll(async () => {
    run = await startBrowserRun('statutory', { demo: true });
    token = await login(run.t, 'han.jingyi', DEMO_PASSWORD);
    const units = (
      await run.t.http().get('/api/v1/units?kind=COMPANY').set('Authorization', `Bearer ${token}`).expect(200)
    ).body.items as { id: number; name: string }[];
    xclId = units.find((u) => u.name === XCL)!.id;
    office = await run.loginAs('han.jingyi', DEMO_PASSWORD);
  });
  afterAll(() => run?.close());

  /** The filed table of a period of 中铝山西新材料, as the API gives it. */
  const filedTable = async (period: string): Promise<ApiTable> => {
    const api = (url: string) => run.t.http().get(url).set('Authorization', `Bearer ${token}`).expect(200);
    const list = (await api(`/api/v1/statistics/statutory/reports?period=${period}`)).body.items as {
      id: number;
      unitId: number;
    }[];
    const report = list.find((r) => r.unitId === xclId)!;
    return (await api(`/api/v1/statistics/statutory/reports/${report.id}`)).body.table as ApiTable;
  };
  const expectedRows = (t: ApiTable) =>
    t.rows.map((r) => [r.label, ...t.columns.map((c) => shown(c.key, r.figures[c.key]))]);

  /** Chooses a company and period in the page's filter and shows it. */
  const choose = async (page: Page, period: string) => {
    await page.selectOption('form.filters select[name=unitId]', String(xclId));
    await page.selectOption('form.filters select[name=period]', period);
    await submit(page, 'form.filters button[type=submit]');
  };

  it('17.2 the office opens 统计报表 from the nav: Q1 2023 of 中铝山西新材料 is locked with its filed figures, 中铝山西铝业 has not filed', async () => {
    await office.click('header.top nav >> text=统计报表');
    await office.waitForURL('**/statistics/statutory**');
    await run.shot(office, 'statutory-default-1366');
    await choose(office, '2023-Q1');
    await run.shot(office, 'statutory-2023-Q1-locked-1366');
    const heading = office.locator('section.card h2').first();
    expect(await heading.textContent()).toContain(`${XCL} 2023年第一季度`);
    expect(await heading.locator('.status').textContent()).toContain('已锁定');
    expect(await heading.locator('.status').textContent()).toContain('第 1 版');
    expect(await office.textContent('main')).toContain('以下为锁定报送时冻结的数据');
    // Every row and figure of the filed version, as the API returns it.
    const filed = await filedTable('2023-Q1');
    expect(await tableOnPage(office)).toEqual(expectedRows(filed));
    expect(filed.rows[0].figures.c2).toBeGreaterThan(0);
    // The versions: 赵建国 signed on 12 April.
    const versions = office.locator('section.card:has(h2:has-text("报送版本")) tbody tr');
    expect(await versions.count()).toBe(1);
    expect(await versions.first().textContent()).toContain('赵建国');
    expect(await versions.first().textContent()).toContain('2023-04-12');
    // Who has not filed.
    const notFiled = office.locator('section.card:has(h2:has-text("未报送的公司"))');
    expect(await notFiled.locator('ul.inline-list li').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining(SXLY)]),
    );
    expect(await notFiled.textContent()).not.toContain(XCL);
  });

  it('17.2 the office prepares, checks and locks Q2 2023 of 中铝山西新材料 through the page; the Q2 list no longer names it', async () => {
    await choose(office, '2023-Q2');
    await run.shot(office, 'statutory-2023-Q2-none');
    const status = office.locator('section.card h2 .status').first();
    expect(await status.textContent()).toContain('未编制');
    expect(await office.locator('section.card:has(h2:has-text("未报送的公司"))').textContent()).toContain(
      XCL,
    );

    await submit(office, 'button:has-text("编制报表")');
    await run.shot(office, 'statutory-2023-Q2-prepared');
    expect(await office.textContent('main')).toContain('报表已编制');
    expect(await status.textContent()).toContain('编制中');
    // The analysis draft compares with Q1.
    expect(await office.inputValue('textarea[name=analysis]')).toContain('隐患现状及原因');

    await submit(office, 'button:has-text("审核")');
    await run.shot(office, 'statutory-2023-Q2-checked');
    expect(await office.textContent('main')).toContain('审核通过');

    await office.fill('input[name=principalName]', '赵建国');
    await office.fill('input[name=signedOn]', '2023-07-12');
    await office.fill('input[name=phone]', '0359-5261234');
    await run.shot(office, 'statutory-2023-Q2-lock-form');
    await submit(office, 'button:has-text("锁定报送")');
    await run.shot(office, 'statutory-2023-Q2-locked');
    expect(await office.textContent('main')).toContain('报表已锁定报送');
    expect(await status.textContent()).toContain('已锁定');
    expect(await status.textContent()).toContain('第 1 版');
    expect(await tableOnPage(office)).toEqual(expectedRows(await filedTable('2023-Q2')));
    const notFiled = office.locator('section.card:has(h2:has-text("未报送的公司"))');
    expect(await notFiled.textContent()).not.toContain(XCL);
    expect(await notFiled.textContent()).toContain(SXLY);
  });

  it('17.2 打印（PDF） gives the filed Q2 table as a PDF with its title, period and signature', async () => {
    const href = (await office.locator('a:has-text("打印（PDF）")').getAttribute('href'))!;
    expect(href).toContain('period=2023-Q2');
    const res = await office.request.get(href);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('application/pdf');
    const pdf = await res.body();
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // Kept beside the screenshots, to look at (pdftoppm -png -r 60).
    writeFileSync(path.join(SCREENSHOT_ROOT, 'statutory', 'statutory-2023-Q2.pdf'), pdf);
    const text = (await pdfPages(pdf)).join('\n');
    for (const words of [
      '生产安全事故隐患排查治理情况统计表',
      XCL,
      '2023年第二季度',
      '单位负责人：赵建国',
      '填报日期：2023-07-12',
      '已锁定报送 第 1 版',
    ])
      expect(text).toContain(words);
  });

  it('17.2 on a 390 px phone the page is no wider than the screen (the table scrolls in its box) and every submit button is in reach', async () => {
    await office.setViewportSize({ width: 390, height: 844 });
    await office.goto(`/statistics/statutory?unitId=${xclId}&period=2023-Q1`);
    await run.shot(office, 'statutory-2023-Q1-390');
    await office.screenshot({
      path: path.join(SCREENSHOT_ROOT, 'statutory', 'statutory-390-first-screen.png'),
    });
    let widths = await widthsOf(office);
    expect(widths.over).toEqual([]);
    expect(widths.page).toBeLessThanOrEqual(390);
    // The wide table scrolls inside its own box, which stays within the screen.
    expect(widths.box!.scroll).toBeGreaterThan(widths.box!.client);
    expect(widths.box!.right).toBeLessThanOrEqual(390);
    await expectReachable(office, 'form.filters button[type=submit]', 390);
    await expectReachable(office, 'button:has-text("退回更正")', 390);

    // Q3 on the phone: each step's button is in reach, the lock form fits.
    await choose(office, '2023-Q3');
    await run.shot(office, 'statutory-2023-Q3-390');
    await expectReachable(office, 'button:has-text("编制报表")', 390);
    await submit(office, 'button:has-text("编制报表")');
    await run.shot(office, 'statutory-2023-Q3-prepared-390');
    await expectReachable(office, 'button:has-text("审核")', 390);
    await expectReachable(office, 'button:has-text("保存分析")', 390);
    widths = await widthsOf(office);
    expect(widths.over).toEqual([]);
    expect(widths.page).toBeLessThanOrEqual(390);
    await submit(office, 'button:has-text("审核")');
    await run.shot(office, 'statutory-2023-Q3-lock-form-390');
    await office.locator('form[action$="/lock"]').scrollIntoViewIfNeeded();
    await office.screenshot({ path: path.join(SCREENSHOT_ROOT, 'statutory', 'statutory-390-lock-form.png') });
    await expectReachable(office, 'button:has-text("锁定报送")', 390);
    widths = await widthsOf(office);
    expect(widths.over).toEqual([]);
    expect(widths.page).toBeLessThanOrEqual(390);
  });
});
