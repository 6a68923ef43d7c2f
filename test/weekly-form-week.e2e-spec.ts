import { DEMO_PASSWORD_HINT } from '../src/demo/demo-data';
import { Clock } from '../src/common/time/clock';
import { login } from './support/org-fixture';
import { startTestApp, TestApp } from './support/test-app';
import { webLogin } from './support/web-session';

interface Obligation {
  id: number;
  startDate: string;
  endDate: string | null;
  active: boolean;
}

/**
 * 填报周报 (QA, today 2026-12-06): the form defaulted to the demo's campaign that ended 2023-04-09 and said 2026-W49
 * was 尚未报送 and already late, while submitting it was refused as outside the campaign. The form now defaults only
 * to a campaign that asks for the shown week, and never says a week is due or late that its campaign does not ask for.
 */
describe('Weekly report form: only a week the campaign asks for is due', () => {
  let t: TestApp;
  let cookie: string;
  let ended: Obligation;
  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    t.app.get(Clock).pinForTesting(new Date('2026-12-06T04:00:00Z'));
    cookie = await webLogin(t, 'wen.xiaofeng');
    const token = await login(t, 'wen.xiaofeng', DEMO_PASSWORD_HINT);
    const list = await t
      .http()
      .get('/api/v1/weekly-reports/obligations')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    ended = (list.body.items as Obligation[]).find((o) => o.active && o.endDate && o.endDate < '2026-01-01')!;
    expect(ended).toBeDefined();
  }, 120_000);
  afterAll(() => t.close());

  const page = async (qs = '') =>
    (await t.http().get(`/weekly-reports/new${qs}`).set('Cookie', cookie).expect(200)).text;

  it('defaults to no campaign when none asks for this week, and says no report is due', async () => {
    const html = await page();
    expect(html).toContain('2026-W49 没有要求本单位报送的举一反三周报');
    expect(html).not.toContain('尚未报送');
    expect(html).not.toContain('迟报');
    expect(html).not.toContain('action="/weekly-reports?_csrf');
  });

  it('a campaign chosen for a week it does not ask for says so, with no due, late or submit', async () => {
    const html = await page(`?obligationId=${ended.id}&week=2026-W49`);
    expect(html).toContain('不要求报送 2026-W49 的周报');
    expect(html).not.toContain('尚未报送');
    expect(html).not.toContain('已过截止时间');
    expect(html).not.toContain('action="/weekly-reports?_csrf');
  });

  it('a week inside the campaign still opens the form', async () => {
    const html = await page(`?obligationId=${ended.id}&week=2023-W12`);
    expect(html).not.toContain('id="weekly-not-required"');
    expect(html).toContain('<dt>截止时间</dt>');
  });
});
