import type { Page } from 'playwright-core';
import { BrowserRun, startBrowserRun } from './support/browser';
import { DEMO_CAMPAIGN_WEEKS as DEMO_WEEKS } from '../support/demo-weekly';

const PHONE = { width: 390, height: 844 };
const CAMPAIGN = '“回头看”举一反三周报（每周四）';

/**
 * The report form's week picker on a 390 px phone (review, demo data, today's clock: the demo's campaign ran
 * 2023-02-13 to 2023-04-09). It offered every week from the campaign's start to today, and a week no campaign asks
 * for said 如需补报其他周次，请在上方选择周报要求和周次 — pointing at the campaign that had ended. 电解厂 never reported
 * 2023-W11: that week must stay reachable to be handed in late.
 */
describe('the weekly form’s week picker on a phone (demo data)', () => {
  let run: BrowserRun;
  let page: Page;

  beforeAll(async () => {
    run = await startBrowserRun('weekly-week-picker', { demo: true });
    page = await run.loginAs('jia.pengfei', 'Rectify2023');
    await page.setViewportSize(PHONE);
  });
  afterAll(() => run?.close());

  const weeksOffered = async () =>
    (
      await page
        .locator('select[name=week] option')
        .evaluateAll((os) => os.map((o) => o.getAttribute('value')!))
    ).filter(Boolean);
  const pageWidth = () => page.evaluate<number>('document.documentElement.scrollWidth');

  it('this week, with no campaign asking: says why in plain words and lists the week still owed', async () => {
    await page.goto('/weekly-reports/new');
    await run.shot(page, 'smelter-this-week');
    expect(await pageWidth()).toBeLessThanOrEqual(PHONE.width);
    const card = page.locator('#weekly-not-required');
    const text = (await card.textContent())!.replace(/\s+/g, ' ');
    expect(text).toMatch(/^ ?本周（\d{4}-W\d{2}，.*）没有要求本单位报送的举一反三周报，无需填报/);
    expect(text).toContain(`「${CAMPAIGN}」已于 2023-04-09 结束`);
    expect(text).not.toContain('请在上方选择周报要求');
    // Only the campaign's weeks, none chosen.
    expect(await weeksOffered()).toEqual(DEMO_WEEKS);
    expect(await page.inputValue('select[name=week]')).toBe('');
    // The week still owed, on the screen and tappable.
    const owed = card.locator('ul.weekly-unreported a');
    await expect(owed.allTextContents()).resolves.toEqual(['2023-W11（3月13日–3月19日）']);
    const box = (await owed.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height);
  });

  it('the owed week opens as a late report, and choosing the campaign alone opens it too', async () => {
    await Promise.all([page.waitForURL('**/weekly-reports/new?**'), page.click('ul.weekly-unreported a')]);
    await run.shot(page, 'smelter-owed-week');
    expect(await pageWidth()).toBeLessThanOrEqual(PHONE.width);
    expect(await page.inputValue('select[name=week]')).toBe('2023-W11');
    await expect(page.locator('select[name=week] option:checked').textContent()).resolves.toBe(
      '2023-W11（3月13日–3月19日）未报',
    );
    await expect(page.locator('p.notice.warn').textContent()).resolves.toContain('现在提交将记为迟报');
    await expect(page.locator('form.weekly-form').count()).resolves.toBe(1);

    await page.goto('/weekly-reports/new');
    await page.selectOption('select[name=obligationId]', {
      label: `${CAMPAIGN}（2023-02-13 起，2023-04-09 止，已结束）`,
    });
    await Promise.all([page.waitForURL('**/weekly-reports/new?**'), page.click('text=打开该周周报')]);
    await run.shot(page, 'smelter-campaign-chosen');
    expect(await page.inputValue('select[name=week]')).toBe('2023-W11');
    expect(await weeksOffered()).toEqual(DEMO_WEEKS);
  });
});
