import { Clock } from '../src/common/time/clock';
import { WeeklyReportsService } from '../src/weekly-reports/weekly-reports.service';
import { buildRound } from './support/findings-fixture';
import { buildOrg, OrgFixture, TEST_PASSWORD } from './support/org-fixture';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Issue 16, points 10–12: which weeks a 举一反三 obligation assesses, one assessment per unit and week whatever the
 * number of campaigns, and items a unit reports as fixed on the spot. The clock starts on Thursday 2023-03-16
 * (2023-W11), a month after the look-back's plan meeting (2023-02-13).
 */
describe('Weekly 举一反三 obligations: counted weeks, one assessment per unit-week, on-the-spot items', () => {
  let t: TestApp;
  let org: OrgFixture;
  let fx: Awaited<ReturnType<typeof buildRound>>;
  let clock: Clock;
  let safetyObligation: { id: number; name: string };
  let envRoundId: number;

  const at = (iso: string) => clock.pinForTesting(new Date(iso));
  const as = (token: string) => ({
    get: (url: string) => t.http().get(url).set(org.auth(token)),
    post: (url: string, body: object = {}) => t.http().post(url).set(org.auth(token)).send(body),
  });
  const office = () => as(org.tokens.SAFETY_OFFICE);
  const power = () => as(org.tokens.UNIT_OFFICER);
  const submit = (obligationId: number, unitId: number, week: string, body: object = { noneFound: true }) =>
    power().post('/api/v1/weekly-reports', {
      obligationId,
      unitId,
      week,
      noneFound: false,
      items: [],
      ...body,
    });
  const weeklyAssessments = async () =>
    (await t.db.query(
      `SELECT unit_id, reason, to_char(assessed_on, 'YYYY-MM-DD') AS day FROM assessments
        WHERE reason IN ('MISSING_WEEKLY_REPORT', 'LATE_WEEKLY_REPORT') ORDER BY assessed_on, unit_id`,
    )) as { unit_id: number; reason: string; day: string }[];
  const matrix = async (from: string, to: string) =>
    (
      await office()
        .get(`/api/v1/weekly-reports/compliance?companyUnitId=${org.units.companyA}&from=${from}&to=${to}`)
        .expect(200)
    ).body as {
      rows: {
        unitId: number;
        cells: {
          week: string;
          status: string;
          worstCampaign: string | null;
          campaigns: { obligationId: number; name: string; status: string }[];
        }[];
      }[];
    };
  const rowOf = (m: Awaited<ReturnType<typeof matrix>>, unitId: number) =>
    m.rows.find((r) => r.unitId === unitId)!;

  /** A page as the safety office sees it in the browser (logged in through the login form). */
  const officePage = async (url: string): Promise<string> => {
    const form = await t.http().get('/login').expect(200);
    const cookie = String(form.headers['set-cookie']).split(';')[0];
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
    const loggedIn = await t
      .http()
      .post('/login')
      .set('Cookie', cookie)
      .type('form')
      .send({ _csrf: csrf, username: 'office', password: TEST_PASSWORD, next: '/' });
    const session = ([] as string[])
      .concat(loggedIn.headers['set-cookie'] ?? [])
      .map((c) => c.split(';')[0])
      .find((c) => c.startsWith('rectify_session='))!;
    return (await t.http().get(url).set('Cookie', session).expect(200)).text;
  };

  beforeAll(async () => {
    t = await startTestApp();
    clock = t.app.get(Clock);
    at('2023-03-16T02:00:00Z'); // Thursday of W11, 10:00 in Shanghai
    org = await buildOrg(t);
    fx = await buildRound(t, org);
    const env = await office()
      .post('/api/v1/rounds', {
        name: '2023年生态环保专项检查',
        kind: 'SPECIAL',
        domain: 'ENVIRONMENT',
        companyUnitId: org.units.companyA,
        auditTeam: '公司安全环保健康部',
        startDate: '2023-03-01',
        endDate: '2023-03-03',
      })
      .expect(201);
    envRoundId = env.body.id;
    await office().post(`/api/v1/rounds/${envRoundId}/start`).expect(200);
  });
  afterAll(() => t.close());

  it('point 10: an obligation set today for a round whose plan meeting was a month ago assesses no week before today, and says how many past weeks are uncounted', async () => {
    // The safety office sets the campaign's obligation back-dated to the plan meeting, as the old default did.
    const created = await office()
      .post('/api/v1/weekly-reports/obligations', {
        name: '“回头看”举一反三周报',
        roundId: fx.roundId,
        startDate: '2023-02-13',
      })
      .expect(201);
    safetyObligation = created.body;
    expect(created.body).toMatchObject({
      startDate: '2023-02-13',
      uncountedPastWeeks: 4,
      firstCountedWeek: '2023-W11',
    });

    // 热电分厂 may still hand in a past week's report for the record.
    const past = await submit(safetyObligation.id, org.units.power, '2023-W08').expect(201);
    expect(past.body.status).toBe('LATE');

    // The next morning the deadline job runs: only this week (W11) is processed and assessed.
    at('2023-03-17T02:00:00Z');
    const { processed } = await t.app.get(WeeklyReportsService).runDeadlines();
    expect(processed).toEqual([`${safetyObligation.id}:2023-W11`]);
    const assessed = await weeklyAssessments();
    expect(assessed.map((a) => `${a.reason}@${a.day}`)).toEqual(
      Array(3).fill('MISSING_WEEKLY_REPORT@2023-03-16'),
    );
    expect(
      (await t.db.query(`SELECT count(*)::int AS n FROM weekly_reports WHERE status = 'MISSING'`))[0].n,
    ).toBe(3);

    // The matrix shows the past weeks as not required, except the report handed in for the record.
    const m = await matrix('2023-W07', '2023-W11');
    expect(rowOf(m, org.units.power).cells.map((c) => c.status)).toEqual([
      'NOT_REQUIRED',
      'LATE',
      'NOT_REQUIRED',
      'NOT_REQUIRED',
      'MISSING',
    ]);
    expect(rowOf(m, org.units.smelter).cells.map((c) => c.status)).toEqual([
      'NOT_REQUIRED',
      'NOT_REQUIRED',
      'NOT_REQUIRED',
      'NOT_REQUIRED',
      'MISSING',
    ]);
  });

  it('point 10: without a start date an obligation starts today, not at the plan meeting', async () => {
    const created = await office()
      .post('/api/v1/weekly-reports/obligations', {
        name: '生态环保专项检查举一反三周报',
        roundId: envRoundId,
        unitIds: [org.units.smelter],
        endDate: '2023-03-19',
      })
      .expect(201);
    // Friday 17 March: this week's deadline has passed, so nothing of it counts.
    expect(created.body).toMatchObject({
      startDate: '2023-03-17',
      uncountedPastWeeks: 0,
      firstCountedWeek: '2023-W12',
    });
  });

  it('point 11: a second obligation of the same round for the same units (or some of them) is refused with 409', async () => {
    const same = await office()
      .post('/api/v1/weekly-reports/obligations', { name: '重复的周报要求', roundId: fx.roundId })
      .expect(409);
    expect(same.body.code).toBe('OBLIGATION_OVERLAPS');
    expect(same.body.message).toContain(safetyObligation.name);
    expect(same.body.details).toMatchObject({ obligationId: safetyObligation.id });
    const some = await office()
      .post('/api/v1/weekly-reports/obligations', {
        name: '热电分厂加报',
        roundId: fx.roundId,
        unitIds: [org.units.power],
        startDate: '2023-03-20',
      })
      .expect(409);
    expect(some.body.details.unitNames).toEqual(['热电分厂']);
    const list = await office().get('/api/v1/weekly-reports/obligations').expect(200);
    expect(list.body.items.filter((o: { roundId: number }) => o.roundId === fx.roundId)).toHaveLength(1);
  });

  it('point 11: a unit obliged by two campaigns is assessed once for a week it missed, and the matrix shows each campaign’s status', async () => {
    const env = await office()
      .post('/api/v1/weekly-reports/obligations', {
        name: '生态环保专项举一反三周报',
        roundId: envRoundId,
        unitIds: [org.units.power, org.units.smelter],
        startDate: '2023-03-20',
      })
      .expect(201);
    // W12: 热电分厂 reports for the look-back but not for the environmental campaign; 电解厂 reports for neither.
    at('2023-03-22T02:00:00Z');
    await submit(safetyObligation.id, org.units.power, '2023-W12').expect(201);
    at('2023-03-24T02:00:00Z');
    await t.app.get(WeeklyReportsService).runDeadlines();
    const w12 = (await weeklyAssessments()).filter((a) => a.day === '2023-03-23');
    expect(w12.map((a) => a.unit_id).sort()).toEqual(
      [org.units.power, org.units.smelter, org.units.safetyDept].sort(),
    );
    // Both campaigns' reports of the week are on record (MISSING rows) for each.
    expect(
      (
        await t.db.query(
          `SELECT count(*)::int AS n FROM weekly_reports WHERE unit_id = $1 AND iso_week = 12 AND status = 'MISSING'`,
          [org.units.smelter],
        )
      )[0].n,
    ).toBe(2);

    const cell = rowOf(await matrix('2023-W12', '2023-W12'), org.units.power).cells[0];
    expect(cell).toMatchObject({ status: 'MISSING', worstCampaign: env.body.name });
    expect(cell.campaigns.map((c) => `${c.name}:${c.status}`)).toEqual([
      `${safetyObligation.name}:NONE_FOUND`,
      `${env.body.name}:MISSING`,
    ]);

    // The weekly page's matrix shows both campaigns in 热电分厂's W12 cell.
    const html = await officePage(
      `/weekly-reports/compliance?companyUnitId=${org.units.companyA}&from=2023-W12&to=2023-W12`,
    );
    const powerRow = html.split('<tr>').find((r) => r.includes('>热电分厂<'))!;
    expect(powerRow).toContain('class="cell-campaigns"');
    expect(powerRow).toContain(`${safetyObligation.name}：无同类问题`);
    expect(powerRow).toContain(`${env.body.name}：未报`);
  });

  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  );
  const spotItem = (extra: object = {}) => ({
    description: '电气工区配电室门口灭火器压力不足',
    location: '电气工区配电室',
    level: 'GENERAL',
    category: 'UNSAFE_CONDITION',
    fixedOnTheSpot: true,
    measures: '当场更换为合格灭火器并登记巡检卡',
    rootCause: '月度巡检未检查压力表，已将压力检查写入巡检卡',
    evidence: [{ fileName: '更换后的灭火器.png', contentBase64: png.toString('base64') }],
    ...extra,
  });

  it('point 12: an item reported as fixed on the spot awaits verification with the report’s evidence, and never becomes overdue', async () => {
    at('2023-03-28T02:00:00Z'); // Tuesday of W13
    // Fixed on the spot but nothing to show for it: refused, naming the evidence.
    const bare = await submit(safetyObligation.id, org.units.power, '2023-W13', {
      items: [spotItem({ evidence: [] })],
    }).expect(400);
    expect(bare.body.details.map((d: { field: string }) => d.field)).toContain('items.0.evidence');

    const sent = await submit(safetyObligation.id, org.units.power, '2023-W13', {
      items: [
        spotItem(),
        { ...spotItem({ description: '输煤栈桥护栏缺失' }), fixedOnTheSpot: false, deadline: '2023-04-10' },
      ],
    }).expect(201);
    const [fixed, owed] = sent.body.versionRecord.items as { findingId: number; measures: string | null }[];
    expect(fixed.measures).toBe('当场更换为合格灭火器并登记巡检卡');

    const f = (await power().get(`/api/v1/findings/${fixed.findingId}`).expect(200)).body;
    expect(f).toMatchObject({ source: 'SELF_CHECK', status: 'PENDING_VERIFICATION', deadline: '2023-03-28' });
    expect(f.plan).toMatchObject({ onTheSpot: true, measures: '当场更换为合格灭火器并登记巡检卡' });
    expect(f.evidence).toEqual([expect.objectContaining({ fileName: '更换后的灭火器.png', kind: 'AFTER' })]);
    expect(f.plan.onTheSpotEvidenceIds).toEqual([f.evidence[0].id]);
    const evidence = await power()
      .get(`/api/v1/findings/${fixed.findingId}/evidence/${f.evidence[0].id}`)
      .expect(200);
    expect(Buffer.compare(evidence.body as Buffer, png)).toBe(0);
    // The item not fixed on the spot is the unit's to rectify by its deadline, as before.
    expect((await power().get(`/api/v1/findings/${owed.findingId}`).expect(200)).body.status).toBe(
      'ASSIGNED',
    );

    // Weeks later, only the item still owed counts as overdue.
    at('2023-04-20T02:00:00Z');
    const overdue = (
      await office().get(`/api/v1/findings?overdue=true&source=SELF_CHECK&limit=100`).expect(200)
    ).body.items as { id: number }[];
    expect(overdue.map((x) => x.id)).toEqual([owed.findingId]);
  });

  it('point 12: a major hazard cannot be reported as fixed on the spot', async () => {
    at('2023-04-04T02:00:00Z');
    const major = await submit(safetyObligation.id, org.units.power, '2023-W14', {
      items: [spotItem({ level: 'MAJOR' })],
    }).expect(400);
    expect(major.body.details[0].field).toBe('items.0.fixedOnTheSpot');
  });
  it('the matrix of some weeks lists a campaign up to the day its round closed, and no later', async () => {
    // Set on Monday 27 March: counted from W13.
    at('2023-03-27T02:00:00Z');
    const round = await office()
      .post('/api/v1/rounds', {
        name: '2023年防汛专项检查',
        kind: 'SPECIAL',
        domain: 'SAFETY',
        companyUnitId: org.units.companyA,
        auditTeam: '公司安全环保健康部',
        startDate: '2023-03-01',
        endDate: '2023-03-02',
      })
      .expect(201);
    await office().post(`/api/v1/rounds/${round.body.id}/start`).expect(200);
    await office()
      .post('/api/v1/weekly-reports/obligations', {
        name: '防汛专项举一反三周报',
        roundId: round.body.id,
        unitIds: [org.units.smelter],
        startDate: '2023-03-01',
      })
      .expect(201);
    // Closed on Wednesday 5 April (W14), 10:00 in Shanghai.
    at('2023-04-05T02:00:00Z');
    await office().post(`/api/v1/rounds/${round.body.id}/close`).expect(200);
    // Whether 电解厂's cell of each week lists the campaign (the other campaigns of this file run on).
    const listed = async (from: string, to: string) =>
      rowOf(await matrix(from, to), org.units.smelter).cells.map((c) =>
        c.campaigns.some((x) => x.name === '防汛专项举一反三周报'),
      );
    expect(await listed('2023-W13', '2023-W15')).toEqual([true, true, false]);
    expect(await listed('2023-W15', '2023-W16')).toEqual([false, false]);
    expect(await listed('2023-W14', '2023-W14')).toEqual([true]);
  });
});
