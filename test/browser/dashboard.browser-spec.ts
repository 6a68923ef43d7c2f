import type { Page } from 'playwright-core';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { BrowserRun, SCREENSHOT_ROOT, startBrowserRun } from './support/browser';

const DEMO_PASSWORD = 'Rectify2023';
/** The demo's whole history: the 2022 audits and the January 2023 look-back. */
const PERIOD = 'period=custom&from=2022-01-01&to=2023-12-31';

/** The list's total as its heading shows it. */
const listCount = async (page: Page) => Number((await page.locator('h1 .count').textContent())?.trim());

/** A leader opens the dashboard (驾驶舱) on the demo data, follows a figure and a bar to the list, on a PC and a phone. */
describe('dashboard 驾驶舱 (issue 17 part 1, demo data)', () => {
  let run: BrowserRun;
  let leader: Page;

  beforeAll(async () => {
    run = await startBrowserRun('dashboard', { demo: true });
    leader = await run.loginAs('qin.guodong', DEMO_PASSWORD);
  });
  afterAll(() => run?.close());

  it('17.1 the nav leads a leader to the dashboard; the 超期 figure opens the list with the same count', async () => {
    await leader.click('header.top nav >> text=驾驶舱');
    await leader.waitForURL('**/dashboard');
    await run.shot(leader, 'dashboard-this-month-1366');
    await leader.goto(`/dashboard?${PERIOD}`);
    await run.shot(leader, 'dashboard-1366');
    const figure = leader.locator('[data-figure=overdue] .dash-value a');
    const overdue = Number(await figure.textContent());
    expect(overdue).toBeGreaterThan(0);
    await Promise.all([leader.waitForURL('**/findings?**'), figure.click()]);
    await run.shot(leader, 'list-from-overdue-figure');
    expect(await listCount(leader)).toBe(overdue);
  });

  it('17.1 clicking a bar of 超期（按二级单位） lands on that unit’s overdue findings, as many as the bar says', async () => {
    await leader.goto(`/dashboard?${PERIOD}`);
    await run.shot(leader, 'dashboard-before-bar-click');
    const chart = leader.locator('[data-chart=overdueByUnit]');
    const first = chart.locator('tbody tr').first();
    const unitName = (await first.locator('td').first().textContent())!.trim();
    const value = Number(await first.locator('td.num').textContent());
    expect(value).toBeGreaterThan(0);
    // The longest bar is the first row (sorted); in the SVG the bars are links in the chart's drawing order.
    const bars = chart.locator('svg a.chart-link');
    const n = await bars.count();
    const hrefs = await Promise.all([...Array(n).keys()].map((i) => bars.nth(i).getAttribute('href')));
    const firstHref = await first.locator('td.num a').getAttribute('href');
    const index = hrefs.indexOf(firstHref);
    expect(index).toBeGreaterThanOrEqual(0);
    await Promise.all([leader.waitForURL('**/findings?**'), bars.nth(index).locator('path').click()]);
    await run.shot(leader, 'list-from-bar');
    expect(await listCount(leader)).toBe(value);
    expect(await leader.locator('select[name=unitId] option:checked').textContent()).toContain(unitName);
  });

  it('17.1 is readable on a 390 px phone: nothing wider than the screen', async () => {
    await leader.setViewportSize({ width: 390, height: 844 });
    await leader.goto(`/dashboard?${PERIOD}`);
    await run.shot(leader, 'dashboard-390');
    // The first screen as the phone shows it (the full page is in the shot above).
    await leader.screenshot({
      path: path.join(SCREENSHOT_ROOT, 'dashboard', 'dashboard-390-first-screen.png'),
    });
    await leader.locator('[data-chart=overdueByUnit]').scrollIntoViewIfNeeded();
    await leader.screenshot({ path: path.join(SCREENSHOT_ROOT, 'dashboard', 'dashboard-390-chart.png') });
    // Run in the page (a string: this file is compiled without the DOM's types).
    const widths = (await leader.evaluate(`(() => ({
      page: document.documentElement.scrollWidth,
      screen: window.innerWidth,
      widest: Math.max(...[...document.querySelectorAll('.dash-svg svg')].map((s) => s.getBoundingClientRect().right)),
      over: [...document.querySelectorAll('body *:not(svg *)')]
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
        .slice(0, 8)
        .map((e) => e.outerHTML.slice(0, 60) + ' ' + Math.round(e.getBoundingClientRect().right)),
    }))()`)) as { page: number; screen: number; widest: number; over: string[] };
    // What sticks out is named in the failure message.
    expect(widths.over).toEqual([]);
    expect(widths.page).toBeLessThanOrEqual(widths.screen);
    expect(widths.widest).toBeLessThanOrEqual(widths.screen);
  });

  it('17.1 prints the overview as a PDF', async () => {
    const res = await leader.request.get(`/dashboard/print?${PERIOD}`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('application/pdf');
    const pdf = await res.body();
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // Kept beside the screenshots, to look at (pdftoppm -png -r 60).
    writeFileSync(path.join(SCREENSHOT_ROOT, 'dashboard', 'overview.pdf'), pdf);
  });
});
