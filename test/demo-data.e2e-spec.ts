import { addDays } from '../src/common/time/business-date';
import { DemoSeeder } from '../src/demo/demo-seeder';
import { LatenessAssessmentsService } from '../src/findings/lateness-assessments.service';
import { DEMO_PASSWORD_HINT } from '../src/demo/demo-data';
import { login } from './support/org-fixture';
import { binary, pdfPages } from './support/pdf-text';
import { startTestApp, TestApp } from './support/test-app';
import { asDemoLoaded } from './support/demo-clock';
import { webLogin } from './support/web-session';

/** The demo data that `npm start` loads on a fresh machine, walked through the API as its users would. */
describe('Demo data: the January 2023 look-back', () => {
  let t: TestApp;
  let office: { Authorization: string };

  // The demo template of this run (test/support/test-databases.ts) was loaded by DemoSeeder.seedIfEmpty into an empty
  // database, as a first start loads it, and fails the run if that loaded nothing; this file walks through a clone
  // of it. The service's own first start with the demo data is test/service-process.e2e-spec.ts.
  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    office = { Authorization: `Bearer ${await login(t, 'han.jingyi', DEMO_PASSWORD_HINT)}` };
  });
  afterAll(() => t.close());

  /** A demo user's answer to a GET (logged in with the demo password). */
  const getAs = async (username: string, path: string) => {
    const token = await login(t, username, DEMO_PASSWORD_HINT);
    return (
      await t
        .http()
        .get(path)
        .set({ Authorization: `Bearer ${token}` })
        .expect(200)
    ).body;
  };

  it('has the four look-back rounds with 14, 13, 10 and 6 audit-team findings, each beside its 2022 audit', async () => {
    const rounds = (await t.http().get('/api/v1/rounds?kind=LOOK_BACK').set(office).expect(200)).body
      .items as { id: number; name: string; originalRoundId: number }[];
    expect(rounds).toHaveLength(4);
    const totals: Record<string, number> = {};
    for (const r of rounds) {
      // The audit team's line of the round's statistics: its findings without the cancelled ones (counting.ts).
      const stats = (await t.http().get(`/api/v1/rounds/${r.id}/statistics`).set(office).expect(200)).body;
      const list = (
        await t
          .http()
          .get(`/api/v1/findings?roundId=${r.id}&source=AUDIT_TEAM&limit=1`)
          .set(office)
          .expect(200)
      ).body;
      totals[r.name] = stats.bySource.find((l: { source: string }) => l.source === 'AUDIT_TEAM').total;
      expect(totals[r.name]).toBe(stats.total);
      expect(list.total).toBeGreaterThanOrEqual(totals[r.name]); // the list also holds the cancelled ones
      expect(r.originalRoundId).toBeTruthy();
    }
    expect(Object.values(totals).sort((a, b) => a - b)).toEqual([6, 10, 13, 14]);
    expect(Object.keys(totals).find((n) => totals[n] === 14)).toContain('职业健康安全');
    expect(Object.keys(totals).find((n) => totals[n] === 14)).toContain('新材料');
  });

  it('holds findings in every lifecycle state', async () => {
    const rows: { status: string; n: number }[] = await t.db.query(
      `SELECT status, count(*)::int AS n FROM findings GROUP BY status`,
    );
    expect(rows.map((r) => r.status).sort()).toEqual([
      'ASSIGNED',
      'CANCELLED',
      'CLOSED',
      'PENDING_VERIFICATION',
      'RECTIFYING',
      'VERIFIED',
    ]);
  });

  it('closed every demo finding through the five rules, and keeps the change log intact', async () => {
    const closed = (await t.http().get('/api/v1/findings?status=CLOSED&limit=1').set(office).expect(200)).body
      .items[0];
    const gate = (await t.http().get(`/api/v1/findings/${closed.id}/closeout`).set(office).expect(200)).body;
    expect(gate.rules.every((r: { satisfied: boolean }) => r.satisfied)).toBe(true);
    expect(gate.rules[0].detail).toMatch(/^2\d{3}-\d{2}-\d{2} /);
    const admin = `Bearer ${await login(t, 'admin', 'AdminPass2023')}`;
    expect(
      (await t.http().get('/api/v1/audit-log/verify').set('Authorization', admin).expect(200)).body.ok,
    ).toBe(true);
  });

  it('issue 16, 1–5: verified by independent members of the round’s group, PASS with evidence, satisfaction recorded by the group; no finding stuck', async () => {
    const [{ bare }] = await t.db.query(
      `SELECT count(*)::int AS bare FROM verifications WHERE result = 'PASS' AND cardinality(evidence_ids) = 0`,
    );
    expect(bare).toBe(0);
    const [{ outsiders }] = await t.db.query(
      `SELECT count(*)::int AS outsiders FROM verifications v
         JOIN findings f ON f.id = v.finding_id JOIN rounds r ON r.id = f.round_id
        WHERE NOT EXISTS (SELECT 1 FROM supervision_group_members m
                           WHERE m.group_id = r.supervision_group_id AND m.user_id = v.verifier_id)`,
    );
    expect(outsiders).toBe(0);
    const recorders: { method: string | null; roles: string }[] = await t.db.query(
      `SELECT s.method, u.roles::text AS roles FROM satisfaction_confirmations s JOIN users u ON u.id = s.recorded_by_id`,
    );
    expect(recorders.length).toBeGreaterThan(0);
    for (const r of recorders) {
      expect(r.method).toBeTruthy();
      expect(r.roles).toMatch(/SUPERVISOR|SUPERVISION_LEADER|SAFETY_OFFICE/);
    }
    // Every VERIFIED finding can go on to close-out: rule 1 (an independent PASS with evidence) holds.
    const verified = (
      await t.http().get('/api/v1/findings?status=VERIFIED&limit=200').set(office).expect(200)
    ).body.items as { id: number }[];
    expect(verified.length).toBeGreaterThan(0);
    for (const f of verified) {
      const gate = (await t.http().get(`/api/v1/findings/${f.id}/closeout`).set(office).expect(200)).body;
      expect({ id: f.id, rule1: gate.rules[0].satisfied }).toEqual({ id: f.id, rule1: true });
    }
  });

  it('lets a unit officer log in and see only their unit’s findings', async () => {
    const mine = await getAs('wen.xiaofeng', '/api/v1/findings?limit=200');
    expect(mine.total).toBeGreaterThan(0);
    const names = new Set((mine.items as { unitName: string }[]).map((f) => f.unitName));
    expect(
      [...names].every((n) => ['热电分厂', '电气工区', '燃化工区', '电力工区', '配电运行班'].includes(n)),
    ).toBe(true);
  });

  it('lists each person’s notifications newest first by date, as they happened in 2023', async () => {
    let seen = 0;
    for (const username of ['hou.xiaodong', 'wen.xiaofeng', 'han.jingyi']) {
      const page = (await getAs(username, '/api/v1/notifications?limit=200')) as {
        items: { id: number; createdAt: string }[];
      };
      const times = page.items.map((n) => n.createdAt);
      expect(times).toEqual([...times].sort().reverse());
      seen += times.length;
    }
    expect(seen).toBeGreaterThan(10);
  });

  it('uses no text with the broken punctuation of seed 002', async () => {
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM findings WHERE description ~ '[袁遥野冶尧]'`,
    );
    expect(n).toBe(0);
  });

  it('has Thursday reports: on time, none found, with self-found problems, late and missing, with their assessments', async () => {
    const reports: { status: string; none_found: boolean; item_count: number }[] = await t.db.query(
      `SELECT status, none_found, item_count FROM weekly_reports`,
    );
    expect(new Set(reports.map((r) => r.status))).toEqual(new Set(['ON_TIME', 'LATE', 'MISSING']));
    expect(reports.some((r) => r.none_found)).toBe(true);
    expect(reports.some((r) => r.item_count > 0)).toBe(true);
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM assessments WHERE reason IN ('MISSING_WEEKLY_REPORT', 'LATE_WEEKLY_REPORT')`,
    );
    expect(n).toBeGreaterThan(0);
    const company = (await t.http().get('/api/v1/units?q=XCL').set(office).expect(200)).body.items.find(
      (u: { code: string }) => u.code === 'XCL',
    );
    const matrix = (
      await t
        .http()
        .get(`/api/v1/weekly-reports/compliance?companyUnitId=${company.id}&from=2023-W07&to=2023-W14`)
        .set(office)
        .expect(200)
    ).body;
    expect(matrix.rows.length).toBeGreaterThan(5);
    expect(matrix.totals.MISSING).toBeGreaterThan(0);
    expect(matrix.totals.ON_TIME + matrix.totals.NONE_FOUND).toBeGreaterThan(matrix.totals.MISSING);
  });

  it('issue 16 point 12: self-check items the units fixed on the spot await verification with their photo, and none is overdue', async () => {
    const spot: { status: string; evidence: number }[] = await t.db.query(
      `SELECT f.status, (SELECT count(*)::int FROM evidence_files e WHERE e.finding_id = f.id) AS evidence
         FROM findings f WHERE f.source = 'SELF_CHECK' AND '现场已整改' = ANY(f.tags)`,
    );
    expect(spot).toHaveLength(15); // the 15 that used to be counted overdue
    expect(spot.filter((f) => f.status !== 'PENDING_VERIFICATION' || f.evidence < 1)).toEqual([]);
    const overdue = (await t.http().get('/api/v1/findings?overdue=true&limit=200').set(office).expect(200))
      .body.items as { tags: string[] }[];
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.filter((f) => f.tags.includes('现场已整改'))).toEqual([]);
  });

  it('has a few hazard reports: a paid bounty, approved and proposed ones, a duplicate and an invalid report', async () => {
    const reports = (await t.http().get('/api/v1/hazard-reports').set(office).expect(200)).body.items as {
      status: string;
      bounty: { status: string } | null;
    }[];
    expect(reports.map((r) => r.status).sort()).toEqual(['DUPLICATE', 'INVALID', 'VALID', 'VALID', 'VALID']);
    expect(
      reports
        .map((r) => r.bounty?.status)
        .filter(Boolean)
        .sort(),
    ).toEqual(['APPROVED', 'PAID', 'PROPOSED']);
  });

  it('16.6/16.9: assesses each overdue finding once after seeding (OVERDUE, from the day after its deadline), self-found ones not', async () => {
    const list = async (q: string) =>
      (await t.http().get(`/api/v1/findings?overdue=true&limit=200&${q}`).set(office).expect(200)).body
        .items as { id: number; deadline: string }[];
    const overdue = [
      ...(await list('source=AUDIT_TEAM')),
      ...(await list('source=COMPANY_CHECK')),
      ...(await list('source=HAZARD_REPORT')),
    ];
    const selfFound = await list('source=SELF_CHECK');
    expect(overdue.length).toBeGreaterThan(0);
    const assessed = (
      await t.http().get('/api/v1/assessments?reason=OVERDUE&limit=500').set(office).expect(200)
    ).body.items as { findingId: number; assessedOn: string }[];
    const byFinding = new Map(assessed.map((a) => [a.findingId, a]));
    expect(byFinding.size).toBe(assessed.length); // once each
    for (const f of overdue) {
      const lateness = (
        await t.http().get(`/api/v1/assessments?findingId=${f.id}`).set(office).expect(200)
      ).body.items.filter((a: { reason: string }) => ['OVERDUE', 'LATE_RECTIFICATION'].includes(a.reason));
      expect(lateness).toHaveLength(1);
      const overdueOne = byFinding.get(f.id);
      if (overdueOne) expect(overdueOne.assessedOn).toBe(addDays(f.deadline, 1));
    }
    expect(overdue.filter((f) => byFinding.has(f.id)).length).toBeGreaterThan(0);
    for (const f of selfFound) expect(byFinding.has(f.id)).toBe(false);
    // The first start's job finds nothing more to do, and runs once that day.
    const job = t.app.get(LatenessAssessmentsService);
    expect((await job.runOverdueJob('first-start')).assessed).toEqual([]);
    expect((await job.runOverdueJob('second-instance')).day).toBeNull();
  });

  it('has four 重要危险源 with the last days’ inspections: three failed items became findings, one missed, one gap', async () => {
    const sources = (await t.http().get('/api/v1/hazard-sources').set(office).expect(200)).body.items as {
      id: number;
      name: string;
      unitName: string;
      openGaps: number;
      gaps: { kind: string; closed: boolean; label: string }[];
      supplies: unknown[];
      drills: unknown[];
    }[];
    expect(Object.fromEntries(sources.map((s) => [s.name, s.unitName]))).toEqual({
      煤气管网: '热电分厂',
      赤泥库: '氧化铝厂',
      多功能天车区域: '电解一工区',
      焙烧炉煤气区域: '焙烧工区',
    });
    for (const s of sources) {
      expect(s.supplies.length).toBeGreaterThan(0);
      expect(s.drills.length).toBeGreaterThan(0);
    }
    // The 赤泥库's 专项应急预案 expired: its only gap, and the dashboard's.
    const gapped = sources.filter((s) => s.openGaps > 0);
    expect(gapped.map((s) => [s.name, s.gaps.map((g) => g.kind)])).toEqual([['赤泥库', ['DOC_EXPIRED']]]);
    expect(gapped[0].gaps[0].label).toContain('专项应急预案');
    const done = (await t.http().get('/api/v1/inspection-tasks?state=done&limit=200').set(office).expect(200))
      .body as { total: number; items: { failed: number; findingIds: number[]; signature: string }[] };
    expect(done.total).toBeGreaterThanOrEqual(12); // a few dozen, not months of shifts
    expect(done.total).toBeLessThanOrEqual(60);
    const failedTasks = done.items.filter((x) => x.failed > 0);
    expect(failedTasks.flatMap((x) => x.findingIds)).toHaveLength(3);
    for (const id of failedTasks.flatMap((x) => x.findingIds)) {
      const f = (await t.http().get(`/api/v1/findings/${id}`).set(office).expect(200)).body;
      expect(f.tags).toContain('重要危险源检查');
      expect(f.evidence.length).toBeGreaterThanOrEqual(1); // the inspector's photo
      // Named as a phone would send it, in UTF-8 (not its bytes read as Latin-1: "æ£æ¥…").
      expect(f.evidence.map((e: { fileName: string }) => e.fileName)).toContainEqual(
        expect.stringMatching(/^检查第\d+项\.jpg$/),
      );
    }
    // The sources' document files too: "RDFC-ZD-01 煤气管网安全管理制度.pdf".
    const documentNames = (
      (await t.db.query('SELECT file_name FROM hazard_source_document_files')) as { file_name: string }[]
    ).map((r) => r.file_name);
    expect(documentNames.length).toBeGreaterThan(0);
    for (const name of documentNames) expect(name).toMatch(/^[A-Z0-9-]+ [\u4e00-\u9fff（）《》、]+.*\.pdf$/);
    // As of the demo's loading: a shift window ending since would be missed too (demo-clock.ts).
    await asDemoLoaded(t, todaysInspections);
  });

  /** Today's inspection tasks and figures, as the demo leaves them. */
  async function todaysInspections() {
    // Today's tasks exist (the demo makes them as the daily job does): 煤气管网's 班组 shift now open, to be done.
    const due = (await t.http().get('/api/v1/inspection-tasks?state=due&limit=200').set(office).expect(200))
      .body.items as { sourceName: string; level: string }[];
    expect(due).toContainEqual(expect.objectContaining({ sourceName: '煤气管网', level: 'TEAM' }));
    const missed = (await t.http().get('/api/v1/inspection-tasks?state=missed').set(office).expect(200)).body;
    expect(missed.total).toBe(1);
    expect(missed.items[0]).toMatchObject({ sourceName: '焙烧炉煤气区域', level: 'TEAM' });
    const figures = (await t.http().get('/api/v1/statistics/dashboard/inspections').set(office).expect(200))
      .body;
    expect(figures).toMatchObject({
      missedInspections: { value: 1 },
      sources: { value: 4 },
      sourcesWithGaps: { value: 1 },
      openGaps: { value: 1 },
    });
  }

  it('issue 21: one MAJOR finding listed for supervision (挂牌督办) still in progress, and delisted ones', async () => {
    const rows: { status: string; finding_status: string; level: string }[] = await t.db.query(
      `SELECT l.status, f.status AS finding_status, f.level
         FROM supervision_listings l JOIN findings f ON f.id = l.finding_id ORDER BY l.id`,
    );
    expect(rows.every((r) => r.level === 'MAJOR')).toBe(true);
    const inProgress = rows.filter((r) => r.status !== 'DELISTED');
    expect(inProgress).toHaveLength(1);
    expect(inProgress[0].finding_status).not.toBe('CLOSED');
    const delisted = rows.filter((r) => r.status === 'DELISTED');
    expect(delisted.length).toBeGreaterThanOrEqual(1);
    expect(delisted.every((r) => r.finding_status === 'CLOSED')).toBe(true);
  });

  it('issue 21: a 公司督办 notice is issued by the finding’s own company (letterhead and 督办单位), numbered in the one yearly 文号 series', async () => {
    const listings: { id: number; finding: { code: string; unitName: string } }[] = (
      await t.http().get('/api/v1/major-hazard-supervision/listings?limit=50').set(office).expect(200)
    ).body.items;
    const hongtai = listings.find((l) => l.finding.unitName === '宏泰粉煤灰开发事业部')!;
    const res = await t
      .http()
      .get(`/api/v1/reports/major-hazard-listings/${hongtai.id}/notice`)
      .set(office)
      .buffer(true)
      .parse(binary)
      .expect(200);
    const text = (await pdfPages(res.body as Buffer)).join('\n');
    expect(text).toContain('中铝山西铝业有限公司安全环保健康部');
    expect(text).not.toContain('中铝山西新材料有限公司');
    const rows: { doc_number: string; supervising_unit: string; company: string }[] = await t.db.query(
      `SELECT l.doc_number, l.supervising_unit, c.name AS company
         FROM supervision_listings l JOIN findings f ON f.id = l.finding_id JOIN units u ON u.id = f.unit_id
         JOIN units c ON c.id = split_part(trim(both '/' from u.path), '/', 1)::int ORDER BY l.id`,
    );
    expect(rows.map((r) => r.supervising_unit)).toEqual(rows.map((r) => `${r.company}安全环保健康部`));
    expect(rows.map((r) => r.doc_number)).toEqual(rows.map((_, i) => `重大隐患督〔2023〕${i + 1}号`));
  });

  it('a 2023 finding’s 历史记录 says beside 登记问题 when it was found; the log keeps the time the demo wrote it', async () => {
    const [f] = (await t.db.query(
      `SELECT f.id, to_char(f.found_date, 'YYYY-MM-DD') AS found, e.actor_name AS actor,
              to_char(e.occurred_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS logged
         FROM findings f
         JOIN change_events e ON e.entity_type = 'Finding' AND e.entity_id = f.id::text AND e.action = 'FINDING_CREATED'
        WHERE f.found_date >= '2023-01-01' AND f.found_date < '2024-01-01'
        ORDER BY f.id LIMIT 1`,
    )) as { id: number; found: string; actor: string; logged: string }[];
    // The change log is not backdated: its entry is from the demo's loading (this run), not 2023.
    expect(f.logged.slice(0, 4)).not.toBe('2023');
    const cookie = await webLogin(t, 'han.jingyi');
    const page = (await t.http().get(`/findings/${f.id}`).set('Cookie', cookie).expect(200)).text;
    const history = /<section class="card" id="history">[\s\S]*?<\/section>/.exec(page)![0];
    expect(history).toContain('时间为记入本系统的时间。');
    expect(history).toContain(
      `<li>${f.logged} <strong>${f.actor}</strong> 登记问题（发现于 ${f.found}）</li>`,
    );
  });

  it('is loaded only into an empty database', async () => {
    expect(await t.app.get(DemoSeeder).seedIfEmpty()).toBe(false);
  });
});
