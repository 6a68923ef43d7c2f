import { JwtService } from '@nestjs/jwt';
import { TokenKeyService } from '../src/auth/token-key.service';
import { buildOrg, login, OrgFixture, TEST_PASSWORD } from './support/org-fixture';
import { startTestApp, TestApp } from './support/test-app';
import { webLogin } from './support/web-session';

describe('Login and tokens', () => {
  let t: TestApp;
  let org: OrgFixture;
  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_MAX_FAILURES: '3' } });
    org = await buildOrg(t);
  });
  afterAll(() => t.close());

  const me = (token: string) => t.http().get('/api/v1/auth/me').set(org.auth(token));

  it('logs in with the right password and tells who I am', async () => {
    const res = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ username: 'UnitOfficer', password: TEST_PASSWORD })
      .expect(200);
    expect(res.body).toEqual({ accessToken: expect.any(String), expiresIn: 8 * 3600 });
    const who = await me(res.body.accessToken).expect(200);
    expect(who.body).toMatchObject({
      username: 'unitofficer',
      roles: ['UNIT_OFFICER'],
      homeUnit: { id: org.units.power, name: '热电分厂' },
      scope: 'UNIT_SUBTREE',
    });
  });

  it('answers a wrong password and an unknown user the same way', async () => {
    const wrong = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ username: 'viewer', password: 'nope-1234' })
      .expect(401);
    const unknown = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ username: 'nobody', password: 'nope-1234' })
      .expect(401);
    const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
    expect(strip(wrong.body)).toEqual(strip(unknown.body));
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
  });

  it('throttles repeated failures, even when the right password follows', async () => {
    for (let i = 0; i < 3; i++) {
      await t
        .http()
        .post('/api/v1/auth/login')
        .send({ username: 'supervisor', password: `wrong-${i}` })
        .expect(401);
    }
    const res = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ username: 'supervisor', password: TEST_PASSWORD })
      .expect(429);
    expect(res.body.code).toBe('LOGIN_THROTTLED');
    // Other users are not affected.
    await login(t, 'leader');
  });

  it('refuses a missing or bad token with 401', async () => {
    expect((await t.http().get('/api/v1/auth/me').expect(401)).body.code).toBe('UNAUTHORIZED');
    await t.http().get('/api/v1/auth/me').set('Authorization', 'Bearer not.a.token').expect(401);
    // The real token first: once verified it is remembered, and a forged signature on the same payload is still
    // another token, verified in full.
    await me(org.tokens.VIEWER).expect(200);
    const [h, p] = org.tokens.VIEWER.split('.');
    await t
      .http()
      .get('/api/v1/auth/me')
      .set('Authorization', `Bearer ${h}.${p}.forgedsignature`)
      .expect(401);
  });

  it('stops accepting a token at its expiry, also one it has already accepted', async () => {
    const { sub, tv } = JSON.parse(Buffer.from(org.tokens.VIEWER.split('.')[1], 'base64url').toString()) as {
      sub: number;
      tv: number;
    };
    // Signed as the service signs, with the service's key, but valid for 2 seconds only.
    const key = await t.app.get(TokenKeyService).get();
    const shortLived = await t.app
      .get(JwtService)
      .signAsync({ sub, tv }, { secret: key as unknown as string, expiresIn: 2, algorithm: 'HS256' });
    await me(shortLived).expect(200);
    await me(shortLived).expect(200);
    await new Promise((r) => setTimeout(r, 2_100));
    const res = await me(shortLived).expect(401);
    expect(res.body.code).toBe('UNAUTHORIZED');
  });

  it('stops a deactivated user from logging in, and their existing token stops working', async () => {
    const token = org.tokens.otherUnitOfficer;
    await me(token).expect(200);
    const user = await t
      .http()
      .get(`/api/v1/users/${org.users.otherofficer}`)
      .set(org.auth(org.tokens.ADMIN))
      .expect(200);
    await t
      .http()
      .post(`/api/v1/users/${org.users.otherofficer}/deactivate`)
      .set(org.auth(org.tokens.ADMIN))
      .send({ version: user.body.version })
      .expect(200);
    await me(token).expect(401);
    const res = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ username: 'otherofficer', password: TEST_PASSWORD })
      .expect(401);
    expect(res.body.code).toBe('ACCOUNT_DISABLED');
  });

  it('lets every user change their own password; the old token and password stop working', async () => {
    const old = await login(t, 'reporter');
    const weak = await t
      .http()
      .post('/api/v1/auth/password')
      .set(org.auth(old))
      .send({ currentPassword: TEST_PASSWORD, newPassword: 'short' })
      .expect(400);
    expect(weak.body.details[0].field).toBe('newPassword');
    const res = await t
      .http()
      .post('/api/v1/auth/password')
      .set(org.auth(old))
      .send({ currentPassword: TEST_PASSWORD, newPassword: 'NewSecret2024' })
      .expect(200);
    await me(old).expect(401);
    await me(res.body.accessToken).expect(200);
    await t
      .http()
      .post('/api/v1/auth/login')
      .send({ username: 'reporter', password: TEST_PASSWORD })
      .expect(401);
    await login(t, 'reporter', 'NewSecret2024');
  });

  it('shows the menu on the page of an unknown address to whoever is logged in, and none to a stranger', async () => {
    const session = await webLogin(t, 'office', TEST_PASSWORD);
    const page = await t
      .http()
      .get('/no-such-page')
      .set('Cookie', session)
      .set('Accept', 'text/html')
      .expect(404);
    expect(page.text).toContain('没有这个页面');
    expect(page.text).toContain('id="main-menu"');
    expect(page.text).toContain('安办员'); // who is logged in, with 退出 beside it
    expect(page.text).toContain('href="/findings"');
    const stranger = await t.http().get('/no-such-page').set('Accept', 'text/html').expect(404);
    expect(stranger.text).toContain('没有这个页面');
    expect(stranger.text).not.toContain('id="main-menu"');
    // The API's unknown addresses stay JSON.
    const api = await t.http().get('/api/v1/no-such-thing').set('Cookie', session).expect(404);
    expect(api.body.code).toBe('ROUTE_NOT_FOUND');
  });

  it('stores passwords as argon2id hashes only', async () => {
    const rows = await t.db.query(`SELECT password_hash FROM users WHERE username = 'viewer'`);
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
    expect(rows[0].password_hash).not.toContain(TEST_PASSWORD);
  });
});
