import { DEMO_PASSWORD_HINT } from '../src/demo/demo-data';
import { login } from './support/org-fixture';
import { startTestApp, TestApp } from './support/test-app';
import { webLogin } from './support/web-session';

interface Assessment {
  id: number;
  unitId: number;
  noticeId: number | null;
}

/** The fields the draft form posts as a browser would: its hidden inputs, plus what the user typed and ticked. */
function draftFields(page: string): [string, string][] {
  const form = /<form method="post" action="\/notices"[\s\S]*?<\/form>/.exec(page)![0];
  return [...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]);
}
const rowIds = (page: string) =>
  [...page.matchAll(/name="assessmentIds" value="(\d+)"/g)].map((m) => Number(m[1]));

/** 起草通报: a refused save keeps the unit filter and the ticked rows in view (QA: it fell back to every unit's rows). */
describe('Notice draft refused: the filter and the ticked rows stay', () => {
  let t: TestApp;
  let cookie: string;
  let free: Assessment[];
  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    cookie = await webLogin(t, 'han.jingyi');
    const token = await login(t, 'han.jingyi', DEMO_PASSWORD_HINT);
    const all = await t.http().get('/api/v1/assessments?limit=500').set('Authorization', `Bearer ${token}`);
    free = (all.body.items as Assessment[]).filter((a) => a.noticeId === null);
  }, 120_000);
  afterAll(() => t.close());

  const post = (fields: [string, string][]) =>
    t
      .http()
      .post('/notices')
      .set('Cookie', cookie)
      .type('form')
      .send(fields.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'));

  it('keeps the unit filter: the same rows, the ticked one still ticked', async () => {
    const unitId = free[0].unitId;
    const form = await t.http().get(`/notices/new?unitId=${unitId}`).set('Cookie', cookie).expect(200);
    const shown = rowIds(form.text);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThan(free.length);
    const refused = await post([
      ...draftFields(form.text),
      ['title', ''],
      ['body', '正文保留'],
      ['assessmentIds', String(shown[0])],
    ]).expect(400);
    expect(rowIds(refused.text)).toEqual(shown);
    expect(refused.text).toMatch(new RegExp(`<option value="${unitId}" selected>`));
    expect(refused.text).toMatch(new RegExp(`value="${shown[0]}" id="pick-${shown[0]}" checked`));
    expect(refused.text).toContain('正文保留');
  });

  it('a ticked row outside the filter is shown with the filter’s rows', async () => {
    const unitId = free[0].unitId;
    const other = free.find((a) => a.unitId !== unitId)!;
    const form = await t.http().get(`/notices/new?unitId=${unitId}`).set('Cookie', cookie).expect(200);
    const refused = await post([
      ...draftFields(form.text),
      ['title', ''],
      ['body', '正文'],
      ['assessmentIds', String(other.id)],
    ]).expect(400);
    expect(rowIds(refused.text)).toEqual([...rowIds(form.text), other.id]);
    expect(refused.text).toMatch(new RegExp(`value="${other.id}" id="pick-${other.id}" checked`));
  });
});
