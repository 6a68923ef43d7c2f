import { DemoSeeder } from '../src/demo/demo-seeder';
import { DEMO_PASSWORD_HINT } from '../src/demo/demo-data';
import { login } from './support/org-fixture';
import { startTestApp, TestApp } from './support/test-app';

/** The demo data that `npm start` loads on a fresh machine, walked through the API as its users would. */
describe('Demo data: the January 2023 look-back', () => {
  let t: TestApp;
  let office: { Authorization: string };

  // The one test file that seeds for real (the others clone the demo template): it tests the seeding itself — that
  // it loads into an empty database and only there. Seeding takes ~30 s on a quiet 2-core machine and several times
  // that under load, hence this hook's own timeout.
  beforeAll(async () => {
    t = await startTestApp();
    expect(await t.app.get(DemoSeeder).seedIfEmpty()).toBe(true);
    office = { Authorization: `Bearer ${await login(t, 'han.jingyi', DEMO_PASSWORD_HINT)}` };
  }, 5 * 60_000);
  afterAll(() => t.close());

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

  it('lets a unit officer log in and see only their unit’s findings', async () => {
    const token = await login(t, 'wen.xiaofeng', DEMO_PASSWORD_HINT);
    const mine = (
      await t
        .http()
        .get('/api/v1/findings?limit=200')
        .set({ Authorization: `Bearer ${token}` })
        .expect(200)
    ).body;
    expect(mine.total).toBeGreaterThan(0);
    const names = new Set((mine.items as { unitName: string }[]).map((f) => f.unitName));
    expect(
      [...names].every((n) => ['热电分厂', '电气工区', '燃化工区', '电力工区', '配电运行班'].includes(n)),
    ).toBe(true);
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

  it('is loaded only into an empty database', async () => {
    expect(await t.app.get(DemoSeeder).seedIfEmpty()).toBe(false);
  });
});
