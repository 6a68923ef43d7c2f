import { Clock } from '../src/common/time/clock';
import {
  COMPLETE_PLAN,
  MAJOR_GOVERNANCE,
  SUMMARY,
  buildRound,
  uploadPhoto,
} from './support/findings-fixture';
import { buildOrg, OrgFixture, TEST_PASSWORD } from './support/org-fixture';
import { webLogin, webSession } from './support/web-session';
import { binary, pdfPages } from './support/pdf-text';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Issue 21, 挂牌督办: a MAJOR finding listed by the safety office, the notice served and signed, an extension asked
 * and decided, acceptance applied for and given on site, and 摘牌 once the finding is closed out — by the right users,
 * and each wrong step refused.
 */
describe('重大隐患挂牌督办 (issue 21)', () => {
  let t: TestApp;
  let org: OrgFixture;
  let fx: Awaited<ReturnType<typeof buildRound>>;
  const base = '/api/v1/major-hazard-supervision';

  const as = (token: string) => ({
    get: (url: string) => t.http().get(url).set(org.auth(token)),
    post: (url: string, body: object = {}) => t.http().post(url).set(org.auth(token)).send(body),
  });
  const office = () => as(org.tokens.SAFETY_OFFICE);
  const leader = () => as(org.tokens.SUPERVISION_LEADER);
  const supervisor = () => as(org.tokens.SUPERVISOR);
  const officer = () => as(org.tokens.UNIT_OFFICER);
  const head = () => as(org.tokens.UNIT_HEAD);
  const pin = (iso: string) => t.app.get(Clock).pinForTesting(new Date(iso));

  beforeAll(async () => {
    t = await startTestApp();
    pin('2023-03-01T02:00:00Z');
    org = await buildOrg(t);
    fx = await buildRound(t, org);
  });
  afterAll(() => t.close());

  const major = (description: string) =>
    fx.logFinding({ level: 'MAJOR', responsibleLeader: '分管副总经理', description, location: '燃气调压站' });
  const listing = (findingId: number, extra: object = {}) => ({
    findingId,
    level: 'COMPANY',
    supervisingUnit: '中铝山西新材料有限公司安全环保健康部',
    requirements: '立即设置警戒区，停用2号调压站，限期更换泄漏报警仪并组织验收',
    deadline: '2023-04-30',
    ...extra,
  });
  const detail = async (id: number, token = org.tokens.SAFETY_OFFICE) =>
    (await as(token).get(`${base}/listings/${id}`).expect(200)).body;

  /** Plan, after photo, summary, PASS, rules 2–5 and the 组长's close-out: the finding passes its gate. */
  async function closeOut(findingId: number) {
    await head()
      .post(`/api/v1/findings/${findingId}/plan`, {
        ...COMPLETE_PLAN,
        interimControls: '设警戒区，专人值守',
        stopProduction: false,
        ...MAJOR_GOVERNANCE,
      })
      .expect(200);
    await uploadPhoto(t, org, findingId);
    await officer().post(`/api/v1/findings/${findingId}/summary`, SUMMARY).expect(200);
    const evidenceIds = [await uploadPhoto(t, org, findingId, org.tokens.SUPERVISOR, 'REVIEW')];
    await supervisor()
      .post(`/api/v1/findings/${findingId}/verifications`, {
        result: 'PASS',
        verifiedOn: '2023-03-01',
        notes: '现场复查，整改到位',
        evidenceIds,
      })
      .expect(200);
    await office()
      .post(`/api/v1/findings/${findingId}/sweep`, {
        checkedUnitIds: [org.units.power],
        checkedBy: '安全环保健康部',
        result: 'NONE_FOUND',
        sweptOn: '2023-03-01',
      })
      .expect(201);
    await supervisor()
      .post(`/api/v1/findings/${findingId}/mechanisms`, {
        kind: 'EXISTING_SUFFICIENT',
        title: '现行制度已覆盖',
      })
      .expect(201);
    await supervisor()
      .post(`/api/v1/findings/${findingId}/accountability`, {
        kind: 'NO_FAULT',
        details: '设备老化所致，无人员过错',
        decidedBy: '督导组',
        decidedOn: '2023-03-01',
      })
      .expect(201);
    await supervisor()
      .post(`/api/v1/findings/${findingId}/satisfaction`, {
        representatives: '职工代表 李师傅',
        method: '现场座谈',
        confirmedOn: '2023-03-01',
        satisfied: true,
      })
      .expect(201);
    await leader().post(`/api/v1/findings/${findingId}/closeout`).expect(200);
  }

  it('walks a listing from 挂牌 to 摘牌 by the right users, refusing every wrong step', async () => {
    const f = await major('2号燃气调压站泄漏报警仪失效，未设置联锁切断');
    const general = await fx.logFinding({ description: '配电室门口灭火器过期未更换' });

    // Who may list, and what.
    expect((await supervisor().post(`${base}/listings`, listing(f.id)).expect(403)).body.code).toBe(
      'FORBIDDEN',
    );
    await officer().post(`${base}/listings`, listing(f.id)).expect(403);
    expect((await office().post(`${base}/listings`, listing(general.id)).expect(409)).body.code).toBe(
      'LISTING_NOT_MAJOR',
    );
    const past = await office()
      .post(`${base}/listings`, listing(f.id, { deadline: '2023-02-01' }))
      .expect(400);
    expect(past.body.details).toEqual([expect.objectContaining({ field: 'deadline' })]);
    const bad = await office().post(`${base}/listings`, { findingId: f.id, level: 'CITY' }).expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(['level', 'supervisingUnit', 'requirements', 'deadline']),
    );

    const listed = (
      await office()
        .post(`${base}/listings`, listing(f.id, { publicNotice: true }))
        .expect(201)
    ).body;
    expect(listed).toMatchObject({ status: 'LISTED', docNumber: '重大隐患督〔2023〕1号', version: 1 });
    const again = await leader().post(`${base}/listings`, listing(f.id)).expect(409);
    expect(again.body.code).toBe('LISTING_ALREADY_OPEN');

    // The unit sees its listing; another company's unit does not.
    expect((await detail(listed.id, org.tokens.UNIT_OFFICER)).allowedActions).toEqual([]);
    await as(org.tokens.otherUnitOfficer).get(`${base}/listings/${listed.id}`).expect(404);
    expect((await as(org.tokens.otherUnitOfficer).get(`${base}/listings`).expect(200)).body.total).toBe(0);

    // 送达, then 签收 — in that order, by the authority and the unit.
    const early = await head().post(`${base}/listings/${listed.id}/sign`, { version: 1 }).expect(409);
    expect(early.body.code).toBe('LISTING_INVALID_TRANSITION');
    await officer()
      .post(`${base}/listings/${listed.id}/serve`, { version: 1, servedTo: '热电分厂' })
      .expect(403);
    const stale = await office()
      .post(`${base}/listings/${listed.id}/serve`, { version: 7, servedTo: '热电分厂 安全员' })
      .expect(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    const served = (
      await office()
        .post(`${base}/listings/${listed.id}/serve`, { version: 1, servedTo: '热电分厂 安全员' })
        .expect(200)
    ).body;
    expect(served).toMatchObject({ status: 'SERVED', servedTo: '热电分厂 安全员', version: 2 });
    await office().post(`${base}/listings/${listed.id}/sign`, { version: 2 }).expect(403);
    expect((await detail(listed.id, org.tokens.UNIT_HEAD)).allowedActions).toEqual([
      'sign',
      'requestExtension',
    ]);
    await head().post(`${base}/listings/${listed.id}/sign`, { version: 2 }).expect(200);
    let d = await detail(listed.id);
    expect(d).toMatchObject({
      status: 'SIGNED',
      served: { to: '热电分厂 安全员', by: '安办员' },
      signed: { by: '热电主任' },
      finding: { id: f.id, code: f.code, unitName: '热电分厂' },
    });

    // 延期: asked by the unit with a reason, decided by the authority; history kept.
    const notLater = await officer()
      .post(`${base}/listings/${listed.id}/extensions`, {
        version: 3,
        reason: '备件到货延迟',
        requestedDeadline: '2023-04-30',
      })
      .expect(400);
    expect(notLater.body.details).toEqual([expect.objectContaining({ field: 'requestedDeadline' })]);
    await officer()
      .post(`${base}/listings/${listed.id}/extensions`, {
        version: 3,
        reason: '报警仪备件到货延迟',
        requestedDeadline: '2023-05-31',
      })
      .expect(200);
    const twice = await officer()
      .post(`${base}/listings/${listed.id}/extensions`, {
        version: 4,
        reason: '备件仍未到货，再次申请',
        requestedDeadline: '2023-06-30',
      })
      .expect(409);
    expect(twice.body.code).toBe('LISTING_EXTENSION_PENDING');
    await head()
      .post(`${base}/listings/${listed.id}/extensions/decision`, { version: 4, approve: true })
      .expect(403);
    await leader()
      .post(`${base}/listings/${listed.id}/extensions/decision`, { version: 4, approve: true, note: '同意' })
      .expect(200);
    d = await detail(listed.id);
    expect(d).toMatchObject({ deadline: '2023-05-31', originalDeadline: '2023-04-30' });
    expect(d.extensions).toEqual([
      expect.objectContaining({
        status: 'APPROVED',
        previousDeadline: '2023-04-30',
        requestedDeadline: '2023-05-31',
      }),
    ]);
    await officer()
      .post(`${base}/listings/${listed.id}/extensions`, {
        version: 5,
        reason: '再次申请',
        requestedDeadline: '2023-06-30',
      })
      .expect(200);
    await office()
      .post(`${base}/listings/${listed.id}/extensions/decision`, { version: 6, approve: false })
      .expect(200);
    d = await detail(listed.id);
    expect(d.deadline).toBe('2023-05-31');
    expect(d.extensions.map((e: { status: string }) => e.status)).toEqual(['APPROVED', 'REFUSED']);
    const none = await office()
      .post(`${base}/listings/${listed.id}/extensions/decision`, { version: 7, approve: true })
      .expect(409);
    expect(none.body.code).toBe('LISTING_NO_PENDING_EXTENSION');

    // 验收申请 with the finding's evidence; the group accepts within 10 days (flagged after).
    const without = await officer()
      .post(`${base}/listings/${listed.id}/acceptance-request`, { version: 7, evidenceIds: [] })
      .expect(400);
    expect(without.body.details).toEqual([expect.objectContaining({ field: 'evidenceIds' })]);
    const foreign = await uploadPhoto(t, org, general.id);
    const notItsOwn = await officer()
      .post(`${base}/listings/${listed.id}/acceptance-request`, { version: 7, evidenceIds: [foreign] })
      .expect(400);
    expect(notItsOwn.body.details).toEqual([expect.objectContaining({ field: 'evidenceIds' })]);
    const photo = await uploadPhoto(t, org, f.id);
    await officer()
      .post(`${base}/listings/${listed.id}/acceptance-request`, {
        version: 7,
        evidenceIds: [photo],
        note: '已完成报警仪更换及联锁测试，申请验收',
      })
      .expect(200);
    d = await detail(listed.id);
    expect(d).toMatchObject({
      status: 'ACCEPTANCE_REQUESTED',
      acceptanceOverdue: false,
      acceptanceRequest: { dueOn: '2023-03-11', evidenceIds: [photo] },
    });
    expect((await office().get(`${base}/statistics`).expect(200)).body).toMatchObject({
      open: 1,
      byLevel: { COMPANY: 1, GROUP: 0 },
      awaitingAcceptance: 1,
      acceptanceOverdue: 0,
    });
    pin('2023-03-12T02:00:00Z');
    expect((await detail(listed.id)).acceptanceOverdue).toBe(true);
    const late = await office().get(`${base}/listings?acceptanceOverdue=true`).expect(200);
    expect(late.body.items.map((i: { id: number }) => i.id)).toEqual([listed.id]);
    expect((await office().get(`${base}/statistics`).expect(200)).body.acceptanceOverdue).toBe(1);

    await officer()
      .post(`${base}/listings/${listed.id}/acceptance`, {
        version: 8,
        result: 'PASS',
        acceptedOn: '2023-03-12',
        opinion: '自己验收',
      })
      .expect(403);
    // A failed acceptance goes back to the unit; it applies again.
    await supervisor()
      .post(`${base}/listings/${listed.id}/acceptance`, {
        version: 8,
        result: 'FAIL',
        acceptedOn: '2023-03-12',
        opinion: '联锁切断未调试',
      })
      .expect(200);
    expect((await detail(listed.id)).status).toBe('SIGNED');
    await officer()
      .post(`${base}/listings/${listed.id}/acceptance-request`, { version: 9, evidenceIds: [photo] })
      .expect(200);
    await supervisor()
      .post(`${base}/listings/${listed.id}/acceptance`, {
        version: 10,
        result: 'PASS',
        acceptedOn: '2023-03-12',
        opinion: '现场核查报警仪及联锁运行正常，同意验收',
      })
      .expect(200);
    d = await detail(listed.id);
    expect(d).toMatchObject({ status: 'ACCEPTED', failedAcceptances: 1, acceptance: { by: '督导员' } });

    // 摘牌 only once the finding passed its close-out gate, by the authority.
    const notClosed = await office()
      .post(`${base}/listings/${listed.id}/delist`, { version: 11 })
      .expect(409);
    expect(notClosed.body.code).toBe('LISTING_FINDING_NOT_CLOSED');
    expect((await detail(listed.id)).allowedActions).toEqual([]);
    const delistDue = async () =>
      (
        (await office().get('/api/v1/notifications?limit=100').expect(200)).body.items as {
          title: string;
          body: string;
          link: string;
        }[]
      ).filter((n) => n.title === `督办待摘牌 ${f.code}`);
    expect(await delistDue()).toEqual([]);
    await closeOut(f.id);
    // Accepted and now closed out: the listing authority is told, once, that it may delist (nobody was).
    expect(await delistDue()).toEqual([
      expect.objectContaining({
        body: expect.stringContaining(`（重大隐患督〔2023〕1号）现场验收已通过，问题已销号，请予以摘牌。`),
        link: `/major-hazards/${listed.id}`,
      }),
    ]);
    await supervisor().post(`${base}/listings/${listed.id}/delist`, { version: 11 }).expect(403);
    expect((await detail(listed.id)).allowedActions).toEqual(['delist']);
    await office()
      .post(`${base}/listings/${listed.id}/delist`, { version: 11, note: '验收合格，已销号，同意摘牌' })
      .expect(200);
    d = await detail(listed.id);
    expect(d).toMatchObject({
      status: 'DELISTED',
      delisted: { by: '安办员', note: '验收合格，已销号，同意摘牌' },
    });
    await office().post(`${base}/listings/${listed.id}/delist`, { version: 12 }).expect(409);
    expect((await office().post(`${base}/listings`, listing(f.id)).expect(409)).body.code).toBe(
      'LISTING_FINDING_NOT_OPEN',
    );

    // The 公告 board shows listing and delisting to every employee; the change log holds every step.
    const notices = (await as(org.tokens.REPORTER).get(`${base}/notices`).expect(200)).body;
    expect(notices).toEqual([
      expect.objectContaining({
        docNumber: '重大隐患督〔2023〕1号',
        status: 'DELISTED',
        delistedAt: expect.any(String),
      }),
    ]);
    const log: { action: string }[] = await t.db.query(
      `SELECT action FROM change_events WHERE entity_type = 'SupervisionListing' AND entity_id = $1 ORDER BY seq`,
      [String(listed.id)],
    );
    expect(log.map((e) => e.action)).toEqual([
      'MAJOR_HAZARD_LISTED',
      'MAJOR_HAZARD_NOTICE_SERVED',
      'MAJOR_HAZARD_NOTICE_SIGNED',
      'MAJOR_HAZARD_EXTENSION_REQUESTED',
      'MAJOR_HAZARD_EXTENSION_DECIDED',
      'MAJOR_HAZARD_EXTENSION_REQUESTED',
      'MAJOR_HAZARD_EXTENSION_DECIDED',
      'MAJOR_HAZARD_ACCEPTANCE_REQUESTED',
      'MAJOR_HAZARD_ACCEPTANCE_DECIDED',
      'MAJOR_HAZARD_ACCEPTANCE_REQUESTED',
      'MAJOR_HAZARD_ACCEPTANCE_DECIDED',
      'MAJOR_HAZARD_DELISTED',
    ]);
    expect((await as(org.tokens.ADMIN).get('/api/v1/audit-log/verify').expect(200)).body.ok).toBe(true);

    // The unit hears each decision as it went: an extension approved or refused, an acceptance passed or failed
    // (both decisions read "已审批" / "验收已完成，请查看验收意见" alike).
    const heard = (
      (await officer().get('/api/v1/notifications?limit=100').expect(200)).body.items as {
        kind: string;
        title: string;
        body: string;
      }[]
    )
      .filter((n) => n.kind === 'MAJOR_HAZARD_SUPERVISION' && n.title.includes(f.code))
      .map((n) => n.body.replace(/https?:\S+$/, ''))
      .reverse();
    const listed1 = `热电分厂：重大隐患 ${f.code}（重大隐患督〔2023〕1号）`;
    expect(heard).toEqual([
      `热电分厂：重大隐患 ${f.code} 已挂牌督办（重大隐患督〔2023〕1号），督办期限 2023-04-30，请签收督办通知书并按期完成治理。`,
      `${listed1}的延期申请已批准（同意），督办期限延至 2023-05-31。`,
      `${listed1}的延期申请未获批准，督办期限仍为 2023-05-31，请按期完成治理。`,
      `${listed1}现场验收未通过：联锁切断未调试。请继续治理，完成后重新申请验收，督办期限 2023-05-31。`,
      `${listed1}现场验收通过：现场核查报警仪及联锁运行正常，同意验收。问题销号后予以摘牌。`,
      `${listed1}经验收合格并已销号，予以摘牌。`,
    ]);
  });

  it('numbers listings from a counter that never gives a 文号 twice, and flags and counts overdue listings by level', async () => {
    pin('2023-03-12T02:00:00Z');
    const a = await major('制氢站氢气管道法兰泄漏，未设可燃气体报警');
    const b = await major('煤气柜进口水封液位计失效');
    const la = (
      await leader()
        .post(`${base}/listings`, listing(a.id, { level: 'GROUP', deadline: '2023-03-20' }))
        .expect(201)
    ).body;
    const lb = (
      await office()
        .post(`${base}/listings`, listing(b.id, { level: 'SECOND_LEVEL', deadline: '2023-06-30' }))
        .expect(201)
    ).body;
    expect([la.docNumber, lb.docNumber]).toEqual(['重大隐患督〔2023〕2号', '重大隐患督〔2023〕3号']);

    pin('2023-03-21T02:00:00Z');
    const overdue = await office().get(`${base}/listings?overdue=true`).expect(200);
    expect(overdue.body.items.map((i: { id: number; overdue: boolean }) => [i.id, i.overdue])).toEqual([
      [la.id, true],
    ]);
    // An extension asked after the deadline has passed is refused.
    await office().post(`${base}/listings/${la.id}/serve`, { version: 1, servedTo: '热电分厂' }).expect(200);
    const tooLate = await officer()
      .post(`${base}/listings/${la.id}/extensions`, {
        version: 2,
        reason: '施工队伍未到位，来不及完成',
        requestedDeadline: '2023-04-30',
      })
      .expect(409);
    expect(tooLate.body.code).toBe('LISTING_EXTENSION_AFTER_DEADLINE');
    // Its page no longer offers the form that could only be refused, and says why.
    const headWeb = await webSession(t, 'unithead', TEST_PASSWORD);
    const page = await t.http().get(`/major-hazards/${la.id}`).set('Cookie', headWeb.cookie).expect(200);
    expect(page.text).not.toContain(`action="/major-hazards/${la.id}/extensions"`);
    expect(page.text).toContain('督办期限 2023-03-20 已过，不能再申请延期');
    expect((await detail(la.id, org.tokens.UNIT_OFFICER)).allowedActions).not.toContain('requestExtension');
    const counts = (await as(org.tokens.VIEWER).get(`${base}/statistics`).expect(200)).body;
    expect(counts).toMatchObject({
      open: 2,
      byLevel: { GROUP: 1, COMPANY: 0, SECOND_LEVEL: 1 },
      overdue: 1,
      awaitingAcceptance: 0,
      delisted: 1,
    });
    const byLevel = await office().get(`${base}/listings?level=GROUP`).expect(200);
    expect(byLevel.body.total).toBe(1);
    // Only listings marked for 公告 are on the board.
    const boardRes = await as(org.tokens.REPORTER).get(`${base}/notices`).expect(200);
    const board = boardRes.body;
    expect(board.map((n: { docNumber: string }) => n.docNumber)).toEqual(['重大隐患督〔2023〕1号']);
    // X-Total-Count, always: here the whole board is in the body.
    expect(boardRes.headers['x-total-count']).toBe('1');
  });

  const pdf = async (url: string) => {
    const res = await office().get(url).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    return (await pdfPages(res.body as Buffer)).join('\n').replace(/\s+/g, '');
  };

  it('判定依据: finds clauses by keyword; citing one forces MAJOR; a MAJOR plan needs the 治理方案 parts, printed as PDF', async () => {
    const search = await as(org.tokens.UNIT_OFFICER)
      .get('/api/v1/major-hazard-criteria?q=有限空间 监护')
      .expect(200);
    expect(search.body.items.map((c: { code: string }) => c.code)).toEqual(['GM2023-13-2']);
    const gas = (await office().get('/api/v1/major-hazard-criteria?q=泄漏报警').expect(200)).body.items[0];
    expect(gas).toMatchObject({ code: 'HG2017-10', retired: false });
    expect((await office().get('/api/v1/major-hazard-criteria').expect(200)).body.total).toBeGreaterThan(10);

    const noLeader = await office()
      .post('/api/v1/findings', {
        roundId: fx.roundId,
        unitId: org.units.power,
        description: '燃气锅炉房可燃气体报警仪失效',
        location: '燃气锅炉房',
        level: 'GENERAL',
        category: 'UNSAFE_CONDITION',
        source: 'AUDIT_TEAM',
        foundDate: '2023-03-10',
        foundBy: '督察组',
        deadline: '2023-05-31',
        responsiblePerson: '锅炉房主任',
        majorCriterionId: gas.id,
      })
      .expect(400);
    expect(noLeader.body.details).toEqual([expect.objectContaining({ field: 'responsibleLeader' })]);
    const unknown = await fx.logFinding({ majorCriterionId: 999999 }).catch((e: Error) => e.message);
    expect(unknown).toContain('majorCriterionId');
    const f = await fx.logFinding({
      description: '燃气锅炉房可燃气体报警仪失效',
      level: 'GENERAL',
      responsibleLeader: '分管副总经理',
      majorCriterionId: gas.id,
    });
    expect(f).toMatchObject({ level: 'MAJOR', majorCriterionId: gas.id });

    // Before the unit reports its plan the printout says nothing of stopping production (it printed 停产停工：否).
    const blank = await pdf(`/api/v1/reports/findings/${f.id}/major-hazard-plan`);
    expect(blank).toContain('责任单位尚未报送治理方案');
    expect(blank).toContain('停产停工：应急预案：');
    // 责任人 was an empty cell beside the 责任领导 until a plan came: it is the person the finding was assigned to,
    // as the finding's page shows 整改责任人.
    expect(blank).toContain('责任人：燃化工区主任（交办时确定；治理方案尚未报送）责任领导：分管副总经理');
    const page = await t
      .http()
      .get(`/findings/${f.id}`)
      .set('Cookie', (await webSession(t, 'office', TEST_PASSWORD)).cookie)
      .expect(200);
    expect(page.text).toContain('<dt>整改责任人</dt><dd>燃化工区主任</dd>');
    expect(page.text).toContain('责任单位尚未报送整改方案');

    const plan = { ...COMPLETE_PLAN, interimControls: '设警戒区，专人值守', stopProduction: false };
    const incomplete = await head().post(`/api/v1/findings/${f.id}/plan`, plan).expect(400);
    expect(incomplete.body.code).toBe('PLAN_INCOMPLETE');
    expect(incomplete.body.message).toContain('重大事故隐患治理方案不完整');
    expect(incomplete.body.details.map((d: { field: string }) => d.field)).toEqual([
      'goalsAndTasks',
      'materials',
      'responsibleOrganisation',
      'timeRequirements',
      'currentSituation',
      'hazardAnalysis',
    ]);
    await head()
      .post(`/api/v1/findings/${f.id}/plan`, { ...plan, ...MAJOR_GOVERNANCE })
      .expect(200);
    const text = await pdf(`/api/v1/reports/findings/${f.id}/major-hazard-plan`);
    for (const part of [
      '治理的目标和任务',
      '采取的方法和措施',
      '经费和物资的落实',
      '负责治理的机构和人员',
      '治理的时限和要求',
      '安全措施和应急预案',
    ])
      expect(text).toContain(part);
    expect(text).toContain(MAJOR_GOVERNANCE.materials.replace(/\s+/g, ''));
    expect(text).toContain(MAJOR_GOVERNANCE.hazardAnalysis.replace(/\s+/g, ''));
    expect(text).toContain('停产停工：否');
    expect(text).toContain(`责任人：${plan.responsiblePerson}责任领导`); // the plan's, as it stands
    expect(text).not.toContain('交办时确定');
    const sheet = await pdf(`/api/v1/reports/findings/${f.id}/closeout-sheet`);
    expect(sheet).toContain('治理的目标和任务');
    expect(sheet).toContain(MAJOR_GOVERNANCE.goalsAndTasks.replace(/\s+/g, ''));

    // The 督办通知书 of a listing, with its 文号; the dashboard counts listings as the listing API does.
    const l = (
      await office()
        .post(`${base}/listings`, listing(f.id, { deadline: '2023-05-31' }))
        .expect(201)
    ).body;
    const notice = await pdf(`/api/v1/reports/major-hazard-listings/${l.id}/notice`);
    expect(notice).toContain('挂牌督办通知书');
    expect(notice).toContain(l.docNumber);
    const dash = (await office().get('/api/v1/statistics/dashboard').expect(200)).body;
    const figure = (key: string) => dash.figures.find((x: { key: string }) => x.key === key);
    for (const [key, filter] of [
      ['listedOpen', 'open=true'],
      ['listedOverdue', 'overdue=true'],
      ['listedAwaitingAcceptance', 'awaitingAcceptance=true'],
    ]) {
      const total = (await office().get(`${base}/listings?${filter}`).expect(200)).body.total;
      expect({ key, value: figure(key).value }).toEqual({ key, value: total });
      expect(figure(key).href).toBe(`/major-hazards?${filter}`);
    }
    expect(figure('listedOpen').value).toBe(3);
  });

  it('pages: the list and a listing show the steps the user may take; the MAJOR plan form has the 治理方案 parts', async () => {
    const f = await major('脱硫塔入口烟道检修人孔未辨识为有限空间');
    const l = (
      await office()
        .post(`${base}/listings`, listing(f.id, { deadline: '2023-06-30' }))
        .expect(201)
    ).body;
    const officeWeb = await webSession(t, 'office', TEST_PASSWORD);
    const list = await t.http().get('/major-hazards').set('Cookie', officeWeb.cookie).expect(200);
    expect(list.text).toContain(l.docNumber);
    expect(list.text).toContain('挂牌督办重大隐患');
    await office()
      .post(`${base}/listings/${l.id}/serve`, { version: 1, servedTo: '热电分厂 安全员' })
      .expect(200);
    const headWeb = await webSession(t, 'unithead', TEST_PASSWORD);
    const page = await t.http().get(`/major-hazards/${l.id}`).set('Cookie', headWeb.cookie).expect(200);
    expect(page.text).toContain('签收督办通知书');
    expect(page.text).not.toContain('记录送达');
    // Before its deadline the unit may ask for an extension.
    expect(page.text).toContain(`action="/major-hazards/${l.id}/extensions"`);
    expect(page.text).not.toContain('不能再申请延期');
    const findingPage = await t.http().get(`/findings/${f.id}`).set('Cookie', headWeb.cookie).expect(200);
    expect(findingPage.text).toContain('重大事故隐患治理方案（重大隐患必填）');
    expect(findingPage.text).toContain('name="goalsAndTasks"');
    // The finding's page leads to its listing (it did not: the unit on the finding never saw it was listed).
    expect(findingPage.text).toContain(
      `<dt>挂牌督办</dt><dd class="listings"><a class="button" href="/major-hazards/${l.id}">${l.docNumber}（已送达）</a>`,
    );
    const other = await fx.logFinding({ description: '脱硫塔平台护栏缺失' });
    const otherPage = await t.http().get(`/findings/${other.id}`).set('Cookie', headWeb.cookie).expect(200);
    expect(otherPage.text).not.toContain('<dt>挂牌督办</dt>');
  });

  it('pages: the office serves and the unit signs through the detail page forms (CSRF, hidden version)', async () => {
    const f = await major('干熄焦循环风机入口CO检测仪缺失');
    const l = (
      await office()
        .post(`${base}/listings`, listing(f.id, { deadline: '2023-06-30' }))
        .expect(201)
    ).body;
    /** Fills and posts a form of the page as a browser would: its action, its hidden inputs, plus `fill`. */
    const submit = async (web: { cookie: string }, formAction: string, fill: Record<string, string>) => {
      const page = await t.http().get(`/major-hazards/${l.id}`).set('Cookie', web.cookie).expect(200);
      const form = new RegExp(`<form method="post" action="${formAction}"[^>]*>([\\s\\S]*?)</form>`).exec(
        page.text,
      );
      expect(form).not.toBeNull();
      const fields: Record<string, string> = {};
      for (const m of form![1].matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
        fields[m[1]] = m[2];
      expect(Object.keys(fields).sort()).toEqual(['_csrf', 'version']);
      const res = await t
        .http()
        .post(formAction)
        .set('Cookie', web.cookie)
        .type('form')
        .send({ ...fields, ...fill });
      expect({ status: res.status, location: res.headers.location }).toEqual({
        status: 303,
        location: `/major-hazards/${l.id}`,
      });
      // Follow the redirect as a browser would, with the flash cookie the answer set.
      const flashCookies = ([] as string[])
        .concat(res.headers['set-cookie'] ?? [])
        .map((c) => c.split(';')[0]);
      return (
        await t
          .http()
          .get(`/major-hazards/${l.id}`)
          .set('Cookie', [web.cookie, ...flashCookies].join('; '))
          .expect(200)
      ).text;
    };
    const officeWeb = await webSession(t, 'office', TEST_PASSWORD);
    const afterServe = await submit(officeWeb, `/major-hazards/${l.id}/serve`, {
      servedTo: '热电分厂 安全员 王强',
    });
    expect(afterServe).toContain('已记录送达');
    expect(afterServe).toContain('送达 热电分厂 安全员 王强');
    expect(afterServe).not.toContain(`action="/major-hazards/${l.id}/serve"`);
    expect((await detail(l.id)).status).toBe('SERVED');

    const headWeb = await webSession(t, 'unithead', TEST_PASSWORD);
    const afterSign = await submit(headWeb, `/major-hazards/${l.id}/sign`, { signedByName: '' });
    expect(afterSign).toContain('已签收督办通知书');
    expect(afterSign).not.toContain(`action="/major-hazards/${l.id}/sign"`);
    expect(await detail(l.id)).toMatchObject({ status: 'SIGNED', signed: { by: '热电主任' } });
  });

  it('pages: the 公告 board shows an employee the published listings only, with nothing reserved to readers', async () => {
    const shownHazard = '氧化铝焙烧炉煤气管道盲板缺失，检修时无可靠隔断';
    const hiddenHazard = '液氨储罐区喷淋系统失效';
    const published = await major(shownHazard);
    const unpublished = await major(hiddenHazard);
    const p = (
      await office()
        .post(`${base}/listings`, listing(published.id, { level: 'GROUP', publicNotice: true }))
        .expect(201)
    ).body;
    const u = (await office().post(`${base}/listings`, listing(unpublished.id)).expect(201)).body;

    const reporter = await webLogin(t, 'reporter', TEST_PASSWORD);
    const board = await t.http().get('/major-hazards/notices').set('Cookie', reporter).expect(200);
    expect(board.text).toContain('<h1>重大隐患挂牌督办公告');
    const row = (docNumber: string) =>
      new RegExp(`<tr[^>]*>(?:(?!</tr>)[\\s\\S])*${docNumber.replace(/[〔〕]/g, '.')}[\\s\\S]*?</tr>`).exec(
        board.text,
      )?.[0] ?? '';
    const listed = row(p.docNumber);
    for (const shown of ['集团督办', '热电分厂', shownHazard, '2023-03-21', '2023-04-30', '督办中'])
      expect({ shown, in: listed.includes(shown) }).toEqual({ shown, in: true });
    expect(board.text).not.toContain(u.docNumber);
    expect(board.text).not.toContain(hiddenHazard);
    expect(listed).toContain('data-label="摘牌日期"></td>');
    // The one delisted in the first test: 已摘牌, with its date.
    const delisted = row('重大隐患督〔2023〕1号');
    expect(delisted).toContain('已摘牌');
    expect(delisted).toMatch(/data-label="摘牌日期">\d{4}-\d{2}-\d{2}<\/td>/);
    // Nothing the API keeps to readers (督办要求), and no link the reporter could not open.
    expect(board.text).not.toContain('立即设置警戒区');
    expect(board.text).not.toMatch(/href="\/(findings|major-hazards)\/\d/);
    await t.http().get('/major-hazards').set('Cookie', reporter).expect(403);
    // The employee's way there: 首页 and the menu.
    const home = await t.http().get('/').set('Cookie', reporter).expect(200);
    expect(home.text).toContain('href="/major-hazards/notices"');

    // The readers reach it from the 挂牌督办 list.
    const officeWeb = await webSession(t, 'office', TEST_PASSWORD);
    const list = await t.http().get('/major-hazards').set('Cookie', officeWeb.cookie).expect(200);
    expect(list.text).toContain('href="/major-hazards/notices"');
  });

  it('the 公告 board says 逾期 (and by how many days) for a listing past its 督办期限, by the rule the list uses', async () => {
    pin('2023-03-12T02:00:00Z');
    const late = await major('焦炉煤气总管水封槽液位计失效，未设低液位报警');
    const due = await major('液氯汽化器出口压力表损坏，未及时更换');
    const lateListing = (
      await office()
        .post(`${base}/listings`, listing(late.id, { deadline: '2023-03-20', publicNotice: true }))
        .expect(201)
    ).body;
    const dueListing = (
      await office()
        .post(`${base}/listings`, listing(due.id, { deadline: '2023-06-30', publicNotice: true }))
        .expect(201)
    ).body;
    // The board as the API and the page give it to an employee (logged in anew: the clock moves by days).
    const board = async () => {
      const reporter = await webLogin(t, 'reporter', TEST_PASSWORD);
      const api = (await as(org.tokens.REPORTER).get(`${base}/notices`).expect(200)).body as {
        docNumber: string;
        overdue: boolean;
        daysOverdue: number;
      }[];
      const page = (await t.http().get('/major-hazards/notices').set('Cookie', reporter).expect(200)).text;
      const row = (docNumber: string) =>
        new RegExp(`<tr[^>]*>(?:(?!</tr>)[\\s\\S])*${docNumber.replace(/[〔〕]/g, '.')}[\\s\\S]*?</tr>`).exec(
          page,
        )?.[0] ?? '';
      const flags = (docNumber: string) => {
        const n = api.find((x) => x.docNumber === docNumber)!;
        return { overdue: n.overdue, daysOverdue: n.daysOverdue, row: row(docNumber) };
      };
      return {
        late: flags(lateListing.docNumber),
        due: flags(dueListing.docNumber),
        delisted: flags('重大隐患督〔2023〕1号'),
        page,
      };
    };

    // The deadline's last second in Shanghai (15:59:59 UTC): not overdue yet, nowhere.
    pin('2023-03-20T15:59:59Z');
    let b = await board();
    expect([b.late.overdue, b.late.daysOverdue]).toEqual([false, 0]);
    expect(b.late.row).not.toContain('逾期');
    expect(b.page).not.toContain('tag-overdue');
    expect(b.page).not.toContain('仅显示最近');

    // Midnight in Shanghai: the day has ended, the listing (signed by the unit) is overdue by one day.
    pin('2023-03-20T16:00:00Z');
    await office()
      .post(`${base}/listings/${lateListing.id}/serve`, { version: 1, servedTo: '热电分厂' })
      .expect(200);
    await head().post(`${base}/listings/${lateListing.id}/sign`, { version: 2 }).expect(200);
    b = await board();
    expect([b.late.overdue, b.late.daysOverdue]).toEqual([true, 1]);
    expect(b.late.row).toContain('<tr class="overdue">');
    expect(b.late.row).toMatch(/督办中<\/span> <span class="tag-overdue"[^>]*>逾期 1 天<\/span>/);
    expect([b.due.overdue, b.due.daysOverdue]).toEqual([false, 0]);
    expect(b.due.row).toContain('督办中');
    expect(b.due.row).not.toContain('逾期');
    // A delisted listing is not overdue (below: not even past its deadline).
    expect([b.delisted.overdue, b.delisted.daysOverdue]).toEqual([false, 0]);
    expect(b.delisted.row).toContain('已摘牌');
    expect(b.delisted.row).not.toContain('逾期');
    // The same rule as the staff's list, a listing's page and the figures.
    expect((await detail(lateListing.id)).overdue).toBe(true);
    expect((await detail(dueListing.id)).overdue).toBe(false);
    const staff = (await office().get(`${base}/listings?overdue=true`).expect(200)).body.items as {
      id: number;
    }[];
    expect(staff.map((i) => i.id)).toContain(lateListing.id);
    expect(staff.map((i) => i.id)).not.toContain(dueListing.id);

    pin('2023-04-02T02:00:00Z');
    b = await board();
    expect([b.late.overdue, b.late.daysOverdue]).toEqual([true, 13]);
    expect(b.late.row).toContain('逾期 13 天');
    // Once the unit applies for acceptance the deadline no longer runs: not overdue (as on the staff's list).
    const photo = await uploadPhoto(t, org, late.id);
    await officer()
      .post(`${base}/listings/${lateListing.id}/acceptance-request`, { version: 3, evidenceIds: [photo] })
      .expect(200);
    b = await board();
    expect([b.late.overdue, b.late.daysOverdue]).toEqual([false, 0]);
    expect(b.late.row).not.toContain('逾期');

    // Past 1号's 督办期限 (2023-05-31) and the other's (2023-06-30): the delisted one is still not overdue.
    pin('2023-07-01T02:00:00Z');
    b = await board();
    expect([b.delisted.overdue, b.delisted.daysOverdue]).toEqual([false, 0]);
    expect(b.delisted.row).not.toContain('逾期');
    expect([b.due.overdue, b.due.daysOverdue]).toEqual([true, 1]);
    expect(b.due.row).toContain('逾期 1 天');
  });

  it('the 公告 board shows the newest 200 published listings and says so when there are more', async () => {
    const count = async () =>
      (await t.db.query(`SELECT count(*)::int AS n FROM supervision_listings WHERE public_notice`))[0]
        .n as number;
    const before = await count();
    // Old delisted listings of the first test's finding, straight into the table (a listing per finding is a lot of
    // requests): published long ago, so they sort last.
    await t.db.query(
      `INSERT INTO supervision_listings (finding_id, doc_number, level, supervising_unit, requirements, deadline,
              original_deadline, status, public_notice, listed_by_id, listed_at, delisted_at, version)
       SELECT finding_id, '重大隐患督〔2020〕' || g || '号', level, supervising_unit, requirements, '2020-03-31',
              '2020-03-31', 'DELISTED', true, listed_by_id, '2020-01-01T02:00:00Z'::timestamptz + g * interval '1 minute',
              '2020-06-01T02:00:00Z', 1
         FROM supervision_listings, generate_series(1, 201 - $1::int) g
        WHERE doc_number = '重大隐患督〔2023〕1号'`,
      [before],
    );
    expect(await count()).toBe(201);
    const res = await as(org.tokens.REPORTER).get(`${base}/notices`).expect(200);
    const api = res.body as { docNumber: string }[];
    expect(api).toHaveLength(200);
    // The body stays an array; the header says it was cut (201 published, 200 given).
    expect(res.headers['x-total-count']).toBe('201');
    expect(api.map((n) => n.docNumber)).not.toContain('重大隐患督〔2020〕1号');
    const reporter = await webLogin(t, 'reporter', TEST_PASSWORD);
    const page = (await t.http().get('/major-hazards/notices').set('Cookie', reporter).expect(200)).text;
    expect(page).toContain('<span class="count">201</span>');
    expect(page).toContain('共 201 条公告，仅显示最近 200 条。');
    expect(page.match(/<td class="card-title nowrap">/g)).toHaveLength(200);
  });
});
