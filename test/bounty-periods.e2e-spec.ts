import { DataSource } from 'typeorm';
import { Clock } from '../src/common/time/clock';
import { buildOrg, OrgFixture, TEST_PASSWORD } from './support/org-fixture';
import { binary, pdfPages } from './support/pdf-text';
import { startTestApp, TestApp } from './support/test-app';
import { webLogin } from './support/web-session';

interface LedgerBody {
  items: { id: number; status: string; amountYuan: number; stepOn: string }[];
  totals: { count: number; amountYuan: number; paidYuan: number };
  budget: { year: number; committed: number };
}

/**
 * One rule for a bounty's period everywhere: the day of the step it is at now — paid on (发放日期), else decided on,
 * else proposed on. A hazard reported and proposed in 2023 but approved and paid in 2026 is 2026's money on the
 * dashboard, in the ledger's year, in the year's budget and on the payment sheet.
 */
describe('Bounty periods: money paid belongs to the period it was paid in', () => {
  let t: TestApp;
  let org: OrgFixture;
  let oldBounty: number;
  let proposedNow: number;

  const as = (token: string) => ({
    get: (url: string) => t.http().get(url).set(org.auth(token)),
    post: (url: string, body: object = {}) => t.http().post(url).set(org.auth(token)).send(body),
  });
  const office = () => as(org.tokens.SAFETY_OFFICE);
  const ledger = async (qs: string) =>
    (await office().get(`/api/v1/bounties?${qs}`).expect(200)).body as LedgerBody;

  async function validReport(level: string) {
    const r = await as(org.tokens.REPORTER)
      .post('/api/v1/hazard-reports', {
        hazardUnitId: org.units.power,
        location: '燃化工区输煤栈桥',
        description: `输煤栈桥照明线路绝缘层破损（${level}）`,
        onBehalfOfUnit: false,
        hideIdentity: false,
      })
      .expect(201);
    await office()
      .post(`/api/v1/hazard-reports/${r.body.id}/triage`, {
        result: 'VALID',
        level,
        category: 'UNSAFE_CONDITION',
        deadline: '2027-03-31',
        responsiblePerson: '燃化工区主任',
        ...(level === 'MAJOR' ? { responsibleLeader: '分管副总经理' } : {}),
      })
      .expect(200);
    return (await office().post('/api/v1/bounties', { hazardReportId: r.body.id }).expect(201)).body
      .id as number;
  }

  beforeAll(async () => {
    t = await startTestApp();
    t.app.get(Clock).pinForTesting(new Date('2026-12-06T04:00:00Z'));
    org = await buildOrg(t);
    oldBounty = await validReport('MAJOR');
    proposedNow = await validReport('GENERAL');
    // The first one was proposed back in 2023 (as the demo's hazard reports were) and is approved and paid today.
    await t.app
      .get(DataSource)
      .query(`UPDATE bounties SET proposed_at = '2023-03-06T02:00:00Z' WHERE id = $1`, [oldBounty]);
    await as(org.tokens.SUPERVISION_LEADER)
      .post(`/api/v1/bounties/${oldBounty}/decision`, { approve: true })
      .expect(200);
    await office()
      .post(`/api/v1/bounties/${oldBounty}/payment`, { paidOn: '2026-12-06', paymentRef: '凭证-2026-01' })
      .expect(200);
  });
  afterAll(() => t.close());

  it('the ledger of a year lists what was paid, decided or proposed that year, and the budget counts the same', async () => {
    const y2026 = await ledger('from=2026-01-01&to=2026-12-31');
    expect(y2026.items.map((i) => [i.id, i.status, i.stepOn])).toEqual([
      [oldBounty, 'PAID', '2026-12-06'],
      [proposedNow, 'PROPOSED', '2026-12-06'],
    ]);
    expect(y2026.totals).toEqual({ count: 2, amountYuan: 2500, paidYuan: 2000 });
    expect(y2026.budget).toMatchObject({ year: 2026, committed: 2500 });
    const y2023 = await ledger('from=2023-01-01&to=2023-12-31');
    expect(y2023.items).toEqual([]);
    expect(y2023.budget).toMatchObject({ year: 2023, committed: 0 });
    // A period with only an end: the budget of the year it ends in, not this year's.
    expect((await ledger('to=2023-06-30')).budget).toMatchObject({ year: 2023, committed: 0 });
    expect((await ledger('from=2026-06-01')).budget).toMatchObject({ year: 2026, committed: 2500 });
  });

  it('the dashboard’s 举报奖励发放 links to a ledger whose total is the figure, in the API and on the page', async () => {
    for (const period of ['period=month&at=2026-12-06', 'period=year&at=2026-06-01']) {
      const body = (await office().get(`/api/v1/statistics/dashboard?${period}`).expect(200)).body;
      const fig = body.figures.find((f: { key: string }) => f.key === 'bountiesPaid');
      expect(fig.value).toBe(2000);
      expect(fig.href).toMatch(/^\/bounties\?status=PAID&from=2026-\d\d-01&to=2026-12-31$/);
      const listed = await ledger(fig.href.split('?')[1]);
      expect(listed.totals).toMatchObject({ count: 1, amountYuan: 2000, paidYuan: 2000 });
      expect(listed.items.map((i) => i.id)).toEqual([oldBounty]);
    }
    const cookie = await webLogin(t, 'office', TEST_PASSWORD);
    const page = await t
      .http()
      .get('/bounties?status=PAID&from=2026-12-01&to=2026-12-31')
      .set('Cookie', cookie);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<dt>奖励金额<\/dt><dd>2000 元<\/dd>/);
    expect(page.text).toContain(`id="bounty-${oldBounty}"`);
    const year = await t.http().get('/bounties?year=2026').set('Cookie', cookie);
    expect(year.text).toMatch(/<dt>已占用<\/dt><dd>2500 元/);
    expect(year.text).toContain(`id="bounty-${oldBounty}"`);
  });

  it('the payment sheet of 2026 prints the bounty paid in 2026', async () => {
    const res = await office()
      .get('/api/v1/reports/bounties?from=2026-01-01&to=2026-12-31')
      .buffer(true)
      .parse(binary);
    expect(res.status).toBe(200);
    const text = (await pdfPages(res.body as Buffer)).join('\n');
    expect(text).not.toContain('本期间无奖励记录');
    expect(text).toContain('2026-12-06');
    expect(text).toMatch(/合计\s*1 项/);
  });
});
