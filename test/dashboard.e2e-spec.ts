import { DEMO_PASSWORD_HINT } from '../src/demo/demo-data';
import { login } from './support/org-fixture';
import { startTestApp, TestApp } from './support/test-app';

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
      expect(body.charts.map((c: Chart) => c.key)).toEqual([
        'byMonth',
        'overdueByUnit',
        'byLevel',
        'bySource',
        'rateByUnit',
        'refusedRules',
        'similarGroups',
        'weeklyByUnit',
      ]);
      expect(await checkLinks(t, office, body)).toBeGreaterThan(20);
    });

    it('17.1 the demo’s refused close-outs are counted by the 五个不放过 rule they missed, the list shows the same findings', async () => {
      const body = (await t.http().get(`/api/v1/statistics/dashboard?${PERIOD}`).set(office).expect(200)).body;
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
});
