import { jest } from '@jest/globals';
import { Clock } from '../src/common/time/clock';
import { WeeklyReportsService } from '../src/weekly-reports/weekly-reports.service';
import { buildRound } from './support/findings-fixture';
import { buildOrg, login, OrgFixture, TEST_PASSWORD } from './support/org-fixture';
import { startTestApp, TestApp } from './support/test-app';
import { webLogin } from './support/web-session';

describe('Weekly Thursday 举一反三 reports', () => {
  let t: TestApp;
  let org: OrgFixture;
  let fx: Awaited<ReturnType<typeof buildRound>>;
  let clock: Clock;
  let obligationId: number;
  let smelterOfficer: string;

  const at = (iso: string) => clock.pinForTesting(new Date(iso));
  const as = (token: string) => ({
    get: (url: string) => t.http().get(url).set(org.auth(token)),
    post: (url: string, body: object = {}) => t.http().post(url).set(org.auth(token)).send(body),
  });
  const power = () => as(org.tokens.UNIT_OFFICER);
  const office = () => as(org.tokens.SAFETY_OFFICE);
  const submit = (token: string, unitId: number, week: string, body: object, obligation = obligationId) =>
    as(token).post('/api/v1/weekly-reports', {
      obligationId: obligation,
      unitId,
      week,
      noneFound: false,
      items: [],
      ...body,
    });
  const item = (description: string, extra: object = {}) => ({
    description,
    location: '现场',
    level: 'GENERAL',
    category: 'UNSAFE_CONDITION',
    fixedOnTheSpot: false,
    deadline: '2023-04-30',
    ...extra,
  });
  const weeklyAssessments = async (reason: string) =>
    (await t.db.query(`SELECT unit_id, source_id FROM assessments WHERE reason = $1 ORDER BY unit_id`, [
      reason,
    ])) as { unit_id: number; source_id: number }[];

  beforeAll(async () => {
    t = await startTestApp();
    clock = t.app.get(Clock);
    at('2023-02-13T02:00:00Z');
    org = await buildOrg(t);
    fx = await buildRound(t, org);
    await t
      .http()
      .post('/api/v1/users')
      .set(org.auth(org.tokens.ADMIN))
      .send({
        username: 'djcofficer',
        displayName: '电解厂安全员',
        roles: ['UNIT_OFFICER'],
        homeUnitId: org.units.smelter,
        password: TEST_PASSWORD,
      })
      .expect(201);
    smelterOfficer = await login(t, 'djcofficer');
    const o = await office()
      .post('/api/v1/weekly-reports/obligations', {
        name: '“回头看”举一反三周报',
        roundId: fx.roundId,
        startDate: '2023-02-13',
      })
      .expect(201);
    obligationId = o.body.id;
    // Default: every secondary unit of the company.
    expect(o.body.unitIds.sort()).toEqual([org.units.smelter, org.units.power, org.units.safetyDept].sort());
    expect(o.body.dueTime).toBe('24:00');
  });
  afterAll(() => t.close());

  it('counts Thursday 23:59 in Shanghai as on time and Friday 00:00 as late, with the server clock in UTC', async () => {
    at('2023-02-16T15:59:00Z'); // Thursday 23:59 in Shanghai
    const onTime = await submit(org.tokens.UNIT_OFFICER, org.units.power, '2023-W07', {
      noneFound: true,
      statement: '本周排查未发现同类问题',
    }).expect(201);
    expect(onTime.body).toMatchObject({ status: 'ON_TIME', week: '2023-W07', noneFound: true });
    at('2023-02-16T16:00:00Z'); // Friday 00:00 in Shanghai
    const late = await submit(smelterOfficer, org.units.smelter, '2023-W07', { noneFound: true }).expect(201);
    expect(late.body.status).toBe('LATE');
  });

  it('keeps every version of a correction made before the deadline; self-found problems become SELF_CHECK findings', async () => {
    at('2023-02-20T02:00:00Z'); // Monday of W08
    // The clock runs on while the submission works (its problems become findings): 20 s a reading.
    let readings = 0;
    const ticking = jest
      .spyOn(clock, 'now')
      .mockImplementation(() => new Date(Date.parse('2023-02-20T02:00:30Z') + 20_000 * readings++));
    const v1 = await submit(org.tokens.UNIT_OFFICER, org.units.power, '2023-W08', {
      items: [item('燃化工区3号皮带廊积尘'), item('输煤栈桥照明不足')],
    }).expect(201);
    ticking.mockRestore();
    const [a, b] = v1.body.versionRecord.items as { findingId: number }[];
    const finding = await power().get(`/api/v1/findings/${a.findingId}`).expect(200);
    expect(finding.body).toMatchObject({ source: 'SELF_CHECK', status: 'ASSIGNED', unitId: org.units.power });
    at('2023-02-23T08:00:00Z'); // Thursday afternoon: correct it
    const v2 = await submit(org.tokens.UNIT_OFFICER, org.units.power, '2023-W08', {
      items: [{ ...item('燃化工区3号皮带廊积尘'), findingId: a.findingId }, item('卸煤沟盖板缺失')],
    }).expect(201);
    expect(v2.body.currentVersion).toBe(2);
    const report = await power().get(`/api/v1/weekly-reports/${v2.body.id}`).expect(200);
    expect(
      report.body.versions.map((v: { version: number; items: unknown[] }) => [v.version, v.items.length]),
    ).toEqual([
      [1, 2],
      [2, 2],
    ]);
    // One submission, one time: 首次提交 is version 1's time, 最后提交 version 2's, to the millisecond.
    expect(report.body.versions.map((v: { submittedAt: string }) => v.submittedAt)).toEqual([
      report.body.firstSubmittedAt,
      report.body.lastSubmittedAt,
    ]);
    const page = await t
      .http()
      .get(`/weekly-reports/${v2.body.id}`)
      .set('Cookie', await webLogin(t, 'unitofficer', TEST_PASSWORD))
      .expect(200);
    const first = /首次提交<\/dt><dd>([\d-]+ [\d:]+)</.exec(page.text)![1];
    expect(page.text).toContain(`第 1 版 <small>已被更正 · ${first} 提交`);
    expect(page.text).toMatch(/最后提交<\/dt><dd>2023-02-23 16:00</);
    expect(page.text).toContain('第 2 版 <small>现行版本 · 2023-02-23 16:00 提交');
    expect((await power().get(`/api/v1/findings/${b.findingId}`)).body).toMatchObject({
      status: 'CANCELLED',
      cancelReason: '举一反三周报更正时撤回',
    });
    // After the deadline the report is locked.
    at('2023-02-23T16:00:01Z');
    const locked = await submit(org.tokens.UNIT_OFFICER, org.units.power, '2023-W08', {
      noneFound: true,
    }).expect(409);
    expect(locked.body.code).toBe('WEEKLY_REPORT_LOCKED');
  });

  it('refuses a report that states nothing, or a week not yet begun, with the field at fault', async () => {
    at('2023-02-21T02:00:00Z');
    const empty = await submit(org.tokens.UNIT_OFFICER, org.units.power, '2023-W09', {}).expect(400);
    expect(empty.body.details[0].field).toBe('noneFound');
    const future = await submit(org.tokens.UNIT_OFFICER, org.units.power, '2023-W10', {
      noneFound: true,
    }).expect(400);
    expect(future.body.details[0].field).toBe('week');
    await submit(org.tokens.SAFETY_OFFICE, org.units.power, '2023-W08', { noneFound: true }).expect(403);
  });

  it('runs the deadline job exactly once when two instances run it at the same time', async () => {
    at('2023-02-24T01:00:00Z'); // after the W08 deadline
    const svc = t.app.get(WeeklyReportsService);
    const [one, two] = await Promise.all([svc.runDeadlines('instance-a'), svc.runDeadlines('instance-b')]);
    expect([...one.processed, ...two.processed].sort()).toEqual([
      `${obligationId}:2023-W07`,
      `${obligationId}:2023-W08`,
    ]);
    const missing = await weeklyAssessments('MISSING_WEEKLY_REPORT');
    // W07: 安全环保健康部 missing; W08: 电解厂 and 安全环保健康部 missing.
    expect(missing.map((m) => m.unit_id).sort()).toEqual(
      [org.units.smelter, org.units.safetyDept, org.units.safetyDept].sort(),
    );
    expect((await weeklyAssessments('LATE_WEEKLY_REPORT')).map((m) => m.unit_id)).toEqual([
      org.units.smelter,
    ]);
    // Running again changes nothing.
    expect((await svc.runDeadlines('instance-c')).processed).toEqual([]);
    expect(await weeklyAssessments('MISSING_WEEKLY_REPORT')).toHaveLength(3);
  });

  it('catches up on every week it missed while the service was down', async () => {
    at('2023-03-17T02:00:00Z'); // three deadlines later (W09, W10, W11)
    const { processed } = await t.app.get(WeeklyReportsService).runDeadlines();
    expect(processed).toEqual([
      `${obligationId}:2023-W09`,
      `${obligationId}:2023-W10`,
      `${obligationId}:2023-W11`,
    ]);
    const matrix = await office()
      .get(`/api/v1/weekly-reports/compliance?companyUnitId=${org.units.companyA}&from=2023-W06&to=2023-W12`)
      .expect(200);
    const powerRow = matrix.body.rows.find((r: { unitId: number }) => r.unitId === org.units.power);
    expect(powerRow.cells.map((c: { status: string }) => c.status)).toEqual([
      'NOT_REQUIRED',
      'NONE_FOUND',
      'ON_TIME',
      'MISSING',
      'MISSING',
      'MISSING',
      'PENDING',
    ]);
    const smelterRow = matrix.body.rows.find((r: { unitId: number }) => r.unitId === org.units.smelter);
    expect(smelterRow.cells[1].status).toBe('LATE');
  });

  it('numbers weeks across a year end: 2020-W53 then 2021-W01', async () => {
    const o = await office()
      .post('/api/v1/weekly-reports/obligations', {
        name: '2020年末周报',
        roundId: fx.roundId,
        unitIds: [org.units.power],
        startDate: '2020-12-21',
        endDate: '2021-01-10',
      })
      .expect(201);
    at('2020-12-31T10:00:00Z'); // Thursday 31 Dec, 18:00 in Shanghai
    expect(
      (
        await submit(
          org.tokens.UNIT_OFFICER,
          org.units.power,
          '2020-W53',
          { noneFound: true },
          o.body.id,
        ).expect(201)
      ).body.status,
    ).toBe('ON_TIME');
    at('2021-01-07T15:00:00Z'); // Thursday 7 Jan, 23:00 in Shanghai
    expect(
      (
        await submit(
          org.tokens.UNIT_OFFICER,
          org.units.power,
          '2021-W01',
          { noneFound: true },
          o.body.id,
        ).expect(201)
      ).body.status,
    ).toBe('ON_TIME');
    const matrix = await office()
      .get(`/api/v1/weekly-reports/compliance?companyUnitId=${org.units.companyA}&from=2020-W52&to=2021-W02`)
      .expect(200);
    expect(matrix.body.weeks).toEqual(['2020-W52', '2020-W53', '2021-W01', '2021-W02']);
    await submit(org.tokens.UNIT_OFFICER, org.units.power, '2021-W53', { noneFound: true }, o.body.id).expect(
      400,
    );
  });

  it('assesses a similar problem the company finds, unless the unit had reported it itself first', async () => {
    at('2023-03-20T02:00:00Z');
    const swept = await fx.logFinding({
      unitId: org.units.power,
      description: '重要危险源未设公示牌',
      foundDate: '2023-01-06',
    });
    // 电气工区 (under 热电分厂) reported the problem itself, prompted by the swept finding.
    const self = await submit(org.tokens.UNIT_OFFICER, org.units.power, '2023-W12', {
      items: [item('电气工区重要危险源未设置公示牌', { promptedByFindingId: swept.id })],
    }).expect(201);
    const selfFindingId = self.body.versionRecord.items[0].findingId;
    at('2023-03-21T02:00:00Z');
    const companyInPower = await fx.logFinding({
      unitId: org.units.powerElectric,
      source: 'COMPANY_CHECK',
      description: '电气工区重要危险源公示牌缺失',
      foundDate: '2023-03-21',
      similarToIds: [swept.id],
    });
    const companyInSmelter = await fx.logFinding({
      unitId: org.units.smelter,
      source: 'COMPANY_CHECK',
      description: '电解厂重要危险源未设公示牌',
      foundDate: '2023-03-21',
      similarToIds: [swept.id],
    });
    const assessed = (await office().get('/api/v1/assessments?reason=COMPANY_FOUND_SIMILAR').expect(200)).body
      .items as { findingId: number; unitId: number }[];
    expect(assessed).toEqual([
      expect.objectContaining({ findingId: companyInSmelter.id, unitId: org.units.smelter }),
    ]);
    expect(assessed.map((a) => a.findingId)).not.toContain(companyInPower.id);
    expect(assessed.map((a) => a.findingId)).not.toContain(selfFindingId); // self-found problems are never assessed
  });

  it('takes as what prompted a sweep only a finding of the campaign’s round, naming the item’s field', async () => {
    at('2023-03-20T02:00:00Z');
    const inOtherRound = await fx.logFinding({
      roundId: fx.originalRoundId,
      unitId: org.units.smelter,
      description: '电解厂原督察问题：皮带廊积尘',
    });
    const count = async () => Number((await t.db.query(`SELECT count(*) AS n FROM findings`))[0].n);
    const before = await count();
    const refused = await submit(org.tokens.UNIT_OFFICER, org.units.power, '2023-W12', {
      items: [item('燃化工区皮带廊积尘', { promptedByFindingId: inOtherRound.id })],
    }).expect(400);
    expect(refused.body.details).toEqual([
      {
        field: 'items.0.promptedByFindingId',
        messages: [expect.stringContaining('不是本周报所属督察轮次的问题')],
      },
    ]);
    expect(await count()).toBe(before);
    const linked = await office().get(`/api/v1/findings/${inOtherRound.id}`).expect(200);
    expect(linked.body.similar).toEqual([]);
  });

  it('scopes every view to the caller’s units', async () => {
    const other = as(org.tokens.otherUnitOfficer);
    const matrix = await other
      .get(`/api/v1/weekly-reports/compliance?companyUnitId=${org.units.companyA}&from=2023-W07&to=2023-W08`)
      .expect(200);
    expect(matrix.body.rows).toEqual([]);
    const summary = await other
      .get(`/api/v1/weekly-reports/summary?companyUnitId=${org.units.companyA}&week=2023-W08`)
      .expect(200);
    expect(summary.body.units).toEqual([]);
    expect((await other.get('/api/v1/weekly-reports').expect(200)).body.total).toBe(0);
    const someReport = (await office().get('/api/v1/weekly-reports?limit=1').expect(200)).body.items[0];
    await other.get(`/api/v1/weekly-reports/${someReport.id}`).expect(404);
    await submit(org.tokens.otherUnitOfficer, org.units.power, '2023-W12', { noneFound: true }).expect(404);

    const own = await power()
      .get(`/api/v1/weekly-reports/compliance?companyUnitId=${org.units.companyA}&from=2023-W07&to=2023-W08`)
      .expect(200);
    expect(own.body.rows.map((r: { unitId: number }) => r.unitId)).toEqual([org.units.power]);
    const week = await office()
      .get(`/api/v1/weekly-reports/summary?companyUnitId=${org.units.companyA}&week=2023-W08`)
      .expect(200);
    expect(
      week.body.units.map((u: { unitName: string; status: string }) => `${u.unitName}:${u.status}`),
    ).toEqual(expect.arrayContaining(['热电分厂:ON_TIME', '电解厂:MISSING', '安全环保健康部:MISSING']));
    expect(week.body.counts.items).toBe(2);
    expect(week.body.counts.byCategory.UNSAFE_CONDITION).toBe(2);
  });
});
