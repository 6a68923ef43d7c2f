import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { Clock } from '../src/common/time/clock';
import { buildOrg, login, OrgFixture, TEST_PASSWORD } from './support/org-fixture';
import { startTestApp, TEST_ADMIN_PASSWORD, TestApp } from './support/test-app';

/**
 * Issue 15, points 6 and 9: nobody can lock anyone out (throttling per user name and client with growing delays,
 * X-Forwarded-For only from TRUST_PROXY), the administrator sees repeated failures; the password policy, and a
 * password an administrator set must be replaced before anything else (API and pages).
 *
 * Requests come from chosen loopback addresses (127.0.0.x are all this machine), so "another client" is real.
 */
interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  body: Record<string, unknown> & { details?: unknown };
}

function listen(t: TestApp): Promise<number> {
  const server = t.app.getHttpServer() as http.Server;
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

function send(
  port: number,
  method: string,
  path: string,
  options: {
    from?: string;
    headers?: Record<string, string>;
    json?: unknown;
    form?: Record<string, string>;
  } = {},
): Promise<Answer> {
  const payload =
    options.json !== undefined
      ? JSON.stringify(options.json)
      : options.form
        ? new URLSearchParams(options.form).toString()
        : undefined;
  const headers: Record<string, string> = { ...options.headers };
  if (options.json !== undefined) headers['content-type'] = 'application/json';
  if (options.form) headers['content-type'] = 'application/x-www-form-urlencoded';
  if (payload) headers['content-length'] = String(Buffer.byteLength(payload));
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        localAddress: options.from ?? '127.0.0.1',
        headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: Answer['body'] = {};
          try {
            body = JSON.parse(text);
          } catch {
            /* a page */
          }
          resolve({ status: res.statusCode!, headers: res.headers, text, body });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const loginFrom = (port: number, from: string, username: string, password: string, xff?: string) =>
  send(port, 'POST', '/api/v1/auth/login', {
    from,
    json: { username, password },
    headers: xff ? { 'x-forwarded-for': xff } : {},
  });

/** The log lines the app wrote (JSON, pino). */
function logCollector() {
  const lines: Record<string, unknown>[] = [];
  const stream = new PassThrough();
  let rest = '';
  stream.on('data', (chunk: Buffer) => {
    const parts = (rest + chunk.toString('utf8')).split('\n');
    rest = parts.pop() ?? '';
    for (const p of parts) {
      try {
        lines.push(JSON.parse(p));
      } catch {
        /* not JSON */
      }
    }
  });
  return { stream, lines };
}

describe('Login abuse: throttling without lock-out, no client picks its own address (TRUST_PROXY unset)', () => {
  let t: TestApp;
  let org: OrgFixture;
  let port: number;
  const log = logCollector();

  beforeAll(async () => {
    t = await startTestApp({ env: { LOG_LEVEL: 'warn' }, logDestination: log.stream });
    org = await buildOrg(t);
    port = await listen(t);
  });
  afterAll(() => t.close());

  it('a stranger failing 20 times for admin from one client does not keep the real admin out', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      // Each try claims another address; without TRUST_PROXY the header is ignored.
      const res = await loginFrom(port, '127.0.0.9', 'admin', `guess-${i}-Password`, `10.1.2.${i + 1}`);
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.body.code).toBe('LOGIN_THROTTLED');
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      }
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    // The 6th try (with yet another X-Forwarded-For) already has to wait: the address was not believed.
    expect(statuses.slice(5)).toEqual(Array(15).fill(429));

    // The real administrator, from a client that never failed, is not refused.
    const real = await loginFrom(port, '127.0.0.2', 'admin', TEST_ADMIN_PASSWORD);
    expect(real.status).toBe(200);
    expect(real.body.accessToken).toEqual(expect.any(String));
    // Nor is anyone else logging in from elsewhere.
    expect((await loginFrom(port, '127.0.0.3', 'office', TEST_PASSWORD)).status).toBe(200);
    // The stranger's client still waits, even with the right password.
    const stranger = await loginFrom(port, '127.0.0.9', 'admin', TEST_ADMIN_PASSWORD);
    expect(stranger.status).toBe(429);
  });

  it('a burst of 40 wrong logins for one name at once is refused at once, and holds no one else up', async () => {
    // Each try used to wait for the pair's lock on a pooled connection: 40 at once took the pool's 20 and timed out
    // after ~20 s with 503s, and every other request waited as long.
    const burst = Promise.all(
      Array.from({ length: 40 }, (_, i) => loginFrom(port, '127.0.0.21', 'office', `burst-${i}-Password`)),
    );
    const other = await send(port, 'GET', '/api/v1/findings', { headers: org.auth(org.tokens.UNIT_OFFICER) });
    const answers = await burst;
    expect(other.status).toBe(200);
    const codes = answers.map((a) => `${a.status} ${String(a.body.code)}`);
    expect(
      codes.filter((c) => !/^(401 INVALID_CREDENTIALS|429 LOGIN_THROTTLED|429 LOGIN_IN_PROGRESS)$/.test(c)),
    ).toEqual([]);
    // The throttle still holds: at most its threshold of passwords was checked.
    expect(codes.filter((c) => c.startsWith('401')).length).toBeLessThanOrEqual(5);
    for (const a of answers.filter((x) => x.status === 429))
      expect(Number(a.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('logs repeated failures (warn, with the user name and the client) and shows them to ADMIN only', async () => {
    const warning = log.lines.find(
      (l) => l.level === 40 && l.username === 'admin' && String(l.client).endsWith('127.0.0.9'),
    );
    expect(warning).toMatchObject({ failures: 5, msg: expect.stringContaining('Repeated failed logins') });

    const list = await t.http().get('/api/v1/auth/failed-logins').set(org.auth(org.tokens.ADMIN)).expect(200);
    const row = (list.body.items as Record<string, unknown>[]).find(
      (r) => r.username === 'admin' && String(r.client).endsWith('127.0.0.9'),
    );
    expect(row).toMatchObject({
      knownUser: true,
      failures: 5,
      lastSucceededAt: null,
      lastFailedAt: expect.any(String),
    });
    expect(row).toHaveProperty('throttledUntil');
    await t.http().get('/api/v1/auth/failed-logins').set(org.auth(org.tokens.SAFETY_OFFICE)).expect(403);

    // And on the administrator's 首页.
    const page = await send(port, 'GET', '/login', { from: '127.0.0.2' });
    const cookie = String(page.headers['set-cookie']).split(';')[0];
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const loggedIn = await send(port, 'POST', '/login', {
      from: '127.0.0.2',
      headers: { cookie },
      form: { _csrf: csrf, username: 'admin', password: TEST_ADMIN_PASSWORD, next: '/' },
    });
    const session = (loggedIn.headers['set-cookie'] ?? [])
      .map((c) => c.split(';')[0])
      .find((c) => c.startsWith('rectify_session='))!;
    const home = await send(port, 'GET', '/', { from: '127.0.0.2', headers: { cookie: session } });
    expect(home.status).toBe(200);
    expect(home.text).toContain('最近 24 小时登录失败');
    expect(home.text).toMatch(/<td>admin<\/td><td>[^<]*127\.0\.0\.9<\/td><td class="num">5<\/td>/);
  });

  it('makes a failing pair wait longer after every further failure (429 with Retry-After); success forgets', async () => {
    const clock = t.app.get(Clock);
    let now = new Date(Date.now() + 3600_000); // later than every attempt so far
    clock.pinForTesting(now);
    const later = (seconds: number) => {
      now = new Date(now.getTime() + seconds * 1000);
      clock.pinForTesting(now);
    };
    try {
      const from = '127.0.0.5';
      for (let i = 0; i < 5; i++)
        expect((await loginFrom(port, from, 'viewer', `wrong-${i}-Password`)).status).toBe(401);
      const waits: number[] = [];
      for (let round = 0; round < 3; round++) {
        const refused = await loginFrom(port, from, 'viewer', TEST_PASSWORD);
        expect(refused.status).toBe(429);
        expect(refused.body).toMatchObject({
          statusCode: 429,
          code: 'LOGIN_THROTTLED',
          details: { retryAfterSeconds: Number(refused.headers['retry-after']) },
        });
        const wait = Number(refused.headers['retry-after']);
        expect(refused.body.message).toContain(`${wait} 秒`);
        waits.push(wait);
        later(wait - 1);
        expect((await loginFrom(port, from, 'viewer', TEST_PASSWORD)).headers['retry-after']).toBe('1');
        later(1);
        // The wait is over: one more try, wrong again.
        expect((await loginFrom(port, from, 'viewer', `wrong-again-${round}`)).status).toBe(401);
      }
      expect(waits).toEqual([8, 16, 32]);
      later(64);
      expect((await loginFrom(port, from, 'viewer', TEST_PASSWORD)).status).toBe(200);
      // A success from that client forgets its failures for that user name.
      expect((await loginFrom(port, from, 'viewer', 'wrong-after-success')).status).toBe(401);
    } finally {
      clock.pinForTesting(undefined);
    }
  });

  it('makes a client that fails with many user names wait too, without hindering other clients', async () => {
    const from = '127.0.0.6';
    for (let i = 0; i < 20; i++)
      expect((await loginFrom(port, from, `nobody${i}`, 'whatever-Password')).status).toBe(401);
    const refused = await loginFrom(port, from, 'leader', TEST_PASSWORD);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await loginFrom(port, '127.0.0.7', 'leader', TEST_PASSWORD)).status).toBe(200);
  });

  it('throttles the web login page by the same rule', async () => {
    const from = '127.0.0.8';
    const webLogin = async (password: string) => {
      const page = await send(port, 'GET', '/login', { from });
      const cookie = String(page.headers['set-cookie']).split(';')[0];
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
      return send(port, 'POST', '/login', {
        from,
        headers: { cookie },
        form: { _csrf: csrf, username: 'unithead', password, next: '/' },
      });
    };
    for (let i = 0; i < 5; i++) expect((await webLogin(`wrong-${i}-Password`)).status).toBe(401);
    const refused = await webLogin(TEST_PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
    expect(refused.text).toContain('登录失败次数过多');
  });
});

describe('Login abuse: TRUST_PROXY names the proxies whose X-Forwarded-For is believed', () => {
  let t: TestApp;
  let org: OrgFixture;
  let port: number;
  beforeAll(async () => {
    t = await startTestApp({ env: { TRUST_PROXY: 'loopback' } });
    org = await buildOrg(t);
    port = await listen(t);
  });
  afterAll(() => t.close());

  it('throttles the address the proxy reports, not the proxy', async () => {
    for (let i = 0; i < 5; i++)
      expect((await loginFrom(port, '127.0.0.1', 'admin', `guess-${i}-Password`, '203.0.113.7')).status).toBe(
        401,
      );
    expect((await loginFrom(port, '127.0.0.1', 'admin', TEST_ADMIN_PASSWORD, '203.0.113.7')).status).toBe(
      429,
    );
    // Through the same proxy, another client is another client.
    expect((await loginFrom(port, '127.0.0.1', 'admin', TEST_ADMIN_PASSWORD, '203.0.113.8')).status).toBe(
      200,
    );
    const list = await t.http().get('/api/v1/auth/failed-logins').set(org.auth(org.tokens.ADMIN)).expect(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({ username: 'admin', client: '203.0.113.7', failures: 5 }),
    ]);
  });
});

describe('Password policy and the change required after an administrator set the password', () => {
  let t: TestApp;
  let org: OrgFixture;
  let port: number;
  beforeAll(async () => {
    t = await startTestApp();
    org = await buildOrg(t);
    port = await listen(t);
  });
  afterAll(() => t.close());

  const createUser = (username: string, password?: string) =>
    t
      .http()
      .post('/api/v1/users')
      .set(org.auth(org.tokens.ADMIN))
      .send({ username, displayName: '新用户', roles: ['VIEWER'], homeUnitId: org.units.companyA, password });

  it.each([
    ['too short', 'Abc-12345'],
    ['a common password', 'password123'],
    ['a common password in other case', 'QwertyUIOP'],
    ['the published demo password', 'Rectify2023'],
    ['containing the user name', 'xx-Newcomer-2024'],
  ])('refuses a password %s with 400 naming the field', async (_what, password) => {
    const res = await createUser('newcomer', password).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details).toEqual([{ field: 'password', messages: [expect.any(String)] }]);
  });

  it('refuses a weak new password, and the current one, when a user changes theirs', async () => {
    const token = await login(t, 'supervisor');
    for (const newPassword of ['iloveyou12', 'short-1', 'Supervisor-2024', TEST_PASSWORD]) {
      const res = await t
        .http()
        .post('/api/v1/auth/password')
        .set(org.auth(token))
        .send({ currentPassword: TEST_PASSWORD, newPassword })
        .expect(400);
      expect(res.body.details[0].field).toBe('newPassword');
    }
  });

  it('makes a user an administrator created change the password before using the API', async () => {
    const created = await createUser('newcomer', 'Given-By-Admin-2024').expect(201);
    expect(created.body.user.mustChangePassword).toBe(true);
    const first = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ username: 'newcomer', password: 'Given-By-Admin-2024' })
      .expect(200);
    expect(first.body.mustChangePassword).toBe(true);
    const auth = org.auth(first.body.accessToken);
    for (const path of ['/api/v1/auth/me', '/api/v1/findings', '/api/v1/users']) {
      const res = await t.http().get(path).set(auth).expect(403);
      expect(res.body.code).toBe('PASSWORD_CHANGE_REQUIRED');
    }
    const changed = await t
      .http()
      .post('/api/v1/auth/password')
      .set(auth)
      .send({ currentPassword: 'Given-By-Admin-2024', newPassword: 'Mine-Only-2024!' })
      .expect(200);
    await t.http().get('/api/v1/auth/me').set(org.auth(changed.body.accessToken)).expect(200);
    const again = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ username: 'newcomer', password: 'Mine-Only-2024!' })
      .expect(200);
    expect(again.body.mustChangePassword).toBeUndefined();
  });

  it('requires the change again after an administrator resets the password', async () => {
    const reset = await t
      .http()
      .post(`/api/v1/users/${org.users.viewer}/reset-password`)
      .set(org.auth(org.tokens.ADMIN))
      .expect(200);
    const res = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ username: 'viewer', password: reset.body.initialPassword })
      .expect(200);
    expect(res.body.mustChangePassword).toBe(true);
    const refused = await t.http().get('/api/v1/rounds').set(org.auth(res.body.accessToken)).expect(403);
    expect(refused.body.code).toBe('PASSWORD_CHANGE_REQUIRED');
  });

  it('leads such a user from every page to the change-password page, and back once it is changed', async () => {
    await createUser('webcomer', 'Given-By-Admin-2024').expect(201);
    const loginPage = await send(port, 'GET', '/login?next=%2Ffindings');
    const loginCookie = String(loginPage.headers['set-cookie']).split(';')[0];
    const loginCsrf = /name="_csrf" value="([^"]+)"/.exec(loginPage.text)![1];
    const loggedIn = await send(port, 'POST', '/login', {
      headers: { cookie: loginCookie },
      form: { _csrf: loginCsrf, username: 'webcomer', password: 'Given-By-Admin-2024', next: '/findings' },
    });
    expect(loggedIn.status).toBe(303);
    expect(loggedIn.headers.location).toBe('/password?next=%2Ffindings');
    const session = (loggedIn.headers['set-cookie'] ?? [])
      .map((c) => c.split(';')[0])
      .find((c) => c.startsWith('rectify_session='))!;

    for (const path of ['/', '/findings', '/rounds']) {
      const page = await send(port, 'GET', path, { headers: { cookie: session } });
      expect(page.status).toBe(303);
      expect(page.headers.location).toBe(`/password?next=${encodeURIComponent(path)}`);
    }
    const form = await send(port, 'GET', '/password?next=%2Ffindings', { headers: { cookie: session } });
    expect(form.status).toBe(200);
    expect(form.text).toContain('请先设置只有您自己知道的新密码');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];

    const weak = await send(port, 'POST', '/password', {
      headers: { cookie: session },
      form: {
        _csrf: csrf,
        next: '/findings',
        currentPassword: 'Given-By-Admin-2024',
        newPassword: 'password123',
        confirmPassword: 'password123',
      },
    });
    expect(weak.status).toBe(400);
    expect(weak.text).toContain('常见密码');

    const done = await send(port, 'POST', '/password', {
      headers: { cookie: session },
      form: {
        _csrf: csrf,
        next: '/findings',
        currentPassword: 'Given-By-Admin-2024',
        newPassword: 'Mine-Only-2024!',
        confirmPassword: 'Mine-Only-2024!',
      },
    });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe('/findings');
    const newSession = (done.headers['set-cookie'] ?? [])
      .map((c) => c.split(';')[0])
      .find((c) => c.startsWith('rectify_session=') && c !== 'rectify_session=')!;
    const list = await send(port, 'GET', '/findings', { headers: { cookie: newSession } });
    expect(list.status).toBe(200);
    // The old session ended with the change.
    expect((await send(port, 'GET', '/findings', { headers: { cookie: session } })).headers.location).toMatch(
      /^\/login/,
    );
  });
});
