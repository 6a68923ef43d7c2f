import type { Page } from 'playwright-core';
import { BrowserRun, startBrowserRun, submit } from './support/browser';

const DEMO_PASSWORD = 'Rectify2023';
/** A 1×1 PNG: the photo the reporter adds. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const LOCATION = '石灰工区3号石灰炉炉顶平台';
const DESCRIPTION = '炉顶平台东侧护栏锈蚀断开约两米，巡检人员有坠落风险';

/** Text of a page element, with runs of white space made single. */
const textOf = async (page: Page, selector: string) =>
  ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();

describe('hazard reports and bounties (demo data)', () => {
  let run: BrowserRun;
  let reportId: number;
  let bountyId: number;
  beforeAll(async () => {
    run = await startBrowserRun('hazards', { demo: true });
  });
  afterAll(() => run?.close());

  it('lets a reporter report a hazard with a hidden identity, and see it in 我的举报', async () => {
    const page = await run.loginAs('shi.xiaolong', DEMO_PASSWORD);
    await Promise.all([page.waitForEvent('load'), page.click('a[href="/hazard-reports/new"]')]);
    await run.shot(page, 'report-form');

    // Refused: no unit chosen — said next to the unit field, and what was typed is kept.
    await page.fill('input[name=location]', LOCATION);
    await page.fill('textarea[name=description]', DESCRIPTION);
    await page.check('input[name=hideIdentity]');
    await page.click('#report-form button[type=submit]');
    await page.locator('.has-error .field-error').waitFor();
    await run.shot(page, 'report-refused-no-unit');
    expect(await textOf(page, '.has-error .field-error')).toContain('请选择隐患所在单位');
    await expect(page.inputValue('input[name=location]')).resolves.toBe(LOCATION);
    await expect(page.isChecked('input[name=hideIdentity]')).resolves.toBe(true);

    // The unit is typed (issue 18: suggestions instead of a 50-option list).
    await page.fill('input[name=hazardUnit]', '石灰工区');
    await page.click('#report-form button[type=submit]');
    await page.waitForURL(/\/hazard-reports\/\d+$/, { waitUntil: 'commit' });
    await page.locator('.flash').waitFor();
    await run.shot(page, 'report-submitted');
    expect(await textOf(page, '.flash')).toContain('举报已提交');
    reportId = Number(/\/hazard-reports\/(\d+)/.exec(page.url())![1]);
    expect(await textOf(page, 'h1')).toContain('待核查');

    // A photo, added before triage.
    await page.setInputFiles('input[name=file]', { name: '护栏.png', mimeType: 'image/png', buffer: PNG });
    await submit(page, '#photos button[type=submit]');
    await run.shot(page, 'photo-added');
    expect(await textOf(page, '.flash')).toContain('已上传');
    // The page shows the photo's thumbnail (a JPEG made on upload); 原图 is the PNG as uploaded.
    const img = await page.locator('#photos img').first().getAttribute('src');
    expect(img).toMatch(/size=thumb/);
    const thumb = await page.request.get(img!);
    expect(thumb.headers()['content-type']).toBe('image/jpeg');
    const original = await page.locator('#photos a.original').first().getAttribute('href');
    const photo = await page.request.get(original!);
    expect(photo.headers()['content-type']).toBe('image/png');
    expect(Buffer.compare(await photo.body(), PNG)).toBe(0);

    // A file that is no photo is refused at the form's address, without the session's form token (?_csrf=…) left
    // in the address bar; a reload of that address leads back to the report's photos.
    await page.setInputFiles('input[name=file]', {
      name: '不是照片.png',
      mimeType: 'image/png',
      buffer: Buffer.from('这不是一张照片'),
    });
    await submit(page, '#photos button[type=submit]');
    await run.shot(page, 'photo-refused');
    await expect(page.locator('[data-refused]').count()).resolves.toBe(1);
    await page.waitForURL((u) => !u.search.includes('_csrf'));
    expect(new URL(page.url()).pathname).toBe(`/hazard-reports/${reportId}/photos`);
    await page.reload();
    await run.shot(page, 'photo-form-reloaded');
    expect(page.url()).toMatch(new RegExp(`/hazard-reports/${reportId}#photos$`));
    expect(await textOf(page, 'h1')).toContain('待核查');

    await page.goto('/hazard-reports');
    await run.shot(page, 'my-reports');
    expect(await textOf(page, 'h1')).toContain('我的举报');
    const row = `#report-${reportId}`;
    expect(await textOf(page, row)).toContain(LOCATION);
    expect(await textOf(page, row)).toContain('待核查');

    // Reporters do not read the bounty ledger.
    const ledger = await page.goto('/bounties');
    expect(ledger!.status()).toBe(403);
    await run.shot(page, 'reporter-no-ledger');
  });

  it('lets the safety office triage it as valid and propose the bounty of its level', async () => {
    const page = await run.loginAs('han.jingyi', DEMO_PASSWORD);
    const card = page.locator('section.card', { hasText: '待核查的举报' });
    expect(await card.textContent()).toContain(LOCATION);
    await Promise.all([
      page.waitForEvent('load'),
      card.locator(`a[href="/hazard-reports/${reportId}"]`).click(),
    ]);
    await run.shot(page, 'office-report');
    // A bounty handler sees who reported, even though the reporter asked to be hidden.
    expect(await textOf(page, 'dl.facts')).toContain('施小龙');
    expect(await textOf(page, 'dl.facts')).toContain('举报人要求隐藏身份');

    await page.click('summary:has-text("核查有效")');
    await page.selectOption('select[name=level]', 'SERIOUS');
    await page.selectOption('select[name=category]', 'UNSAFE_CONDITION');
    await page.fill('input[name=responsiblePerson]', '石灰工区主任');
    await submit(page, 'form:has(input[name=result][value=VALID]) button[type=submit]');
    await run.shot(page, 'triaged-valid');
    expect(await textOf(page, '.flash')).toContain('已核查为有效举报');
    expect(await textOf(page, 'h1')).toContain('核查有效');
    const findingHref = await page.locator('a.finding-link').getAttribute('href');
    expect(findingHref).toMatch(/^\/findings\/\d+$/);

    // Refused: 499 yuan is below the band — said next to the amount.
    await page.fill('input[name=amountYuan]', '499');
    await submit(page, '#bounty button[type=submit]');
    await run.shot(page, 'bounty-refused-499');
    expect(await textOf(page, '#bounty .has-error .field-error')).toContain('500–2000');
    await expect(page.inputValue('input[name=amountYuan]')).resolves.toBe('499');

    await page.fill('input[name=amountYuan]', '1000');
    await submit(page, '#bounty button[type=submit]');
    await run.shot(page, 'bounty-proposed');
    expect(await textOf(page, '.flash')).toContain('已提出奖励 1000 元');
    expect(await textOf(page, 'dd.bounty')).toContain('待审批');

    // The proposer cannot approve: no button in the ledger, and the form's URL refuses.
    await page.goto('/bounties?status=PROPOSED');
    await run.shot(page, 'office-ledger-proposed');
    const row = page.locator('tr', { has: page.locator(`a[href="/hazard-reports/${reportId}"]`) });
    bountyId = Number((await row.getAttribute('id'))!.replace('bounty-', ''));
    await expect(row.locator('button:has-text("批准")').count()).resolves.toBe(0);
    const csrf = await page.locator('input[name=_csrf]').first().inputValue();
    const refused = await page.request.post(`/bounties/${bountyId}/decision`, {
      form: { _csrf: csrf, approve: 'true' },
    });
    expect(refused.status()).toBe(403);
  });

  it('shows the bounty to a supervision-group leader on 首页, who approves it', async () => {
    const page = await run.loginAs('qin.guodong', DEMO_PASSWORD);
    const card = page.locator('section.card', { hasText: '待我审批的举报奖励' });
    expect(await card.textContent()).toContain('1000 元');
    await Promise.all([page.waitForEvent('load'), card.locator(`a[href$="#bounty-${bountyId}"]`).click()]);
    await run.shot(page, 'leader-ledger');
    const row = `#bounty-${bountyId}`;
    expect(await textOf(page, `${row} td.reporter`)).toContain('施小龙');
    await page.fill(`${row} textarea[name=note]`, '同意按较大隐患标准奖励');
    await submit(page, `${row} button[value=true]`);
    await run.shot(page, 'leader-approved');
    expect(await textOf(page, '.flash')).toContain('已批准奖励 1000 元');
    // Back on the list of bounties awaiting approval, where it no longer is.
    await expect(page.locator(row).count()).resolves.toBe(0);
    await page.goto('/bounties');
    await run.shot(page, 'leader-ledger-all');
    expect(await textOf(page, row)).toContain('已审批、待发放');
    expect(await textOf(page, row)).toContain('秦国栋');
  });

  it('lets the safety office record the payment, and the reporter sees it paid', async () => {
    const office = await run.loginAs('han.jingyi', DEMO_PASSWORD);
    const card = office.locator('section.card', { hasText: '待发放的奖励' });
    await Promise.all([office.waitForEvent('load'), card.locator(`a[href$="#bounty-${bountyId}"]`).click()]);
    await run.shot(office, 'office-to-pay');
    const row = `#bounty-${bountyId}`;
    await office.click(`${row} summary:has-text("记录发放")`);
    await office.fill(`${row} input[name=paymentRef]`, '财务凭证 2023-HZ-001');
    await submit(office, `${row} button:has-text("确认已发放")`);
    await run.shot(office, 'office-paid');
    expect(await textOf(office, '.flash')).toContain('已记录发放');

    const reporter = await run.loginAs('shi.xiaolong', DEMO_PASSWORD);
    await reporter.goto('/hazard-reports');
    await run.shot(reporter, 'reporter-sees-paid');
    expect(await textOf(reporter, `#report-${reportId}`)).toContain('已发放 1000 元');
  });

  it('shows a viewer the ledger with the hidden reporter masked, exported and printed', async () => {
    const page = await run.loginAs('tao.chengzhi', DEMO_PASSWORD);
    await page.goto('/bounties');
    await run.shot(page, 'viewer-ledger');
    const row = page.locator(`#bounty-${bountyId}`);
    expect(await row.locator('td.reporter').textContent()).toContain('匿名举报人');
    expect(await row.textContent()).not.toContain('施小龙');
    await expect(page.locator('button:has-text("批准"), summary:has-text("记录发放")').count()).resolves.toBe(
      0,
    );

    // The list of reports masks the hidden reporter too.
    await page.goto('/hazard-reports');
    await run.shot(page, 'viewer-reports');
    expect(await textOf(page, `#report-${reportId}`)).toContain('匿名举报人');
    expect(await textOf(page, `#report-${reportId}`)).not.toContain('施小龙');

    const pdf = await page.request.get('/bounties/print?year=' + new Date().getFullYear());
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).length).toBeGreaterThan(5000);
    const xlsx = await page.request.get('/bounties/export');
    expect(xlsx.headers()['content-type']).toContain('spreadsheetml');
    expect((await xlsx.body()).length).toBeGreaterThan(3000);
  });
});
