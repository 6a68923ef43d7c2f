import { TEST_ADMIN_PASSWORD } from './support/app-boot';
import {
  buildRound,
  COMPLETE_PLAN,
  MAJOR_GOVERNANCE,
  SUMMARY,
  uploadPhoto,
} from './support/findings-fixture';
import { buildOrg, OrgFixture, TEST_PASSWORD } from './support/org-fixture';
import { startTestApp, TestApp } from './support/test-app';
import { webSession } from './support/web-session';

/**
 * A page's form checks what the API checks for the same record (a fuzz of all 56 form routes found one that did not):
 * what the API refuses, the form refuses too, at its field, and keeps nothing.
 */
describe('Web forms refuse what the API refuses', () => {
  let t: TestApp;
  let org: OrgFixture;

  beforeAll(async () => {
    t = await startTestApp();
    org = await buildOrg(t);
  });
  afterAll(() => t.close());

  it('登记问题: a form missing 隐患等级 and 问题类别 names the deadline before the found date in the same answer, not one round later', async () => {
    const fx = await buildRound(t, org);
    const { cookie, csrf } = await webSession(t, 'office', TEST_PASSWORD, '/findings/new');
    const register = (fields: Record<string, string>) =>
      t
        .http()
        .post('/findings')
        .set('Cookie', cookie)
        .type('form')
        .send({
          _csrf: csrf,
          roundId: String(fx.roundId),
          unitId: String(org.units.power),
          description: '燃气调压站泄漏报警仪失效',
          location: '燃气调压站',
          source: 'AUDIT_TEAM',
          foundDate: '2023-01-06',
          foundBy: '督察组',
          deadline: '2023-03-31',
          responsiblePerson: '燃化工区主任',
          ...fields,
        })
        .expect(400);
    const refused = await register({ deadline: '2023-01-01' });
    expect(refused.text).toContain('请选择隐患等级');
    expect(refused.text).toContain('请选择问题类别');
    expect(refused.text).toContain('整改时限不能早于发现日期');
    // A MAJOR one without its leader says so beside a missing category, too.
    const major = await register({ level: 'MAJOR' });
    expect(major.text).toContain('请选择问题类别');
    expect(major.text).toContain('重大隐患须指定责任领导');
    // Round and unit left unpicked are asked for as choices, not "须为整数" (must be an integer).
    const unpicked = await register({ roundId: '', unitId: '' });
    expect(unpicked.text).toContain('请选择督察轮次');
    expect(unpicked.text).toContain('请选择责任单位');
    expect(unpicked.text).not.toContain('须为整数');
  });

  it('五落实 of a 重大隐患: the form asks 停产 yes or no, and "no" is an answer the plan is saved with', async () => {
    const fx = await buildRound(t, org);
    const major = await fx.logFinding({
      level: 'MAJOR',
      responsibleLeader: '分管副总',
      description: '燃气调压站泄漏报警仪失效',
    });
    const { cookie, csrf } = await webSession(t, 'unithead', TEST_PASSWORD, `/findings/${major.id}`);
    const page = await t.http().get(`/findings/${major.id}`).set('Cookie', cookie).expect(200);
    expect(page.text).toContain('name="stopProduction" value="no"');
    const send = (fields: Record<string, string>) =>
      t
        .http()
        .post(`/findings/${major.id}/plan`)
        .set('Cookie', cookie)
        .type('form')
        .send({
          _csrf: csrf,
          ...Object.fromEntries(Object.entries(COMPLETE_PLAN).map(([k, v]) => [k, String(v)])),
          interimControls: '设警戒区，专人监护',
          ...MAJOR_GOVERNANCE,
          ...fields,
        });
    // No choice is still refused at the choice; "不停产" is saved (the form could only say "stop" before).
    const undecided = await send({}).expect(400);
    expect(undecided.text).toContain('重大隐患须明确是否停产停工');
    await send({ stopProduction: 'no' }).expect(303);
    const saved = await t
      .http()
      .get(`/api/v1/findings/${major.id}`)
      .set(org.auth(org.tokens.UNIT_HEAD))
      .expect(200);
    expect(saved.body.plan).toMatchObject({ stopProduction: false, interimControls: '设警戒区，专人监护' });
    const shown = await t.http().get(`/findings/${major.id}`).set('Cookie', cookie).expect(200);
    expect(shown.text).toContain('<dt>停产整改</dt><dd>不停产，落实管控措施后整改</dd>');
  });

  /**
   * A refused form's error lines on the finding page: [the field's name, its messages] in the page's order. A field
   * of choices (a fieldset marked has-error, its choices labels without messages) counts as one, named by its inputs.
   */
  const errorsAt = (html: string, form: string) => {
    const section = new RegExp(`<details class="action" id="${form}"[\\s\\S]*?</details>`).exec(html)![0];
    return [
      ...section.matchAll(
        /<fieldset class="[^"]*has-error[^"]*">([\s\S]*?)<\/fieldset>|<label[^>]*>([\s\S]*?)<\/label>/g,
      ),
    ]
      .map((m) => m[1] ?? m[2])
      .map((field) => [
        /name="(\w+)"/.exec(field)?.[1],
        [...field.matchAll(/<span class="field-error">([^<]*)<\/span>/g)].map((e) => e[1]),
      ])
      .filter(([, messages]) => messages!.length);
  };

  /** A finding of 热电分厂 due 2099-03-31, its page open for the unit head: a POST to one of its forms. */
  const unitHeadForms = async () => {
    const fx = await buildRound(t, org);
    const f = await fx.logFinding({ description: '煤气加压站围栏破损', deadline: '2099-03-31' });
    const { cookie, csrf } = await webSession(t, 'unithead', TEST_PASSWORD, `/findings/${f.id}`);
    const post = (form: string, fields: Record<string, string>) =>
      t
        .http()
        .post(`/findings/${f.id}/${form}`)
        .set('Cookie', cookie)
        .type('form')
        .send({ _csrf: csrf, ...fields });
    const stored = async () =>
      (await t.http().get(`/api/v1/findings/${f.id}`).set(org.auth(org.tokens.UNIT_HEAD)).expect(200)).body;
    return { fx, id: f.id, post, stored };
  };

  it('延期申请: a deadline not after the current one and a reason too short are named at once, each at its field', async () => {
    const { post, stored } = await unitHeadForms();
    // The new deadline (the service's check) and a reason of one character (the form's): the page said the one,
    // and the other only after the next submission.
    const refused = await post('extensions', { requestedDeadline: '2099-03-01', reason: '延' }).expect(400);
    expect(refused.text).toContain('data-refused');
    expect(errorsAt(refused.text, 'extension')).toEqual([
      ['requestedDeadline', ['延期后的时限须晚于现时限 2099-03-31']],
      ['reason', ['理由至少 2 个字']],
    ]);
    expect((await stored()).extensions).toEqual([]);
  });

  it('整改总结: an empty root cause, evidence of another finding and no after photo are named at once, each at its field', async () => {
    const { fx, id, post, stored } = await unitHeadForms();
    const head = org.auth(org.tokens.UNIT_HEAD);
    const summary = (fields: Record<string, string | string[]>) =>
      post('summary', { whatWasDone: '围栏已修复，警示标识已设置', rootCause: '巡检不到位', ...fields });
    // Before the plan, the finding's state refuses the summary first and alone (409), whatever the fields say.
    const early = await summary({ rootCause: '' }).expect(409);
    expect(early.text).not.toContain('请填写问题原因分析');

    await t.http().post(`/api/v1/findings/${id}/plan`).set(head).send(COMPLETE_PLAN).expect(200);
    const before = await uploadPhoto(t, org, id, org.tokens.UNIT_HEAD, 'BEFORE'); // shows the problem, not its fix
    const other = await fx.logFinding({ description: '煤气加压站照明不足' });
    const foreign = await uploadPhoto(t, org, other.id);
    // The page said the empty root cause alone; the foreign evidence, then the missing after photo, one submission
    // later each.
    const refused = await summary({ rootCause: '', evidenceIds: [String(before), String(foreign)] }).expect(
      400,
    );
    expect(refused.text).toContain('data-refused');
    expect(refused.text).toContain('输入有误，请按提示修改；提交整改总结前，请先上传整改后照片或整改资料');
    expect(errorsAt(refused.text, 'summary')).toEqual([
      ['rootCause', ['请填写问题原因分析']],
      [
        'evidenceIds',
        [
          '证据不存在或不属于本问题',
          '尚无整改后照片或整改资料：请先在“上传证据”中上传（类别选“整改后”或“文件资料”）',
        ],
      ],
    ]);
    expect(await stored()).toMatchObject({ status: 'RECTIFYING', summaries: [] });

    // A missing after photo alone keeps its answer (409 SUMMARY_EVIDENCE_MISSING), at its field.
    const alone = await summary({ evidenceIds: String(before) }).expect(409);
    expect(alone.text).toContain('提交整改总结前，请先上传整改后照片或整改资料（方案记录之后上传）');
    expect(errorsAt(alone.text, 'summary')).toEqual([
      ['evidenceIds', ['尚无整改后照片或整改资料：请先在“上传证据”中上传（类别选“整改后”或“文件资料”）']],
    ]);
    // With the after photo, a blank root cause and the foreign evidence are the faults left: both named.
    const after = await uploadPhoto(t, org, id, org.tokens.UNIT_HEAD);
    // The form ticks what shows the fix, not the 整改前 photo (it ticked every file).
    const { cookie } = await webSession(t, 'unithead', TEST_PASSWORD, `/findings/${id}`);
    const page = (await t.http().get(`/findings/${id}`).set('Cookie', cookie).expect(200)).text;
    const form = /<form[^>]*action="\/findings\/\d+\/summary"[\s\S]*?<\/form>/.exec(page)![0];
    const ticked = [...form.matchAll(/name="evidenceIds" value="(\d+)" checked/g)].map((m) => Number(m[1]));
    expect(ticked).toEqual([after]);
    const twice = await summary({ whatWasDone: '', evidenceIds: [String(after), String(foreign)] }).expect(
      400,
    );
    expect(errorsAt(twice.text, 'summary')).toEqual([
      ['whatWasDone', ['请填写整改完成情况']],
      ['evidenceIds', ['证据不存在或不属于本问题']],
    ]);
    expect(await stored()).toMatchObject({ status: 'RECTIFYING', summaries: [] });
    await summary({ evidenceIds: String(after) }).expect(303);
    expect(await stored()).toMatchObject({
      status: 'PENDING_VERIFICATION',
      summaries: [{ rootCause: '巡检不到位', evidenceIds: [after] }],
    });
  });

  it('五落实: funds that are no whole yuan and a missing contingency plan are named at once, each at its field', async () => {
    const { post, stored } = await unitHeadForms();
    const refused = await post('plan', {
      basedOnRevision: '0',
      ...Object.fromEntries(Object.entries(COMPLETE_PLAN).map(([k, v]) => [k, String(v)])),
      fundsAmount: '1.5万',
      contingencyPlan: '',
    }).expect(400);
    expect(errorsAt(refused.text, 'plan')).toEqual([
      ['fundsAmount', ['整改资金须为整数元']],
      ['contingencyPlan', ['整改预案：缺少应急预案']],
    ]);
    expect((await stored()).plan).toBeNull();
  });

  it('边检查边整改: the plan form saves an on-the-spot fix with its measures and an 整改后 photo; a 整改前 photo is not offered, nor taken', async () => {
    const { id, post, stored } = await unitHeadForms();
    const before = await uploadPhoto(t, org, id, org.tokens.UNIT_HEAD, 'BEFORE');
    const after = await uploadPhoto(t, org, id, org.tokens.UNIT_HEAD, 'AFTER');
    const { cookie } = await webSession(t, 'unithead', TEST_PASSWORD, `/findings/${id}`);
    const page = await t.http().get(`/findings/${id}`).set('Cookie', cookie).expect(200);
    const form = /<form[^>]*action="\/findings\/\d+\/plan"[\s\S]*?<\/form>/.exec(page.text)![0];
    const offered = [...form.matchAll(/name="onTheSpotEvidenceIds" value="(\d+)"/g)].map((m) => Number(m[1]));
    expect(offered).toEqual([after]);
    // Through the API, a 整改前 photo alone is refused at its field: it shows the problem, not the fix.
    const refused = await t
      .http()
      .post(`/api/v1/findings/${id}/plan`)
      .set(org.auth(org.tokens.UNIT_HEAD))
      .send({ onTheSpot: true, measures: '当场修复围栏', onTheSpotEvidenceIds: [before] })
      .expect(400);
    expect(refused.body.details).toEqual([
      { field: 'onTheSpotEvidenceIds', messages: [expect.stringContaining('整改前照片只说明问题')] },
    ]);
    // The page's on-the-spot fix: it dropped the measures it asks for, so every such plan was refused at them.
    await post('plan', {
      basedOnRevision: '0',
      measures: '当场修复围栏并加固立柱',
      onTheSpot: 'on',
      onTheSpotEvidenceIds: String(after),
    }).expect(303);
    expect(await stored()).toMatchObject({
      status: 'RECTIFYING',
      plan: { onTheSpot: true, measures: '当场修复围栏并加固立柱', onTheSpotEvidenceIds: [after] },
    });
  });

  it('复查: the form offers what shows the fix (not the 整改前 photo), none ticked, and a PASS without a pick is refused', async () => {
    const fx = await buildRound(t, org);
    const f = await fx.logFinding({ description: '锅炉平台护栏缺失' });
    const officer = org.auth(org.tokens.UNIT_OFFICER);
    await t.http().post(`/api/v1/findings/${f.id}/plan`).set(officer).send(COMPLETE_PLAN).expect(200);
    const before = await uploadPhoto(t, org, f.id, org.tokens.UNIT_OFFICER, 'BEFORE');
    const after = await uploadPhoto(t, org, f.id, org.tokens.UNIT_OFFICER, 'AFTER');
    await t.http().post(`/api/v1/findings/${f.id}/summary`).set(officer).send(SUMMARY).expect(200);
    const { cookie, csrf } = await webSession(t, 'supervisor', TEST_PASSWORD, `/findings/${f.id}`);
    const page = await t.http().get(`/findings/${f.id}`).set('Cookie', cookie).expect(200);
    const form = /<form[^>]*action="\/findings\/\d+\/verifications[\s\S]*?<\/form>/.exec(page.text)![0];
    const offered = [...form.matchAll(/name="evidenceIds" value="(\d+)"([^>]*)>/g)].map((m) => [
      Number(m[1]),
      m[2],
    ]);
    // It ticked both, the 整改前 photo included: a PASS "with evidence" (rule 1) without the verifier choosing any.
    expect(offered).toEqual([[after, '']]);
    expect(before).toBeGreaterThan(0);
    const pass = () =>
      t.http().post(`/findings/${f.id}/verifications`).set('Cookie', cookie).type('form').send({
        _csrf: csrf,
        result: 'PASS',
        verifiedOn: '2023-03-01',
        notes: '现场复查，护栏已补装',
      });
    const refused = await pass().expect(400);
    expect(refused.text).toContain('复查通过须至少附一份证据');
    // That answer stood at /findings/:id/verifications: opened again (a reload, a bookmark) it leads to the form.
    const again = await t.http().get(`/findings/${f.id}/verifications`).set('Cookie', cookie).expect(303);
    expect(again.headers.location).toBe(`/findings/${f.id}#verification`);
    await t.http().get(`/findings/${f.id}/nonsense`).set('Cookie', cookie).expect(404);
    await t.http().get(`/findings/${f.id}/constructor`).set('Cookie', cookie).expect(404);
    const sheet = await t.http().get(`/findings/${f.id}/print`).set('Cookie', cookie).expect(200);
    expect(sheet.headers['content-type']).toBe('application/pdf');
  });

  it('举一反三排查: with no similar finding linked 发现同类问题 cannot be picked and the page says how; the office links one by its code', async () => {
    const fx = await buildRound(t, org);
    const f = await fx.logFinding({ description: '煤仓除尘器检修平台栏杆锈蚀' });
    // A similar problem the company found in the unit's own 电气工区 (so the unit sees it once linked).
    const other = await fx.logFinding({
      description: '电气工区电缆沟盖板缺失',
      unitId: org.units.powerElectric,
      source: 'COMPANY_CHECK',
    });
    const sweepForm = (html: string) =>
      /<details class="action" id="sweep"[\s\S]*?<\/details>/.exec(html)![0];
    // The unit officer: the choice is there but disabled, with the way to a similar finding of its own.
    const unit = await webSession(t, 'unitofficer', TEST_PASSWORD, `/findings/${f.id}`);
    const unitPage = await t.http().get(`/findings/${f.id}`).set('Cookie', unit.cookie).expect(200);
    const unitSweep = sweepForm(unitPage.text);
    expect(unitSweep).toMatch(/value="SIMILAR_FOUND" disabled/);
    expect(unitSweep).toContain('本单位范围内尚无关联到本问题的同类问题，暂不能选“发现同类问题”');
    expect(unitSweep).toContain(`href="/weekly-reports/new?prompt=${f.id}"`);
    expect(unitSweep).toContain(`“对照的督察问题”选 ${f.code}`);
    // The office links the other unit's finding by its code, typed in lower case with 全角 dashes spaced out.
    const office = await webSession(t, 'office', TEST_PASSWORD, `/findings/${f.id}`);
    const officePage = await t.http().get(`/findings/${f.id}`).set('Cookie', office.cookie).expect(200);
    expect(sweepForm(officePage.text)).toContain(
      '本问题尚未关联同类问题，暂不能选“发现同类问题”。请先在上方“同类问题与复发”中关联',
    );
    expect(officePage.text).toContain('name="findingCodes"');
    const link = (findingCodes: string) =>
      t.http().post(`/findings/${f.id}/similar`).set('Cookie', office.cookie).type('form').send({
        _csrf: office.csrf,
        findingCodes,
      });
    const unknown = await link(`${other.code}, XCL-2099-AQ-9999`).expect(400);
    expect(unknown.text).toContain('找不到问题编号 XCL-2099-AQ-9999，请核对');
    expect(unknown.text).toContain(`value="${other.code}, XCL-2099-AQ-9999"`);
    const similarCodes = async () =>
      (
        (await t.http().get(`/api/v1/findings/${f.id}`).set(org.auth(org.tokens.SAFETY_OFFICE)).expect(200))
          .body as { similar: { code: string }[] }
      ).similar.map((x) => x.code);
    expect(await similarCodes()).toEqual([]);
    expect((await link(f.code).expect(400)).text).toContain('不能关联自身');
    // More codes than one form links are refused before any is looked up.
    const many = Array.from({ length: 51 }, (_, i) => `XCL-2099-AQ-${String(i).padStart(4, '0')}`).join(',');
    expect((await link(many).expect(400)).text).toContain('一次最多关联 50 个问题');
    const typed = other.code.toLowerCase().replace(/-/g, ' － ');
    const done = await link(typed).expect(303);
    expect(done.headers.location).toBe(`/findings/${f.id}#similar`);
    expect(await similarCodes()).toEqual([other.code]);
    // Now the unit's sweep may say it found one, and tick it.
    const after = await t.http().get(`/findings/${f.id}`).set('Cookie', unit.cookie).expect(200);
    const sweep = sweepForm(after.text);
    expect(sweep).not.toContain('暂不能选');
    expect(sweep).toContain(`name="similarFindingIds" value="${other.id}"`);
  });

  it('群机器人: a name over 100 characters and a unit written 0x10 are refused at their fields, nothing added', async () => {
    const { cookie, csrf } = await webSession(t, 'admin', TEST_ADMIN_PASSWORD, '/notifications/robots');
    const robots = async () =>
      (await t.http().get('/api/v1/notifications/webhooks').set(org.auth(org.tokens.ADMIN)).expect(200)).body;
    const before = await robots();
    const add = (fields: Record<string, string>) =>
      t
        .http()
        .post('/notifications/robots')
        .set('Cookie', cookie)
        .type('form')
        .send({
          _csrf: csrf,
          owner: `unit:${org.units.power}`,
          channel: 'WECOM',
          url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1',
          ...fields,
        });
    const long = await add({ name: '热'.repeat(101) }).expect(400);
    expect(long.text).toMatch(/名称[^<]*100/);
    const hex = await add({ name: '热电分厂安全群', owner: 'unit:0x10' }).expect(400);
    expect(hex.text).toContain('单位');
    expect(await robots()).toEqual(before);
    // The same form with good values adds the robot.
    await add({ name: '热电分厂安全群' }).expect(303);
    expect((await robots()).length).toBe(before.length + 1);
  });
});
