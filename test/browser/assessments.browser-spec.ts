import type { Page } from 'playwright-core';
import { BrowserRun, startBrowserRun, submit } from './support/browser';

const DEMO_PASSWORD = 'Rectify2023';
const TEXT = '热电分厂输煤栈桥积尘问题整改情况未按时报告，予以考核';
const TITLE = '关于热电分厂督察问题整改不及时的通报';
/** 热电分厂 and the units below it: all that its safety officer may see. */
const RDFC_SUBTREE = ['热电分厂', '电气工区', '配电运行班', '燃化工区', '电力工区'];

const textOf = async (page: Page, selector: string) =>
  ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();

describe('assessments and notices (demo data)', () => {
  let run: BrowserRun;
  let noticeId: number;
  beforeAll(async () => {
    run = await startBrowserRun('assessments', { demo: true });
  });
  afterAll(() => run?.close());

  it('lets the safety office list assessments and add one by hand', async () => {
    const page = await run.loginAs('han.jingyi', DEMO_PASSWORD);
    await Promise.all([page.waitForEvent('load'), page.click('header.top nav a[href="/assessments"]')]);
    await run.shot(page, 'assessments');
    await expect(page.locator('table.assessments tbody tr').count()).resolves.toBeGreaterThan(0);

    // Refused: neither points nor an amount — said next to the points.
    await page.click('#new-assessment summary');
    const unit = await page
      .locator('#new-assessment select[name=unitId] option', { hasText: '热电分厂' })
      .first()
      .getAttribute('value');
    await page.selectOption('#new-assessment select[name=unitId]', unit!);
    await page.selectOption('#new-assessment select[name=reason]', 'OTHER');
    await page.fill('#new-assessment input[name=personNames]', '温晓峰、傅永强');
    await page.fill('#new-assessment textarea[name=text]', TEXT);
    await submit(page, '#new-assessment button[type=submit]');
    await run.shot(page, 'assessment-refused');
    expect(await textOf(page, '#new-assessment .has-error .field-error')).toContain(
      '考核分和考核金额至少填一项',
    );
    await expect(page.inputValue('#new-assessment textarea[name=text]')).resolves.toBe(TEXT);

    await page.fill('#new-assessment input[name=points]', '2');
    await page.fill('#new-assessment input[name=amountYuan]', '500');
    await submit(page, '#new-assessment button[type=submit]');
    await run.shot(page, 'assessment-added');
    expect(await textOf(page, '.flash')).toContain('已记录考核');
    const row = page.locator('table.assessments tr', { hasText: TEXT });
    expect(await row.textContent()).toContain('温晓峰、傅永强');
    expect(await row.textContent()).toContain('手工');
  });

  it('lets the safety office draft, publish and print a notice', async () => {
    const page = await run.loginAs('han.jingyi', DEMO_PASSWORD);
    await page.goto('/notices');
    await run.shot(page, 'notices');
    await Promise.all([page.waitForEvent('load'), page.click('a[href="/notices/new"]')]);
    await run.shot(page, 'notice-form');
    await page.fill('#notice-form input[name=title]', TITLE);
    await page.fill('#notice-form input[name=documentNumber]', '安环〔2023〕9号');
    await page.fill(
      '#notice-form textarea[name=body]',
      '经督导组复查，热电分厂对督察问题整改情况未按时报告。\n根据公司督察问题整改考核办法，决定对热电分厂予以考核。',
    );
    await page.locator('#notice-form tr', { hasText: TEXT }).locator('input[type=checkbox]').check();
    await submit(page, '#notice-form button[type=submit]');
    await run.shot(page, 'notice-draft');
    expect(await textOf(page, '.flash')).toContain('通报草稿已保存（列入 1 条考核记录）');
    noticeId = Number(/\/notices\/(\d+)/.exec(page.url())![1]);
    expect(await textOf(page, 'h1')).toContain('草稿');
    expect(await textOf(page, 'main')).toContain('热电分厂');

    await submit(page, 'form[action$="/publish"] button[type=submit]');
    await run.shot(page, 'notice-published');
    expect(await textOf(page, '.flash')).toContain('通报已发布');
    expect(await textOf(page, 'h1')).toContain('已发布');

    const pdf = await page.request.get(`/notices/${noticeId}/print`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).length).toBeGreaterThan(5000);
  });

  it('shows a unit safety officer only their unit’s assessments, and no notice drafting', async () => {
    const page = await run.loginAs('wen.xiaofeng', DEMO_PASSWORD);
    await page.goto('/assessments');
    await run.shot(page, 'officer-assessments');
    const units = await page.locator('table.assessments tbody tr td:nth-child(2)').allTextContents();
    expect(units.length).toBeGreaterThan(0);
    for (const u of units) expect(RDFC_SUBTREE).toContain(u.trim());
    expect(await textOf(page, 'table.assessments')).toContain(TEXT);
    await expect(page.locator('#new-assessment').count()).resolves.toBe(0);
    await expect(page.locator('a[href="/notices/new"]').count()).resolves.toBe(0);

    await page.goto(`/notices/${noticeId}`);
    await run.shot(page, 'officer-notice');
    expect(await textOf(page, 'h1')).toContain(TITLE);
    await expect(page.locator('form[action$="/publish"]').count()).resolves.toBe(0);

    const refused = await page.goto('/notices/new');
    expect(refused!.status()).toBe(403);
    await run.shot(page, 'officer-notice-form-refused');
    expect(await textOf(page, 'main')).toContain('无权');
    const csrf = await page.locator('input[name=_csrf]').first().inputValue();
    const post = await page.request.post('/notices', {
      form: { _csrf: csrf, title: '越权通报', body: '不应保存', assessmentIds: '1' },
    });
    expect(post.status()).toBe(403);
  });
});
