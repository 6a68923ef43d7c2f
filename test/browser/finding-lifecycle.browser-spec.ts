import type { Page } from 'playwright-core';
import { BrowserRun, startBrowserRun, submit } from './support/browser';
import { fillEvidenceForm } from './support/evidence-form';
import { logPowerPlantFinding } from './support/log-finding';

const PW = 'Rectify2023';
/** A 1×1 PNG: evidence is checked by content, so it must be a real image. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

const flashText = (page: Page) => page.locator('.flash').textContent();
const statusText = (page: Page) => page.locator('h1 .status').textContent();

/**
 * One finding from logging to close-out, by the people who do each step in turn — the unit's safety officer,
 * the supervision group — through the pages only, with the refusals a user meets on the way.
 */
describe('a finding from logging to close-out, in the browser (demo data)', () => {
  let run: BrowserRun;
  let findingUrl: string;

  beforeAll(async () => {
    run = await startBrowserRun('finding-lifecycle', { demo: true });
  });
  afterAll(() => run?.close());

  it('the safety office logs a finding for 热电分厂 through 登记问题', async () => {
    const page = await run.loginAs('han.jingyi', PW);
    // Once a round is chosen, only its audited company's units may be chosen (the rule the service checks).
    await page.goto('/findings/new');
    const enabled = (name: string) =>
      page.locator('select[name=unitId] option', { hasText: name }).first().isEnabled();
    await expect(enabled('中铝山西铝业有限公司')).resolves.toBe(true);
    const round = page.locator('select[name=roundId] option', { hasText: '“回头看”（中铝山西新材料）' });
    await page.selectOption('select[name=unitId]', { label: '中铝山西铝业有限公司' });
    await page.selectOption('select[name=roundId]', (await round.first().getAttribute('value'))!);
    await expect(enabled('中铝山西铝业有限公司')).resolves.toBe(false);
    await expect(enabled('热电分厂')).resolves.toBe(true);
    // The unit chosen before, of the other company, is no longer chosen.
    await expect(page.locator('select[name=unitId]').inputValue()).resolves.toBe('');
    await run.shot(page, 'log-finding-units-of-round');
    findingUrl = await logPowerPlantFinding(run, page, {
      description: '热电分厂2号锅炉房东侧检修平台护栏缺失一段，高处作业无防护',
      location: '2号锅炉房东侧检修平台',
      responsiblePerson: '热电分厂锅炉工区主任',
    });
    expect(findingUrl).toMatch(/^\/findings\/\d+$/);
    await expect(statusText(page)).resolves.toBe('已交办');
    // The safety office does not rectify: no 五落实 form for them.
    await expect(page.locator('#plan').count()).resolves.toBe(0);
  });

  it('the unit safety officer sees it on 首页, is told what is wrong with the plan, then records plan, progress, evidence and summary', async () => {
    const page = await run.loginAs('wen.xiaofeng', PW);
    await expect(
      page.locator('section.card', { hasText: '本单位待整改的问题' }).textContent(),
    ).resolves.toContain('2号锅炉房东侧检修平台护栏缺失');
    await Promise.all([page.waitForEvent('load'), page.click('text=2号锅炉房东侧检修平台护栏缺失')]);
    expect(new URL(page.url()).pathname).toBe(findingUrl);
    await expect(statusText(page)).resolves.toBe('已交办');
    await run.shot(page, 'unit-officer-finding-assigned');

    // 五落实 with the funds written as a person might: refused, the message next to that field, the rest kept.
    const plan = page.locator('#plan form');
    await plan.locator('[name=measures]').fill('补装检修平台护栏并设置踢脚板，增设安全警示标识');
    await plan.locator('[name=fundsAmount]').fill('1.5万');
    await plan.locator('[name=fundsSource]').fill('安全生产费用');
    await plan.locator('[name=contingencyPlan]').fill('护栏补装前平台封闭，设专人监护，禁止无关人员上平台');
    await submit(page, '#plan button[type=submit]');
    await run.shot(page, 'plan-refused');
    expect(await page.locator('#plan label.has-error').textContent()).toContain('整改资金');
    expect(await page.locator('#plan .field-error').allTextContents()).toEqual(['整改资金须为整数元']);
    expect(await plan.locator('[name=measures]').inputValue()).toBe(
      '补装检修平台护栏并设置踢脚板，增设安全警示标识',
    );

    await plan.locator('[name=fundsAmount]').fill('8000');
    await submit(page, '#plan button[type=submit]');
    await run.shot(page, 'plan-recorded');
    await expect(flashText(page)).resolves.toBe('已保存“五落实”整改方案');
    await expect(statusText(page)).resolves.toBe('整改中');
    await expect(page.locator('#plan-view').textContent()).resolves.toContain('8,000 元（安全生产费用）');

    // 延期申请 with two faults, a new deadline not after the current one and a reason of one character: both named
    // at once, each under its field, the first of them focused; nothing requested.
    await page.click('#extension summary');
    await page.fill('#extension [name=requestedDeadline]', '2000-01-01');
    await page.fill('#extension [name=reason]', '延');
    await submit(page, '#extension button[type=submit]');
    await run.shot(page, 'extension-refused');
    expect(await page.locator('#extension label.has-error .field-error').allTextContents()).toEqual([
      expect.stringMatching(/^延期后的时限须晚于现时限 \d{4}-\d{2}-\d{2}$/),
      '理由至少 2 个字',
    ]);
    await expect(page.evaluate(`document.activeElement.getAttribute('name')`)).resolves.toBe(
      'requestedDeadline',
    );
    await expect(page.locator('#extensions').count()).resolves.toBe(0);

    // The summary too early, without a root cause and before any 整改后 photo: both named at once, each under its
    // field (the page said the root cause alone, and the missing photo only on the next submission), the first of
    // them focused; nothing handed in.
    await page.click('#summary summary');
    await page.fill('#summary [name=whatWasDone]', '护栏和踢脚板已补装，警示标识已设置');
    await submit(page, '#summary button[type=submit]');
    await run.shot(page, 'summary-refused');
    expect(await page.locator('#summary .has-error .field-error').allTextContents()).toEqual([
      '请填写问题原因分析',
      '尚无整改后照片或整改资料：请先在“上传证据”中上传（类别选“整改后”或“文件资料”）',
    ]);
    await expect(page.evaluate(`document.activeElement.getAttribute('name')`)).resolves.toBe('rootCause');
    await expect(statusText(page)).resolves.toBe('整改中');

    await page.click('#progress summary');
    await page.fill('#progress [name=note]', '护栏材料已到场，开始安装');
    await page.fill('#progress [name=percent]', '60');
    await submit(page, '#progress button[type=submit]');
    await run.shot(page, 'progress-recorded');
    await expect(page.locator('#progress-view').textContent()).resolves.toContain('60%');

    const upload = { name: '护栏补装后.png', mimeType: 'image/png', buffer: PNG };
    await fillEvidenceForm(page, 'AFTER', upload, '补装后的护栏');
    await submit(page, '#evidence button[type=submit]');
    await run.shot(page, 'evidence-uploaded');
    await expect(flashText(page)).resolves.toBe('证据已上传');
    const img = page.locator('#evidence-view img');
    await expect(img.count()).resolves.toBe(1);
    // The page loads the photo's thumbnail (a JPEG), the 原图 link the PNG as uploaded.
    const photo = await page.request.get((await img.getAttribute('src'))!);
    expect(photo.headers()['content-type']).toBe('image/jpeg');
    const original = await page.request.get(
      (await page.locator('#evidence-view a.original').getAttribute('href'))!,
    );
    expect(original.headers()['content-type']).toBe('image/png');

    // With the photo, the summary is handed in.
    await page.click('#summary summary');
    await page.fill('#summary [name=whatWasDone]', '护栏和踢脚板已补装，警示标识已设置');
    await page.fill('#summary [name=rootCause]', '检修后护栏未及时恢复，验收把关不严');
    await submit(page, '#summary button[type=submit]');
    await run.shot(page, 'summary-submitted');
    await expect(statusText(page)).resolves.toBe('待复查');
    // Nothing more for the unit to do but the 举一反三 records; no verification form for them.
    await expect(page.locator('#verification').count()).resolves.toBe(0);
  });

  it('a supervisor verifies it, is refused close-out while rules are unmet, and the unit and the group complete them', async () => {
    const sup = await run.loginAs('hou.xiaodong', PW);
    // 待我复查 shows the 20 nearest deadlines; the whole queue is one click away.
    const queue = sup.locator('section.card', { hasText: '待我复查' });
    const shown = await queue.textContent();
    if (!shown!.includes('护栏缺失')) {
      await Promise.all([sup.waitForEvent('load'), queue.locator('a', { hasText: '全部' }).click()]);
      await expect(sup.locator('main').textContent()).resolves.toContain('护栏缺失');
    }
    await sup.goto(findingUrl);
    await run.shot(sup, 'supervisor-pending-verification');
    await sup.check('#verification [value=PASS]');
    await sup.fill('#verification [name=notes]', '现场复查，护栏已补装牢固');
    // The verifier picks the evidence the PASS rests on: nothing is ticked in advance.
    await expect(sup.isChecked('#verification [name=evidenceIds]')).resolves.toBe(false);
    await sup.check('#verification [name=evidenceIds]');
    await submit(sup, '#verification button[type=submit]');
    await run.shot(sup, 'verified');
    await expect(statusText(sup)).resolves.toBe('复查通过');

    // Close-out now: refused, and the refusal names every unmet rule.
    await submit(sup, '#closeout button[type=submit]');
    await run.shot(sup, 'closeout-refused');
    const refusal = await sup.locator('#closeout .form-error').textContent();
    expect(refusal).toContain('不能销号');
    for (const rule of ['第2条', '第3条', '第4条', '第5条']) expect(refusal).toContain(rule);
    expect(refusal).not.toContain('第1条');

    await sup.click('#accountability summary');
    await sup.check('#accountability [value=ACTION]');
    await sup.fill('#accountability [name=personName]', '锅炉工区检修班长');
    await sup.selectOption('#accountability [name=action]', 'CRITICISM');
    await submit(sup, '#accountability button[type=submit]');
    await run.shot(sup, 'accountability-recorded');
    await expect(flashText(sup)).resolves.toBe('已记录责任追究');

    const unit = await run.loginAs('wen.xiaofeng', PW);
    await unit.goto(findingUrl);
    await run.shot(unit, 'unit-officer-verified');
    await unit.click('#sweep summary');
    // The units are a checkbox list (issue 18: no Ctrl-click multi-select on a phone).
    await unit.locator('#sweep').getByRole('checkbox', { name: '热电分厂', exact: true }).check();
    await unit.check('#sweep [value=NONE_FOUND]');
    await submit(unit, '#sweep button[type=submit]');
    await run.shot(unit, 'sweep-recorded');
    await expect(flashText(unit)).resolves.toBe('已记录举一反三排查');

    await unit.click('#mechanism summary');
    await unit.check('#mechanism [value=MECHANISM]');
    await unit.fill('#mechanism [name=title]', '检修平台护栏拆除与恢复验收制度');
    await unit.fill('#mechanism [name=documentNumber]', '热电安〔2026〕12号');
    await unit.fill('#mechanism [name=effectiveDate]', '2026-11-20');
    await submit(unit, '#mechanism button[type=submit]');
    await run.shot(unit, 'mechanism-recorded');

    await run.shot(unit, 'mechanism-recorded-gate');
    expect(await unit.locator('#gate li.met').count()).toBe(4);
    // Satisfaction (rule 5) and close-out are the supervision group's: the unit has no such forms (issue 16, 5).
    await expect(unit.locator('#satisfaction').count()).resolves.toBe(0);
    await expect(unit.locator('#closeout').count()).resolves.toBe(0);
  });

  it('the supervisor records the representatives’ satisfaction (issue 16, 5) and closes it; the close-out sheet prints; others see it read-only or not at all', async () => {
    const sup = await run.loginAs('hou.xiaodong', PW);
    await sup.goto(findingUrl);
    await sup.click('#satisfaction summary');
    await sup.fill('#satisfaction [name=representatives]', '锅炉工区职工代表张某、李某');
    await sup.fill('#satisfaction [name=method]', '督导组现场座谈');
    await sup.check('#satisfaction [value=true]');
    await submit(sup, '#satisfaction button[type=submit]');
    await run.shot(sup, 'ready-to-close');
    expect(await sup.locator('#gate li.met').count()).toBe(5);
    await submit(sup, '#closeout button[type=submit]');
    await run.shot(sup, 'closed');
    await expect(flashText(sup)).resolves.toBe('已销号');
    await expect(statusText(sup)).resolves.toBe('已销号');
    await expect(sup.locator('#gate').textContent()).resolves.toContain('销号时的核验结果');
    const history = await sup.locator('#history').textContent();
    for (const step of ['登记问题', '报送“五落实”整改方案', '上传证据', '提交整改总结', '复查通过', '销号'])
      expect(history).toContain(step);
    // The refused close-out earlier in this walk-through is in the history too, in words, not as its code.
    expect(history).toContain('销号被拒');
    expect(history).not.toMatch(/[A-Z]+_[A-Z_]+/);

    const pdf = await sup.request.get(`${findingUrl}/print`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).length).toBeGreaterThan(10_000);

    const viewer = await run.loginAs('tao.chengzhi', PW);
    await viewer.goto(findingUrl);
    await run.shot(viewer, 'viewer-read-only');
    await expect(viewer.locator('#actions').textContent()).resolves.toContain('当前没有需要您办理的事项');
    // A viewer posting a form anyway is refused like the API refuses them.
    const csrf = await viewer.locator('header form [name=_csrf]').inputValue();
    const post = await viewer.request.post(`${findingUrl}/closeout`, { form: { _csrf: csrf } });
    expect(post.status()).toBe(403);

    const other = await run.loginAs('chang.wentao', PW);
    const res = await other.goto(findingUrl);
    expect(res!.status()).toBe(404);
    await run.shot(other, 'other-unit-not-found');
    await expect(other.locator('h1').textContent()).resolves.toBe('找不到该页面或记录');
  });
});
