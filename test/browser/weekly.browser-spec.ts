import { Clock } from '../../src/common/time/clock';
import type { Page } from 'playwright-core';
import { BrowserRun, startBrowserRun, submit } from './support/browser';

const DEMO_PASSWORD = 'Rectify2023';
const ROUND = '2023年1月集团第二督察组职业健康安全督察“回头看”（中铝山西新材料）';
const OBLIGATION = '“回头看”第二阶段举一反三周报（每周四）';
/** A 1×1 PNG: the photo of an on-the-spot fix. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * The Thursday 举一反三 report through the pages, on the demo data (whose weekly reports ran 2023-W07..W14): the
 * clock is pinned to Thursday 2023-04-20 10:00 in Beijing (2023-W16), the safety office starts a second-stage
 * obligation for the 新材料 safety look-back from that Monday, and 热电分厂 reports the week.
 */
describe('weekly 举一反三 reports (demo data, clock on Thursday 2023-04-20)', () => {
  let run: BrowserRun;
  let clock: Clock;
  let reportUrl = '';
  let office: Page;
  let officer: Page;
  let reporter: Page;
  let smelter: Page;

  beforeAll(async () => {
    run = await startBrowserRun('weekly', { demo: true });
    clock = run.t.app.get(Clock);
    // Log in first: a session cookie expiring in 2023 would be dropped by the browser at once.
    office = await run.loginAs('han.jingyi', DEMO_PASSWORD);
    officer = await run.loginAs('wen.xiaofeng', DEMO_PASSWORD);
    reporter = await run.loginAs('shi.xiaolong', DEMO_PASSWORD);
    smelter = await run.loginAs('jia.pengfei', DEMO_PASSWORD);
    clock.pinForTesting(new Date('2023-04-20T02:00:00Z'));
  });

  const home = async (page: Page, label: string) => {
    await page.goto('/');
    await run.shot(page, label);
    return page;
  };
  afterAll(() => run?.close());

  /** Fills what an item fixed on the spot needs: what was done, why, and a photo of the fix. */
  const fixedOnTheSpot = async (
    page: Page,
    i: number,
    fix: { measures: string; rootCause: string; photo: string },
  ) => {
    await page.fill(`textarea[name="items.${i}.measures"]`, fix.measures);
    await page.fill(`textarea[name="items.${i}.rootCause"]`, fix.rootCause);
    await page.setInputFiles(`input[name="items.${i}.evidence"]`, {
      name: fix.photo,
      mimeType: 'image/png',
      buffer: PNG,
    });
  };

  it('lets the safety office start this week’s reporting obligation from the page', async () => {
    const page = await home(office, 'office-home');
    await page.click('header.top nav >> text=举一反三周报');
    await page.waitForURL('**/weekly-reports');
    await run.shot(page, 'office-weekly-index');
    // The demo campaign's obligation (2023-02-13..04-09) is listed.
    await expect(page.locator('#weekly-obligations').textContent()).resolves.toContain(
      '“回头看”举一反三周报（每周四）',
    );

    await page.click('details.action > summary');
    await page.fill('input[name=name]', OBLIGATION);
    await page.selectOption('select[name=roundId]', { label: ROUND });
    await page.fill('input[name=startDate]', '2023-04-17');
    await page.fill('input[name=dueTime]', '25:00');
    await submit(page, 'details.action button[type=submit]');
    await run.shot(page, 'office-obligation-refused');
    // Refused: the deadline time is not a time; the message is next to the field and what was typed is kept.
    const dueField = page.locator('label.has-error', { has: page.locator('input[name=dueTime]') });
    await expect(dueField.locator('.field-error').textContent()).resolves.toContain('须为 HH:MM');
    await expect(page.inputValue('input[name=name]')).resolves.toBe(OBLIGATION);

    await page.fill('input[name=dueTime]', '24:00');
    await submit(page, 'details.action button[type=submit]');
    expect(new URL(page.url()).pathname).toBe('/weekly-reports');
    await expect(page.locator('.flash').textContent()).resolves.toContain(`已设定周报要求「${OBLIGATION}」`);
    const row = page.locator('#weekly-obligations tr', { hasText: OBLIGATION });
    await expect(row.textContent()).resolves.toContain('热电分厂');
    await expect(row.textContent()).resolves.toContain('2023-04-17 至 轮次关闭');
    await run.shot(page, 'office-obligation-created');
  });

  it('shows 热电分厂’s officer the week and its Thursday deadline, refuses a bad row, then takes the report', async () => {
    const page = await home(officer, 'officer-home');
    const card = page.locator('section.weekly-card');
    const cardText = (await card.textContent()) ?? '';
    expect(cardText).toContain('本周举一反三周报');
    expect(cardText).toContain('2023-W16');
    expect(cardText).toContain('2023-04-20（周四）24:00');
    expect(cardText).toContain('待报');
    expect(cardText).toContain('热电分厂');

    await Promise.all([
      page.waitForURL('**/weekly-reports/new?**'),
      card.locator('text=填写本周周报').click(),
    ]);
    await run.shot(page, 'officer-form');
    await expect(page.locator('dl.facts').textContent()).resolves.toContain('2023-04-20（周四）24:00');
    expect(await page.inputValue('select[name=week]')).toBe('2023-W16');
    await expect(page.locator('fieldset.weekly-item').count()).resolves.toBe(3);

    await page.check('input[name=noneFound][value=false]');
    await page.fill('textarea[name="items.0.description"]', '燃化工区2号皮带廊积尘较厚，未及时清扫');
    await page.fill('input[name="items.0.location"]', '燃化工区2号皮带廊');
    await page.selectOption('select[name="items.0.level"]', 'GENERAL');
    await page.selectOption('select[name="items.0.category"]', 'UNSAFE_CONDITION');
    // What prompted the sweep: one of the look-back's findings the unit can see.
    await page.selectOption('select[name="items.0.promptedByFindingId"]', { index: 1 });
    // Not fixed on the spot, and no deadline: refused, with the message next to 整改时限.
    await submit(page, 'form.weekly-form button[type=submit]');
    await expect(page.locator('.form-error').textContent()).resolves.toContain('输入有误');
    const deadline = page.locator('label.has-error', { has: page.locator('input[name="items.0.deadline"]') });
    await expect(deadline.locator('.field-error').textContent()).resolves.toContain(
      '整改时限须填写（日期 YYYY-MM-DD）',
    );
    await expect(page.inputValue('textarea[name="items.0.description"]')).resolves.toContain('皮带廊积尘');
    await run.shot(page, 'officer-form-refused');

    await page.fill('input[name="items.0.deadline"]', '2023-05-10');
    await submit(page, 'form.weekly-form button[type=submit]');
    expect(new URL(page.url()).pathname).toMatch(/^\/weekly-reports\/\d+$/);
    reportUrl = new URL(page.url()).pathname;
    await expect(page.locator('.flash').textContent()).resolves.toContain(
      '2023-W16 举一反三周报已提交（第 1 版）',
    );
    await expect(page.locator('h1').textContent()).resolves.toContain('按时');
    const version = page.locator('section.weekly-version').first();
    await expect(version.textContent()).resolves.toContain('燃化工区2号皮带廊积尘较厚');
    // The item became a 单位自查 finding of the unit, linked from the report.
    const findingLink = version.locator('tbody tr td:nth-child(8) a');
    await expect(findingLink.getAttribute('href')).resolves.toMatch(/^\/findings\/\d+$/);
    await expect(version.locator('tbody tr td:nth-child(8)').textContent()).resolves.toContain('已交办');
    await expect(version.locator('tbody tr td:nth-child(7)').textContent()).resolves.toMatch(
      /XCL-2023-(AQ|HB)-\d{4}/,
    );
    await run.shot(page, 'officer-report-v1');

    // A correction before the deadline: the kept item stays, one more is added, both versions are kept.
    await Promise.all([page.waitForURL('**/weekly-reports/new?**'), page.click('text=更正周报')]);
    await run.shot(page, 'officer-correction-form');
    await expect(page.locator('p.notice').textContent()).resolves.toContain('提交后生成第 2 版');
    await expect(page.inputValue('textarea[name="items.0.description"]')).resolves.toContain('皮带廊积尘');
    await page.fill('textarea[name="items.1.description"]', '电气工区配电室抽屉开关发热');
    await page.fill('input[name="items.1.location"]', '电气工区1号配电室');
    await page.selectOption('select[name="items.1.level"]', 'GENERAL');
    await page.selectOption('select[name="items.1.category"]', 'UNSAFE_CONDITION');
    await page.check('input[name="items.1.fixedOnTheSpot"]');
    // Fixed on the spot (issue 16, 12): without what was done, why, and a photo of the fix it is refused.
    await submit(page, 'form.weekly-form button[type=submit]');
    await run.shot(page, 'officer-correction-spot-refused');
    for (const field of ['measures', 'rootCause', 'evidence']) {
      const label = page.locator('label.has-error', {
        has: page.locator(`[name="items.1.${field}"]`),
      });
      await expect(label.locator('.field-error').count()).resolves.toBeGreaterThan(0);
    }
    await fixedOnTheSpot(page, 1, {
      measures: '当场紧固接线端子，测温正常',
      rootCause: '接线端子松动，巡检未测温；已将红外测温列入周检',
      photo: '紧固后测温.png',
    });
    await submit(page, 'form.weekly-form button[type=submit]');
    expect(new URL(page.url()).pathname).toBe(reportUrl);
    await expect(page.locator('.flash').textContent()).resolves.toContain('（第 2 版）');
    await expect(page.locator('section.weekly-version h2').allTextContents()).resolves.toEqual([
      expect.stringContaining('第 2 版'),
      expect.stringContaining('第 1 版'),
    ]);
    await expect(page.locator('section.weekly-version').first().textContent()).resolves.toContain(
      '已现场整改',
    );
    // The item fixed on the spot awaits the supervision group's verification, not the unit's rectification.
    await expect(
      page
        .locator('section.weekly-version')
        .first()
        .locator('tbody tr')
        .nth(1)
        .locator('td:nth-child(8)')
        .textContent(),
    ).resolves.toContain('待复查');
    await run.shot(page, 'officer-report-v2');

    // History: the week is listed for the unit, on time, with its version.
    await page.goto('/weekly-reports');
    await run.shot(page, 'officer-history');
    const row = page.locator('table.weekly-history tbody tr', { hasText: '2023-W16' });
    await expect(row.textContent()).resolves.toContain('热电分厂');
    await expect(row.textContent()).resolves.toContain('按时');
    await expect(row.textContent()).resolves.toContain('第 2 版');
    await expect(row.locator('a').first().getAttribute('href')).resolves.toBe(reportUrl);

    await page.goto('/');
    await run.shot(page, 'officer-home-after');
    const after = (await page.locator('section.weekly-card').textContent()) ?? '';
    expect(after).toContain('按时');
    expect(after).toContain('更正周报');
  });

  it('shows the safety office 热电分厂 as reported in the matrix and prints the week’s summary', async () => {
    const page = await home(office, 'office-home-after');
    const card = page.locator('section.weekly-card');
    await expect(card.textContent()).resolves.toContain('本周举一反三周报报送情况');
    await expect(card.locator('.cell-ON_TIME').textContent()).resolves.toContain('已报 1');

    await Promise.all([
      page.waitForURL('**/weekly-reports/compliance**'),
      card.locator('text=报送情况矩阵').click(),
    ]);
    await run.shot(page, 'office-matrix');
    const headers = await page.locator('table.weekly-matrix thead th').allTextContents();
    expect(headers.some((h) => h.includes('2023-W09'))).toBe(true);
    expect(headers.some((h) => h.includes('2023-W16'))).toBe(true);
    const power = page.locator('table.weekly-matrix tbody tr', { hasText: '热电分厂' });
    await expect(power.locator('td[data-week="2023-W16"]').textContent()).resolves.toContain('按时');
    await expect(power.locator('td[data-week="2023-W15"]').textContent()).resolves.toContain('不需报');
    // Another unit of the company has not reported yet: pending until Thursday night.
    const smelter = page.locator('table.weekly-matrix tbody tr', { hasText: '电解厂' });
    await expect(smelter.locator('td[data-week="2023-W16"]').textContent()).resolves.toContain('待报');
    await expect(page.locator('.weekly-legend').textContent()).resolves.toContain('无同类问题');

    await Promise.all([
      page.waitForURL('**/weekly-reports/summary**'),
      page.click('table.weekly-matrix thead a:has-text("2023-W16")'),
    ]);
    await run.shot(page, 'office-summary');
    const powerRow = page.locator('section.card tbody tr', { hasText: '热电分厂' }).first();
    await expect(powerRow.textContent()).resolves.toContain('按时');
    await expect(page.locator('body').textContent()).resolves.toContain('燃化工区2号皮带廊积尘较厚');
    const pdfHref = await page.locator('a:has-text("打印周报汇总")').getAttribute('href');
    await expect(page.locator('a:has-text("打印周报汇总")').getAttribute('target')).resolves.toBe('_blank');
    const pdf = await page.request.get(pdfHref!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    const body = await pdf.body();
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    expect(body.length).toBeGreaterThan(5000);

    // The report form is the units' own: the safety office gets 403, as from the API.
    const form = await page.goto('/weekly-reports/new');
    expect(form?.status()).toBe(403);
    await run.shot(page, 'office-form-forbidden');
  });

  it('keeps weekly reports from a REPORTER (403) and 热电分厂’s report from another unit (404)', async () => {
    await home(reporter, 'reporter-home');
    await expect(reporter.locator('header.top nav').textContent()).resolves.not.toContain('举一反三周报');
    await expect(reporter.locator('section.weekly-card').count()).resolves.toBe(0);
    const refused = await reporter.goto('/weekly-reports');
    expect(refused?.status()).toBe(403);
    await expect(reporter.locator('h1').textContent()).resolves.toContain('无权访问');
    await run.shot(reporter, 'reporter-forbidden');

    const other = await home(smelter, 'smelter-home');
    await expect(other.locator('section.weekly-card').textContent()).resolves.toContain('电解厂');
    await other.goto('/weekly-reports');
    await run.shot(other, 'smelter-history');
    await expect(other.locator('table.weekly-history').textContent()).resolves.not.toContain('热电分厂');
    const hidden = await other.goto(reportUrl);
    expect(hidden?.status()).toBe(404);
    await run.shot(other, 'smelter-not-found');
  });

  it('refuses a correction sent after Thursday’s deadline, and then locks the report', async () => {
    // The officer opens the correction on Thursday night and sends it after midnight.
    clock.pinForTesting(new Date('2023-04-20T15:50:00Z')); // Thursday 23:50 in Beijing
    const page = await home(officer, 'officer-home-thursday-night');
    await Promise.all([
      page.waitForURL('**/weekly-reports/new?**'),
      page.locator('section.weekly-card').locator('text=更正周报').click(),
    ]);
    await run.shot(page, 'officer-correction-before-midnight');
    await page.fill('textarea[name="items.2.description"]', '燃化工区卸煤沟盖板缺失');
    await page.fill('input[name="items.2.location"]', '燃化工区卸煤沟');
    await page.selectOption('select[name="items.2.level"]', 'GENERAL');
    await page.selectOption('select[name="items.2.category"]', 'UNSAFE_CONDITION');
    await page.check('input[name="items.2.fixedOnTheSpot"]');
    await fixedOnTheSpot(page, 2, {
      measures: '当场补齐盖板',
      rootCause: '盖板被移走后未复位',
      photo: '盖板.png',
    });
    clock.pinForTesting(new Date('2023-04-20T16:05:00Z')); // Friday 00:05 in Beijing
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.click('form.weekly-form button[type=submit]'),
    ]);
    await page.waitForLoadState('load');
    expect(answer.status()).toBe(409);
    await run.shot(page, 'officer-correction-refused-after-deadline');
    await expect(page.locator('.form-error').textContent()).resolves.toContain('已过截止时间，不能再更正');

    clock.pinForTesting(new Date('2023-04-21T02:00:00Z')); // Friday 10:00 in Beijing
    const card =
      (await (await home(officer, 'officer-home-friday')).locator('section.weekly-card').textContent()) ?? '';
    expect(card).toContain('2023-W16');
    expect(card).not.toContain('更正周报');
    await page.goto('/weekly-reports/new?week=2023-W16');
    await run.shot(page, 'officer-locked');
    await expect(page.locator('section.card.warn').textContent()).resolves.toContain('不能再更正');
    await expect(page.locator('form.weekly-form').count()).resolves.toBe(0);
    await page.goto(reportUrl);
    await run.shot(page, 'officer-report-locked');
    await expect(page.locator('section.weekly-version h2').count()).resolves.toBe(2);
    await expect(page.locator('.toolbar').textContent()).resolves.not.toContain('更正周报');
  });
});
