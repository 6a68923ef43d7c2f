import { Clock } from '../src/common/time/clock';
import {
  COMPLETE_PLAN,
  MAJOR_GOVERNANCE,
  SUMMARY,
  buildRound,
  uploadPhoto,
} from './support/findings-fixture';
import { buildOrg, OrgFixture, TEST_PASSWORD } from './support/org-fixture';
import { webSession } from './support/web-session';
import { startTestApp, TestApp } from './support/test-app';

describe('Findings: lifecycle, roles, scope, deadlines', () => {
  let t: TestApp;
  let org: OrgFixture;
  let fx: Awaited<ReturnType<typeof buildRound>>;
  let clock: Clock;

  beforeAll(async () => {
    t = await startTestApp();
    clock = t.app.get(Clock);
    clock.pinForTesting(new Date('2023-02-14T02:00:00Z'));
    org = await buildOrg(t);
    fx = await buildRound(t, org);
  });
  afterAll(() => t.close());

  const as = (token: string) => ({
    get: (url: string) => t.http().get(url).set(org.auth(token)),
    post: (url: string, body: object = {}) => t.http().post(url).set(org.auth(token)).send(body),
  });
  const office = () => as(org.tokens.SAFETY_OFFICE);
  const officer = () => as(org.tokens.UNIT_OFFICER);
  const head = () => as(org.tokens.UNIT_HEAD);

  it('logs a finding with a human-readable code, assigned to the unit', async () => {
    const f = await fx.logFinding();
    expect(f.code).toBe('A-2023-AQ-0001');
    expect(f.status).toBe('ASSIGNED');
    const detail = await officer().get(`/api/v1/findings/${f.id}`).expect(200);
    expect(detail.body).toMatchObject({
      unitName: '热电分厂',
      statusLabel: '已交办',
      levelLabel: '一般',
      overdue: false,
    });
  });

  it('lets only the safety office log a finding', async () => {
    const res = await officer().post('/api/v1/findings', { roundId: fx.roundId }).expect(403);
    expect(res.body.code).toBe('FORBIDDEN');
  });

  it('walks ASSIGNED → RECTIFYING → PENDING_VERIFICATION with the unit’s roles, and refuses the wrong roles', async () => {
    const f = await fx.logFinding();
    await office().post(`/api/v1/findings/${f.id}/plan`, COMPLETE_PLAN).expect(403);
    const plan = await officer().post(`/api/v1/findings/${f.id}/plan`, COMPLETE_PLAN).expect(200);
    expect(plan.body).toMatchObject({ findingStatus: 'RECTIFYING', awaitingConfirmation: false });
    await officer()
      .post(`/api/v1/findings/${f.id}/progress`, { note: '已清扫一半', percent: 50 })
      .expect(201);
    await uploadPhoto(t, org, f.id); // the after photo a summary needs (issue 16, 4)
    await as(org.tokens.SUPERVISOR).post(`/api/v1/findings/${f.id}/summary`, SUMMARY).expect(403);
    const sum = await head().post(`/api/v1/findings/${f.id}/summary`, SUMMARY).expect(200);
    expect(sum.body).toMatchObject({ findingStatus: 'PENDING_VERIFICATION', summary: { late: false } });
    const detail = await office().get(`/api/v1/findings/${f.id}`).expect(200);
    expect(detail.body.plan).toMatchObject({
      measures: COMPLETE_PLAN.measures,
      fundsAmount: 12000,
      revision: 1,
    });
    expect(detail.body.progress).toHaveLength(1);
    const history = await office().get(`/api/v1/audit-log?entityType=Finding&entityId=${f.id}`).expect(200);
    expect(history.body.items.map((e: { action: string }) => e.action)).toEqual([
      'SUMMARY_SUBMITTED',
      'EVIDENCE_ADDED',
      'PROGRESS_RECORDED',
      'PLAN_RECORDED',
      'FINDING_CREATED',
    ]);
  });

  it('refuses a plan that lacks 五落实 elements, naming each one, and changes nothing', async () => {
    const f = await fx.logFinding();
    const res = await officer()
      .post(`/api/v1/findings/${f.id}/plan`, { measures: '清扫', fundsAmount: 0 })
      .expect(400);
    expect(res.body.code).toBe('PLAN_INCOMPLETE');
    for (const element of ['整改责任', '整改资金', '整改时限', '整改预案'])
      expect(res.body.message).toContain(element);
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'contingencyPlan',
      'deadline',
      'fundsZeroReason',
      'responsiblePerson',
    ]);
    const after = await officer().get(`/api/v1/findings/${f.id}`).expect(200);
    expect(after.body.status).toBe('ASSIGNED');
    expect(after.body.plan).toBeNull();
  });

  it('answers an invalid transition with 409 naming the current and requested state', async () => {
    const f = await fx.logFinding();
    const res = await officer().post(`/api/v1/findings/${f.id}/summary`, SUMMARY).expect(409);
    expect(res.body).toMatchObject({
      code: 'FINDING_INVALID_TRANSITION',
      details: { current: 'ASSIGNED', requested: 'PENDING_VERIFICATION' },
    });
    expect(res.body.message).toContain('ASSIGNED');
  });

  it('cancels with a reason (safety office only); the code stays taken and is never reused', async () => {
    const f = await fx.logFinding();
    await officer().post(`/api/v1/findings/${f.id}/cancel`, { reason: '重复' }).expect(403);
    const res = await office()
      .post(`/api/v1/findings/${f.id}/cancel`, { reason: '与已登记问题重复' })
      .expect(200);
    expect(res.body).toMatchObject({ status: 'CANCELLED', cancelReason: '与已登记问题重复' });
    await office().post(`/api/v1/findings/${f.id}/cancel`, { reason: '再次作废' }).expect(409);
    const next = await fx.logFinding();
    expect(next.code > f.code).toBe(true);
    await expect(t.db.query(`DELETE FROM findings WHERE id = $1`, [f.id])).rejects.toThrow(/not allowed/);
  });

  it('needs interim controls, the stop-production decision and the head’s confirmation for a MAJOR hazard', async () => {
    const noLeader = await office()
      .post('/api/v1/findings', { roundId: fx.roundId, level: 'MAJOR' })
      .expect(400);
    expect(noLeader.body.details.map((d: { field: string }) => d.field)).toContain('responsibleLeader');
    const f = await fx.logFinding({
      level: 'MAJOR',
      description: '燃气调压站阀门井内积水，燃气泄漏报警仪失效',
      responsibleLeader: '分管生产副总经理',
    });
    const incomplete = await officer().post(`/api/v1/findings/${f.id}/plan`, COMPLETE_PLAN).expect(400);
    expect(incomplete.body.message).toContain('临时管控措施');
    expect(incomplete.body.message).toContain('停产停工决定');
    const plan = {
      ...COMPLETE_PLAN,
      ...MAJOR_GOVERNANCE,
      interimControls: '设置警戒区，每2小时巡检一次，配便携式检测仪',
      stopProduction: true,
      stopProductionScope: '调压站检修期间停止供气',
    };
    const recorded = await officer().post(`/api/v1/findings/${f.id}/plan`, plan).expect(200);
    expect(recorded.body).toMatchObject({ findingStatus: 'ASSIGNED', awaitingConfirmation: true });
    // The unit head finds it waiting on them: on 首页 and in the list filtered by it (a plain ASSIGNED finding and
    // a GENERAL one with a plan are not in it).
    await fx.logFinding({ level: 'MAJOR', responsibleLeader: '分管生产副总经理' });
    const awaiting = async (value: boolean) =>
      (
        await head()
          .get(`/api/v1/findings?planAwaitingConfirmation=${value}&roundId=${fx.roundId}`)
          .expect(200)
      ).body.items.map((x: { id: number }) => x.id);
    expect(await awaiting(true)).toEqual([f.id]);
    expect(await awaiting(false)).not.toContain(f.id);
    const { cookie } = await webSession(t, 'unithead', TEST_PASSWORD, '/');
    const home = await t.http().get('/').set('Cookie', cookie).expect(200);
    const card =
      /<h2>待我确认的重大隐患整改方案 <span class="count">(\d+)<\/span><\/h2>([\s\S]*?)<\/section>/.exec(
        home.text,
      );
    expect(card?.[1]).toBe('1');
    expect(card?.[2]).toContain(f.code);
    await officer().post(`/api/v1/findings/${f.id}/plan/confirm`).expect(403);
    const confirmed = await head().post(`/api/v1/findings/${f.id}/plan/confirm`).expect(200);
    expect(confirmed.body.findingStatus).toBe('RECTIFYING');
    expect(await awaiting(true)).toEqual([]);
    expect(await awaiting(false)).toContain(f.id);
    // A unit officer has nothing to confirm: no such card.
    const officerHome = await webSession(t, 'unitofficer', TEST_PASSWORD, '/');
    expect((await t.http().get('/').set('Cookie', officerHome.cookie).expect(200)).text).not.toContain(
      '待我确认的重大隐患整改方案',
    );
  });

  it('keeps other units out: 404 for reading and for changing another unit’s finding', async () => {
    const f = await fx.logFinding();
    const other = as(org.tokens.otherUnitOfficer);
    expect((await other.get(`/api/v1/findings/${f.id}`).expect(404)).body.code).toBe('NOT_FOUND');
    await other.post(`/api/v1/findings/${f.id}/plan`, COMPLETE_PLAN).expect(404);
    await other.post(`/api/v1/findings/${f.id}/progress`, { note: 'x' }).expect(404);
    const list = await other.get(`/api/v1/findings?roundId=${fx.roundId}`).expect(200);
    expect(list.body).toEqual({ items: [], total: 0 });
    await other.get(`/api/v1/findings/${f.id}/evidence/1`).expect(404);
  });

  it('lets exactly one of two racing transitions win; the other gets 409', async () => {
    const f = await fx.logFinding();
    await officer().post(`/api/v1/findings/${f.id}/plan`, COMPLETE_PLAN).expect(200);
    await uploadPhoto(t, org, f.id);
    const [a, b] = await Promise.all([
      officer().post(`/api/v1/findings/${f.id}/summary`, SUMMARY),
      head().post(`/api/v1/findings/${f.id}/summary`, SUMMARY),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM rectification_summaries WHERE finding_id = $1`,
      [f.id],
    );
    expect(n).toBe(1);
    const events = await t.db.query(
      `SELECT count(*)::int AS n FROM change_events WHERE entity_id = $1 AND action = 'SUMMARY_SUBMITTED'`,
      [String(f.id)],
    );
    expect(events[0].n).toBe(1);
  });

  it('of two people revising the same plan at once, the second is told it changed (409), not silently replaced', async () => {
    const f = await fx.logFinding();
    const plans = async () =>
      (await t.db.query(`SELECT revision, funds_amount FROM rectification_plans WHERE finding_id = $1`, [
        f.id,
      ])) as {
        revision: number;
      }[];
    // Both read the finding before it had a plan.
    const [a, b] = await Promise.all([
      officer().post(`/api/v1/findings/${f.id}/plan`, {
        ...COMPLETE_PLAN,
        fundsAmount: 1000,
        basedOnRevision: 0,
      }),
      head().post(`/api/v1/findings/${f.id}/plan`, {
        ...COMPLETE_PLAN,
        fundsAmount: 5000,
        basedOnRevision: 0,
      }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect((a.status === 409 ? a : b).body).toMatchObject({
      code: 'VERSION_CONFLICT',
      details: { currentVersion: 1, yourVersion: 0 },
    });
    expect((await plans()).length).toBe(1);
    // Revising what one read goes through; the page's form always says what it revises.
    await head()
      .post(`/api/v1/findings/${f.id}/plan`, { ...COMPLETE_PLAN, basedOnRevision: 1 })
      .expect(200);
    expect((await plans()).length).toBe(2);
    const { cookie } = await webSession(t, 'unithead', TEST_PASSWORD, `/findings/${f.id}`);
    const page = await t.http().get(`/findings/${f.id}`).set('Cookie', cookie).expect(200);
    expect(page.text).toContain('name="basedOnRevision" value="2"');
  });

  it('turns overdue exactly at midnight Asia/Shanghai after the deadline, with the server clock in UTC', async () => {
    const f = await fx.logFinding({ deadline: '2023-03-31', description: '配电室电气抽屉开关发热' });
    const overdueCodes = async () =>
      (
        await office().get(`/api/v1/findings?roundId=${fx.roundId}&overdue=true&limit=200`).expect(200)
      ).body.items.map((x: { code: string }) => x.code);
    clock.pinForTesting(new Date('2023-03-31T15:59:59.999Z')); // 23:59:59.999 on 31 March in Shanghai
    expect(await overdueCodes()).not.toContain(f.code);
    expect((await office().get(`/api/v1/findings/${f.id}`)).body.overdue).toBe(false);
    clock.pinForTesting(new Date('2023-03-31T16:00:00.000Z')); // 00:00 on 1 April in Shanghai
    expect(await overdueCodes()).toContain(f.code);
    expect((await office().get(`/api/v1/findings/${f.id}`)).body.overdue).toBe(true);
    const stats = await office().get(`/api/v1/rounds/${fx.roundId}/statistics`).expect(200);
    expect(stats.body.overdue).toBeGreaterThanOrEqual(1);
    // A summary after the deadline is accepted and recorded as late.
    await officer()
      .post(`/api/v1/findings/${f.id}/plan`, { ...COMPLETE_PLAN, deadline: '2023-03-31' })
      .expect(200);
    await uploadPhoto(t, org, f.id);
    const late = await officer().post(`/api/v1/findings/${f.id}/summary`, SUMMARY).expect(200);
    expect(late.body.summary.late).toBe(true);
    clock.pinForTesting(new Date('2023-02-14T02:00:00Z'));
  });

  it('extends a deadline on request: approved by the safety office, or a leader for MAJOR; history kept', async () => {
    const f = await fx.logFinding();
    await officer()
      .post(`/api/v1/findings/${f.id}/extensions`, { requestedDeadline: '2023-03-01', reason: '提前' })
      .expect(400);
    const ext = await officer()
      .post(`/api/v1/findings/${f.id}/extensions`, {
        requestedDeadline: '2023-04-30',
        reason: '喷淋设备到货延迟',
      })
      .expect(201);
    await officer()
      .post(`/api/v1/findings/${f.id}/extensions`, { requestedDeadline: '2023-05-30', reason: '再延' })
      .expect(409);
    await as(org.tokens.SUPERVISION_LEADER)
      .post(`/api/v1/findings/${f.id}/extensions/${ext.body.id}/decision`, { approve: true })
      .expect(403);
    await office()
      .post(`/api/v1/findings/${f.id}/extensions/${ext.body.id}/decision`, { approve: true, note: '同意' })
      .expect(200);
    await office()
      .post(`/api/v1/findings/${f.id}/extensions/${ext.body.id}/decision`, { approve: true })
      .expect(409);
    const detail = await office().get(`/api/v1/findings/${f.id}`).expect(200);
    expect(detail.body.deadline).toBe('2023-04-30');
    expect(detail.body.extensions).toEqual([
      expect.objectContaining({
        previousDeadline: '2023-03-31',
        requestedDeadline: '2023-04-30',
        status: 'APPROVED',
      }),
    ]);

    const major = await fx.logFinding({ level: 'MAJOR', responsibleLeader: '分管副总' });
    const mext = await officer()
      .post(`/api/v1/findings/${major.id}/extensions`, {
        requestedDeadline: '2023-04-15',
        reason: '停产窗口',
      })
      .expect(201);
    await office()
      .post(`/api/v1/findings/${major.id}/extensions/${mext.body.id}/decision`, { approve: true })
      .expect(403);
    await as(org.tokens.SUPERVISION_LEADER)
      .post(`/api/v1/findings/${major.id}/extensions/${mext.body.id}/decision`, {
        approve: false,
        note: '不同意',
      })
      .expect(200);
  });

  const fieldsOf = (res: { body: { details: { field: string }[] } }) => res.body.details.map((d) => d.field);

  it('names every field at fault of an extension request in one answer; a conflict comes first; nothing kept', async () => {
    const f = await fx.logFinding(); // deadline 2023-03-31
    // A requested deadline not after the current one (the service's check) and a reason too short (the DTO's): one
    // answer naming both, in the form's order — the deadline was heard of only once the reason was fixed.
    const both = await officer()
      .post(`/api/v1/findings/${f.id}/extensions`, { requestedDeadline: '2023-03-01', reason: '延' })
      .expect(400);
    expect(both.body.code).toBe('VALIDATION_FAILED');
    expect(fieldsOf(both)).toEqual(['requestedDeadline', 'reason']);
    expect(both.body.details[0].messages[0]).toContain('须晚于现时限 2023-03-31');
    expect((await officer().get(`/api/v1/findings/${f.id}`).expect(200)).body.extensions).toEqual([]);
    // A conflict with the finding's state still comes first, alone: a request already waiting.
    await officer()
      .post(`/api/v1/findings/${f.id}/extensions`, {
        requestedDeadline: '2023-04-30',
        reason: '设备到货延迟',
      })
      .expect(201);
    const pending = await officer()
      .post(`/api/v1/findings/${f.id}/extensions`, { requestedDeadline: '2023-03-01', reason: '延' })
      .expect(409);
    expect(pending.body.code).toBe('EXTENSION_PENDING');
  });

  it('says class-validator’s refusals in Chinese and English, the English default kept as the second half', async () => {
    const f = await fx.logFinding();
    // A body checked with the record (CheckedBody): an empty reason.
    const empty = await officer()
      .post(`/api/v1/findings/${f.id}/extensions`, { requestedDeadline: '2023-04-30', reason: '' })
      .expect(400);
    expect(empty.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: '输入有误，请按提示修改 / Validation failed',
      details: [
        {
          field: 'reason',
          messages: ['reason 至少 2 个字 / reason must be longer than or equal to 2 characters'],
        },
      ],
    });
    // A body refused by the global pipe: no text where text is due, evidence ids that are no whole numbers.
    const summary = await head()
      .post(`/api/v1/findings/${f.id}/summary`, { rootCause: '除尘器滤袋破损', evidenceIds: [1.5] })
      .expect(400);
    expect(summary.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: '输入有误，请按提示修改 / Validation failed',
      details: [
        { field: 'whatWasDone', messages: ['请填写 whatWasDone / whatWasDone must be a string'] },
        {
          field: 'evidenceIds',
          messages: ['evidenceIds 须为整数 / each value in evidenceIds must be an integer number'],
        },
      ],
    });
    expect((await officer().get(`/api/v1/findings/${f.id}`).expect(200)).body.extensions).toEqual([]);
  });

  it('names every field at fault of a 五落实 plan in one answer, the missing elements too; nothing kept', async () => {
    const f = await fx.logFinding();
    // Funds that are no whole yuan (the DTO's check), a deadline past the assigned one and no contingency plan (the
    // 五落实 rule): all three in the form's order — the rule was heard of only once the funds were fixed.
    const { contingencyPlan: _left, ...noContingency } = COMPLETE_PLAN;
    const plan = await officer()
      .post(`/api/v1/findings/${f.id}/plan`, { ...noContingency, fundsAmount: 1.5, deadline: '2023-04-30' })
      .expect(400);
    expect(plan.body.code).toBe('VALIDATION_FAILED');
    expect(fieldsOf(plan)).toEqual(['fundsAmount', 'deadline', 'contingencyPlan']);
    expect(plan.body.message).toContain('缺少：整改时限、整改预案');
    const after = (await officer().get(`/api/v1/findings/${f.id}`).expect(200)).body;
    expect([after.status, after.plan]).toEqual(['ASSIGNED', null]);
  });

  it('stores evidence with its SHA-256 and serves it to whoever may see the finding', async () => {
    const f = await fx.logFinding();
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    const up = await t
      .http()
      .post(`/api/v1/findings/${f.id}/evidence`)
      .set(org.auth(org.tokens.UNIT_OFFICER))
      .field('kind', 'AFTER')
      .field('caption', '清扫后')
      .attach('file', png, { filename: '整改后照片.png', contentType: 'image/png' })
      .expect(201);
    expect(up.body).toMatchObject({ fileName: '整改后照片.png', kind: 'AFTER', sizeBytes: png.length });
    expect(up.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    const down = await as(org.tokens.VIEWER)
      .get(`/api/v1/findings/${f.id}/evidence/${up.body.id}`)
      .buffer(true)
      .expect(200);
    expect(Buffer.compare(down.body as Buffer, png)).toBe(0);
    expect(down.headers['content-disposition']).toContain("filename*=UTF-8''%E6%95%B4%E6%94%B9");
    const fake = await t
      .http()
      .post(`/api/v1/findings/${f.id}/evidence`)
      .set(org.auth(org.tokens.UNIT_OFFICER))
      .field('kind', 'AFTER')
      .attach('file', Buffer.from('MZ executable'), { filename: 'photo.jpg', contentType: 'image/jpeg' })
      .expect(415);
    expect(fake.body.code).toBe('FILE_CONTENT_MISMATCH');
    await t
      .http()
      .post(`/api/v1/findings/${f.id}/evidence`)
      .set(org.auth(org.tokens.UNIT_OFFICER))
      .field('kind', 'AFTER')
      .attach('file', Buffer.from('#!/bin/sh'), { filename: 'run.sh' })
      .expect(415);
    // On-the-spot fix with that evidence: the five elements are not required.
    const spot = await officer()
      .post(`/api/v1/findings/${f.id}/plan`, {
        onTheSpot: true,
        measures: '当场清理积尘',
        onTheSpotEvidenceIds: [up.body.id],
      })
      .expect(200);
    expect(spot.body.findingStatus).toBe('RECTIFYING');
  });

  it('refuses to deactivate a unit that still has open findings', async () => {
    const unit = await as(org.tokens.ADMIN).get(`/api/v1/units/${org.units.powerElectric}`).expect(200);
    await fx.logFinding({ unitId: org.units.powerElectric, description: '电气工区配电柜接地线松动' });
    const res = await as(org.tokens.ADMIN)
      .post(`/api/v1/units/${org.units.powerElectric}/deactivate`, { version: unit.body.version })
      .expect(409);
    expect(res.body.code).toBe('UNIT_HAS_OPEN_WORK');
    expect(res.body.message).toContain('未销号');
  });

  it('filters, sorts and pages the list with totals', async () => {
    const res = await office()
      .get(`/api/v1/findings?roundId=${fx.roundId}&status=ASSIGNED,RECTIFYING&sort=code&order=desc&limit=2`)
      .expect(200);
    expect(res.body.items).toHaveLength(2);
    expect(res.body.total).toBeGreaterThan(2);
    expect(res.body.items[0].code > res.body.items[1].code).toBe(true);
    const text = await office()
      .get(`/api/v1/findings?q=${encodeURIComponent('抽屉开关')}`)
      .expect(200);
    expect(text.body.items.map((x: { description: string }) => x.description)).toEqual([
      '配电室电气抽屉开关发热',
    ]);
    const bad = await office().get('/api/v1/findings?status=DONE&limit=1000').expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['limit', 'status']);
    const sortedByUnit = await office()
      .get(`/api/v1/findings?roundId=${fx.roundId}&sort=unit&limit=5&offset=1`)
      .expect(200);
    expect(sortedByUnit.body.items).toHaveLength(5);
    const byUnit = await office()
      .get(`/api/v1/findings?unitId=${org.units.companyA}&level=MAJOR`)
      .expect(200);
    expect(byUnit.body.items.every((x: { level: string }) => x.level === 'MAJOR')).toBe(true);
  });
});
