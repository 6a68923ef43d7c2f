import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import pg from 'pg';
import { dashboard as bestHandlerDashboard } from '../bench/best-dashboard';
import { Generator } from '../bench/generate';
import { dateInZone } from '../src/common/time/business-date';
import { CHART_KEYS } from '../src/dashboard/dashboard.dto';
import { DEMO_PASSWORD_HINT } from '../src/demo/demo-data';
import { hashPassword } from '../src/users/passwords';
import { bootTestApp } from './support/app-boot';
import { login } from './support/org-fixture';
import { binary, pdfPages } from './support/pdf-text';
import { webSession } from './support/web-session';
import { asDemoLoaded } from './support/demo-clock';
import { createTestDatabase, startTestApp, TestApp } from './support/test-app';

type Headers = { Authorization: string };
interface Figure {
  key: string;
  value: number | null;
  href: string | null;
}
interface Chart {
  key: string;
  unit: string;
  categories: string[];
  series: { name: string; values: (number | null)[]; links: (string | null)[] }[];
}
interface ListItem {
  id: number;
  status: string;
  level: string;
  source: string;
  foundDate: string;
  closedAt: string | null;
  deadline: string;
  overdue: boolean;
  unitId: number;
}

/** Every finding the user may see, read page by page from the finding list API. */
async function allFindings(t: TestApp, h: Headers): Promise<ListItem[]> {
  const items: ListItem[] = [];
  for (let offset = 0; ; offset += 200) {
    const page = (await t.http().get(`/api/v1/findings?limit=200&offset=${offset}`).set(h).expect(200)).body;
    items.push(...page.items);
    if (items.length >= page.total) return items;
  }
}

/** The finding list API's total for a dashboard link (/findings?… → /api/v1/findings?…). */
async function listTotal(t: TestApp, h: Headers, href: string): Promise<number> {
  expect(href.startsWith('/findings?')).toBe(true);
  return (await t.http().get(`/api/v1${href}&limit=1`).set(h).expect(200)).body.total;
}

const shanghaiDay = (iso: string) =>
  new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/** The key figures computed here from the list's rows, by the rules the README states. */
function independentFigures(items: ListItem[], from: string, to: string) {
  const inPeriod = (d: string) => d >= from && d <= to;
  const found = items.filter((f) => f.status !== 'CANCELLED' && inPeriod(f.foundDate));
  const closed = items.filter((f) => f.status === 'CLOSED' && inPeriod(shanghaiDay(f.closedAt!)));
  const upToEnd = items.filter((f) => f.foundDate <= to);
  const open = upToEnd.filter((f) =>
    ['ASSIGNED', 'RECTIFYING', 'PENDING_VERIFICATION', 'VERIFIED'].includes(f.status),
  );
  const days = closed
    .map((f) => (Date.parse(shanghaiDay(f.closedAt!)) - Date.parse(f.foundDate)) / 86_400_000)
    .sort((a, b) => a - b);
  const foundClosed = found.filter((f) => f.status === 'CLOSED').length;
  return {
    found: found.length,
    closed: closed.length,
    rectificationRate: found.length ? Math.round((foundClosed / found.length) * 1000) / 10 : null,
    open: open.length,
    overdue: upToEnd.filter((f) => f.overdue).length,
    majorOpen: open.filter((f) => f.level === 'MAJOR').length,
    avgDays: days.length ? Math.round((days.reduce((s, d) => s + d, 0) / days.length) * 10) / 10 : null,
    p90Days: days.length ? days[Math.ceil(days.length * 0.9) - 1] : null,
    cancelled: items.filter((f) => f.status === 'CANCELLED' && inPeriod(f.foundDate)).length,
  };
}

/** Compares every figure and every bar that links to the finding list with that list's total. */
async function checkLinks(t: TestApp, h: Headers, body: { figures: Figure[]; charts: Chart[] }) {
  let checked = 0;
  for (const f of body.figures.filter((x) => x.href?.startsWith('/findings?'))) {
    if (['rectificationRate', 'avgDays', 'p90Days'].includes(f.key)) continue;
    expect({ key: f.key, total: await listTotal(t, h, f.href!) }).toEqual({ key: f.key, total: f.value });
    checked++;
  }
  for (const c of body.charts.filter((x) => x.unit === '项'))
    for (const s of c.series)
      for (let i = 0; i < s.values.length; i++) {
        if (!s.links[i]?.startsWith('/findings?')) continue;
        const total = await listTotal(t, h, s.links[i]!);
        expect({ chart: c.key, bar: c.categories[i], total }).toEqual({
          chart: c.key,
          bar: c.categories[i],
          total: s.values[i],
        });
        checked++;
      }
  return checked;
}

describe('Dashboard 驾驶舱 (issue 17 part 1)', () => {
  describe('on the demo data', () => {
    let t: TestApp;
    let office: Headers;
    let unit: Headers;
    beforeAll(async () => {
      t = await startTestApp({ demo: true });
      office = { Authorization: `Bearer ${await login(t, 'han.jingyi', DEMO_PASSWORD_HINT)}` };
      unit = { Authorization: `Bearer ${await login(t, 'jia.pengfei', DEMO_PASSWORD_HINT)}` };
    }, 120_000);
    afterAll(() => t.close());

    const PERIOD = 'period=custom&from=2022-01-01&to=2023-12-31';

    it('17.1 key figures equal counts computed independently from the finding list API (office and unit scope)', async () => {
      for (const h of [office, unit]) {
        const body = (await t.http().get(`/api/v1/statistics/dashboard?${PERIOD}`).set(h).expect(200)).body;
        const mine = independentFigures(await allFindings(t, h), '2022-01-01', '2023-12-31');
        const figures = Object.fromEntries(body.figures.map((f: Figure) => [f.key, f.value]));
        expect(figures).toMatchObject(mine);
        expect(mine.found).toBeGreaterThan(0);
      }
    });

    it('17.1 every figure and bar links to the finding list with the same count', async () => {
      const body = (await t.http().get(`/api/v1/statistics/dashboard?${PERIOD}`).set(office).expect(200))
        .body;
      expect(body.charts.map((c: Chart) => c.key)).toEqual([...CHART_KEYS]);
      expect(await checkLinks(t, office, body)).toBeGreaterThan(20);
    });

    it('issue 20: the page shows the inspection figures of the API (office and 热电分厂), linking to their lists', async () => {
      // As of the demo's loading: a shift window ending since would be missed too (demo-clock.ts).
      await asDemoLoaded(t, inspectionFiguresAsLoaded);
    });

    async function inspectionFiguresAsLoaded() {
      const cases: [string, string, Headers][] = [['han.jingyi', '', office]];
      const found = (
        await t
          .http()
          .get(`/api/v1/units?q=${encodeURIComponent('热电分厂')}`)
          .set(office)
          .expect(200)
      ).body;
      const power = (found.items ?? found).find((u: { name: string }) => u.name === '热电分厂');
      cases.push(['han.jingyi', `unitId=${power.id}`, office]);
      for (const [user, query, h] of cases) {
        const api = (
          await t.http().get(`/api/v1/statistics/dashboard/inspections?${query}`).set(h).expect(200)
        ).body;
        const { cookie } = await webSession(t, user);
        const page = (await t.http().get(`/dashboard?${query}`).set('Cookie', cookie).expect(200)).text;
        for (const [key, apiKey] of [
          ['missedInspections', 'missedInspections'],
          ['sourcesWithGaps', 'sourcesWithGaps'],
          ['openGaps', 'openGaps'],
        ]) {
          const m = new RegExp(`data-figure="${key}"[\\s\\S]*?<a href="([^"]+)">([\\d,]+)</a>`).exec(page)!;
          expect({ key, href: m[1].replace(/&amp;/g, '&'), value: Number(m[2]) }).toEqual({
            key,
            href: api[apiKey].href,
            value: api[apiKey].value,
          });
        }
      }
      // The demo: one missed 焙烧炉 inspection and the 赤泥库's expired plan company-wide; none of either at 热电分厂.
      const all = (await t.http().get('/api/v1/statistics/dashboard/inspections').set(office).expect(200))
        .body;
      expect([all.missedInspections.value, all.sourcesWithGaps.value]).toEqual([1, 1]);
      const mine = (
        await t
          .http()
          .get(`/api/v1/statistics/dashboard/inspections?unitId=${power.id}`)
          .set(office)
          .expect(200)
      ).body;
      expect([mine.missedInspections.value, mine.sourcesWithGaps.value, mine.sources.value]).toEqual([
        0, 0, 1,
      ]);
    }

    it('17.1 the charts by unit name every bar apart: each company’s 安全环保健康部 after its company (QA: the weekly chart showed two bare 安全环保健康部)', async () => {
      const body = (await t.http().get(`/api/v1/statistics/dashboard?${PERIOD}`).set(office).expect(200))
        .body;
      for (const key of ['rateByUnit', 'weeklyByUnit']) {
        const chart = body.charts.find((c: Chart) => c.key === key) as Chart;
        expect([key, new Set(chart.categories).size]).toEqual([key, chart.categories.length]);
        expect(chart.categories).toContain('安全环保健康部（中铝山西铝业有限公司）');
      }
    });

    it('17.1 the demo’s refused close-outs are counted by the 五个不放过 rule they missed, the list shows the same findings', async () => {
      const body = (await t.http().get(`/api/v1/statistics/dashboard?${PERIOD}`).set(office).expect(200))
        .body;
      const chart = body.charts.find((c: Chart) => c.key === 'refusedRules') as Chart;
      const [counts] = chart.series.map((s) => s.values);
      // Every refused attempt of the demo still lacked the employees' satisfaction (rule 5).
      expect(counts[4]).toBeGreaterThan(0);
      expect(Math.max(...(counts as number[]))).toBe(counts[4]);
      const rows: { n: number }[] = await t.db.query(
        `SELECT count(DISTINCT finding_id)::int AS n FROM closeout_refusals WHERE 5 = ANY(unmet_rules)`,
      );
      expect(counts[4]).toBe(rows[0].n);
    });
  });

  describe('the API (demo data)', () => {
    let t: TestApp;
    let office: Headers;
    let leader: Headers;
    let unit: Headers;
    beforeAll(async () => {
      t = await startTestApp({ demo: true });
      office = { Authorization: `Bearer ${await login(t, 'han.jingyi', DEMO_PASSWORD_HINT)}` };
      leader = { Authorization: `Bearer ${await login(t, 'qin.guodong', DEMO_PASSWORD_HINT)}` };
      unit = { Authorization: `Bearer ${await login(t, 'jia.pengfei', DEMO_PASSWORD_HINT)}` };
    }, 120_000);
    afterAll(() => t.close());

    it('17.1 a refused close-out attempt is recorded with its unmet rules and counted today', async () => {
      const today = dateInZone(new Date(), 'Asia/Shanghai');
      const q = `period=custom&from=${today}&to=${today}`;
      const before = (await t.http().get(`/api/v1/statistics/dashboard?${q}`).set(office).expect(200)).body;
      const verified = (
        await t.http().get('/api/v1/findings?status=VERIFIED&limit=1').set(office).expect(200)
      ).body.items[0];
      const gate = (await t.http().get(`/api/v1/findings/${verified.id}/closeout`).set(leader).expect(200))
        .body;
      const unmet = gate.rules
        .filter((r: { satisfied: boolean }) => !r.satisfied)
        .map((r: { number: number }) => r.number);
      expect(unmet.length).toBeGreaterThan(0);
      const refused = await t.http().post(`/api/v1/findings/${verified.id}/closeout`).set(leader).expect(409);
      expect(refused.body.code).toBe('CLOSEOUT_RULES_UNMET');
      const after = (await t.http().get(`/api/v1/statistics/dashboard?${q}`).set(office).expect(200)).body;
      const counts = (b: { charts: Chart[] }) =>
        b.charts.find((c) => c.key === 'refusedRules')!.series[0].values;
      for (const n of unmet) expect(counts(after)[n - 1]).toBe((counts(before)[n - 1] as number) + 1);
      const link = after.charts.find((c: Chart) => c.key === 'refusedRules').series[0].links[unmet[0] - 1];
      const list = (await t.http().get(`/api/v1${link}`).set(office).expect(200)).body;
      expect(list.items.map((f: ListItem) => f.id)).toContain(verified.id);
      const history = (
        await t.http().get(`/api/v1/audit-log?entityType=Finding&entityId=${verified.id}`).set(office)
      ).body;
      expect(JSON.stringify(history)).toContain('FINDING_CLOSEOUT_REFUSED');
    });

    it('17.1 refuses a wrong period with 400 naming the field, and a unit outside the scope with 404', async () => {
      const bad = await t
        .http()
        .get('/api/v1/statistics/dashboard?period=custom&from=2023-03-01')
        .set(office);
      expect(bad.status).toBe(400);
      expect(bad.body.details[0].field).toBe('to');
      const reversed = await t
        .http()
        .get('/api/v1/statistics/dashboard?period=custom&from=2023-03-01&to=2023-01-01')
        .set(office);
      expect(reversed.status).toBe(400);
      const [other]: { id: number }[] = await t.db.query(`SELECT id FROM units WHERE code = 'XCL-RDFC'`);
      await t.http().get(`/api/v1/statistics/dashboard?unitId=${other.id}`).set(unit).expect(404);
    });

    it('17.1 serves each chart as SVG and the overview as PDF, and documents the statistics API in OpenAPI', async () => {
      const svg = await t
        .http()
        .get('/api/v1/statistics/dashboard/charts/overdueByUnit?period=year&at=2023-06-01')
        .set(office)
        .expect(200);
      expect(svg.headers['content-type']).toContain('image/svg+xml');
      // supertest keeps an image/* body as bytes.
      expect(Buffer.from(svg.body as Buffer).toString('utf8')).toMatch(
        /^<svg[\s\S]*<a href="\/findings\?[^"]*overdue=true/,
      );
      const pdf = await t
        .http()
        .get('/api/v1/reports/dashboard?period=quarter&at=2023-02-01')
        .set(office)
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(pdf.headers['content-type']).toContain('application/pdf');
      expect((await pdfPages(pdf.body))[0]).toContain('期间：2023年第1季度（2023-01-01 至 2023-03-31）');
      // A custom period's name is its dates: printed once (it read “2023-01-10 至 2023-02-20（2023-01-10 至 …）”).
      const custom = await t
        .http()
        .get('/api/v1/reports/dashboard?period=custom&from=2023-01-10&to=2023-02-20')
        .set(office)
        .buffer(true)
        .parse(binary)
        .expect(200);
      const first = (await pdfPages(custom.body))[0];
      expect(first).toMatch(/期间：2023-01-10 至 2023-02-20\s范围/);
      expect(first.split('2023-01-10 至 2023-02-20')).toHaveLength(2);
      const doc = (await t.http().get('/api/docs-json').expect(200)).body;
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining(['/api/v1/statistics/dashboard', '/api/v1/statistics/dashboard/figures']),
      );
      expect(doc.components.schemas.DashboardView).toBeDefined();
    });
  });

  describe('on generated data (the benchmark’s organisation, 1,000 findings)', () => {
    const PASSWORD = 'Generated-2026-pw';
    let t: TestApp;
    let app: INestApplication;
    let drop: () => Promise<void>;
    beforeAll(async () => {
      const database = await createTestDatabase();
      drop = database.drop;
      await new Generator(database.url, await hashPassword(PASSWORD), () => undefined).load(0, 1000);
      app = await bootTestApp(database.url);
      const server = app.getHttpServer();
      t = {
        app,
        http: () => request(server),
        db: app.get(DataSource),
        databaseUrl: database.url,
        close: async () => {},
      };
    }, 300_000);
    afterAll(async () => {
      await app?.close();
      await drop?.();
    });

    it('17.1 figures and every bar equal the finding list’s counts, for the office, a unit officer, a quarter and a year', async () => {
      const [{ username }]: { username: string }[] = await t.db.query(
        `SELECT username FROM users WHERE username LIKE 'aqy.%' ORDER BY id LIMIT 1`,
      );
      const today = dateInZone(new Date(), 'Asia/Shanghai');
      const yearAgo = `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`;
      const cut: number[] = [];
      for (const user of ['bench.office', username]) {
        const h = { Authorization: `Bearer ${await login(t, user, PASSWORD)}` };
        const items = await allFindings(t, h);
        expect(items.length).toBeGreaterThan(user === 'bench.office' ? 900 : 5);
        for (const [query, from, to] of [
          [`period=custom&from=${yearAgo}&to=${today}`, yearAgo, today],
          [`period=quarter&at=${today}`, '', ''],
        ]) {
          const body = (await t.http().get(`/api/v1/statistics/dashboard?${query}`).set(h).expect(200)).body;
          const period = body.period as { from: string; to: string };
          const figures = Object.fromEntries(body.figures.map((f: Figure) => [f.key, f.value]));
          expect(figures).toMatchObject(independentFigures(items, from || period.from, to || period.to));
          expect(await checkLinks(t, h, body)).toBeGreaterThan(10);
          // Every 厂 has its 储运工段 and 运行二班: each bar of the charts by unit must still be told apart.
          for (const key of ['rateByUnit', 'weeklyByUnit']) {
            const chart = (body.charts as Chart[]).find((c) => c.key === key)!;
            expect([key, new Set(chart.categories).size]).toEqual([key, chart.categories.length]);
          }
          // About 180 reporting units: the chart shows the 20 lowest on-time rates and says so (the printed
          // overview cut the whole list off at the page end).
          const weekly = (body.charts as Chart[]).find((c) => c.key === 'weeklyByUnit')!;
          const rates = weekly.series[0].values as number[];
          const all = /应报单位共 (\d+) 个，此处列最低的 20 个/.exec(
            (weekly as Chart & { rule: string }).rule,
          );
          if (all) cut.push(Number(all[1]));
          expect(rates.length).toBe(all ? 20 : Math.min(rates.length, 20));
          expect(rates).toEqual([...rates].sort((a, b) => a - b));
        }
      }
      // The office's year has every reporting unit of the organisation: well over 20.
      expect(cut[0]).toBeGreaterThan(100);
    });

    // The benchmark compares the service with its best handler byte for byte (issue 22) and fails the run when they
    // differ; a change of the service's answer (twin unit names given their company, 2026-12-06) once went unnoticed
    // until a full bench run. This keeps the two in step where a change is made.
    it('17.2 the benchmark’s best handler answers the 驾驶舱 byte for byte as the service does', async () => {
      const h = { Authorization: `Bearer ${await login(t, 'bench.office', PASSWORD)}` };
      const [office]: { id: number; path: string | null }[] = await t.db.query(
        `SELECT u.id, un.path FROM users u LEFT JOIN units un ON un.id = u.home_unit_id WHERE u.username = 'bench.office'`,
      );
      const [secondary]: { id: number }[] = await t.db.query(
        `SELECT id FROM units WHERE path ~ '^/[0-9]+/[0-9]+/$' ORDER BY path LIMIT 1`,
      );
      const pool = new pg.Pool({ connectionString: t.databaseUrl, max: 4 });
      // pool.end() resolves before its connections have closed; the database dropped right after terminates them,
      // and an idle client's error would go unhandled (seen once in CI on Node 24: 57P01).
      pool.on('error', () => undefined);
      try {
        const actor = { id: office.id, scope: null, home: office.path };
        for (const query of ['period=year', `period=quarter&unitId=${secondary.id}`]) {
          const service = (await t.http().get(`/api/v1/statistics/dashboard?${query}`).set(h).expect(200))
            .text;
          expect(JSON.parse(service).charts.length).toBeGreaterThan(3);
          expect(await bestHandlerDashboard(pool, actor, new URLSearchParams(query))).toBe(service);
        }
      } finally {
        await pool.end();
      }
    });
  });
});
