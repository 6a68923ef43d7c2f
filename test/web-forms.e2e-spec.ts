import { TEST_ADMIN_PASSWORD } from './support/app-boot';
import { buildRound, COMPLETE_PLAN, MAJOR_GOVERNANCE } from './support/findings-fixture';
import { buildOrg, OrgFixture, TEST_PASSWORD } from './support/org-fixture';
import { startTestApp, TestApp } from './support/test-app';
import { webSession } from './support/web-session';

/**
 * A page's form checks what the API checks for the same record (a fuzz of all 56 form routes found one that did not):
 * what the API refuses, the form refuses too, at its field, and keeps nothing.
 */
describe('Web forms refuse what the API refuses', () => {
  let t: TestApp;
  let org: OrgFixture;

  beforeAll(async () => {
    t = await startTestApp();
    org = await buildOrg(t);
  });
  afterAll(() => t.close());

  it('五落实 of a 重大隐患: the form asks 停产 yes or no, and "no" is an answer the plan is saved with', async () => {
    const fx = await buildRound(t, org);
    const major = await fx.logFinding({
      level: 'MAJOR',
      responsibleLeader: '分管副总',
      description: '燃气调压站泄漏报警仪失效',
    });
    const { cookie, csrf } = await webSession(t, 'unithead', TEST_PASSWORD, `/findings/${major.id}`);
    const page = await t.http().get(`/findings/${major.id}`).set('Cookie', cookie).expect(200);
    expect(page.text).toContain('name="stopProduction" value="no"');
    const send = (fields: Record<string, string>) =>
      t
        .http()
        .post(`/findings/${major.id}/plan`)
        .set('Cookie', cookie)
        .type('form')
        .send({
          _csrf: csrf,
          ...Object.fromEntries(Object.entries(COMPLETE_PLAN).map(([k, v]) => [k, String(v)])),
          interimControls: '设警戒区，专人监护',
          ...MAJOR_GOVERNANCE,
          ...fields,
        });
    // No choice is still refused at the choice; "不停产" is saved (the form could only say "stop" before).
    const undecided = await send({}).expect(400);
    expect(undecided.text).toContain('重大隐患须明确是否停产停工');
    await send({ stopProduction: 'no' }).expect(303);
    const saved = await t
      .http()
      .get(`/api/v1/findings/${major.id}`)
      .set(org.auth(org.tokens.UNIT_HEAD))
      .expect(200);
    expect(saved.body.plan).toMatchObject({ stopProduction: false, interimControls: '设警戒区，专人监护' });
    const shown = await t.http().get(`/findings/${major.id}`).set('Cookie', cookie).expect(200);
    expect(shown.text).toContain('<dt>停产整改</dt><dd>不停产，落实管控措施后整改</dd>');
  });

  it('群机器人: a name over 100 characters and a unit written 0x10 are refused at their fields, nothing added', async () => {
    const { cookie, csrf } = await webSession(t, 'admin', TEST_ADMIN_PASSWORD, '/notifications/robots');
    const robots = async () =>
      (await t.http().get('/api/v1/notifications/webhooks').set(org.auth(org.tokens.ADMIN)).expect(200)).body;
    const before = await robots();
    const add = (fields: Record<string, string>) =>
      t
        .http()
        .post('/notifications/robots')
        .set('Cookie', cookie)
        .type('form')
        .send({
          _csrf: csrf,
          owner: `unit:${org.units.power}`,
          channel: 'WECOM',
          url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1',
          ...fields,
        });
    const long = await add({ name: '热'.repeat(101) }).expect(400);
    expect(long.text).toMatch(/名称[^<]*100/);
    const hex = await add({ name: '热电分厂安全群', owner: 'unit:0x10' }).expect(400);
    expect(hex.text).toContain('单位');
    expect(await robots()).toEqual(before);
    // The same form with good values adds the robot.
    await add({ name: '热电分厂安全群' }).expect(303);
    expect((await robots()).length).toBe(before.length + 1);
  });
});
