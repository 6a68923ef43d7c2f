import { TEST_ADMIN_PASSWORD } from './support/app-boot';
import { buildOrg, OrgFixture } from './support/org-fixture';
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
