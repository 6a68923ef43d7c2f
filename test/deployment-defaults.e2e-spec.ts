import { startTestApp, TEST_ADMIN_PASSWORD, TestApp } from './support/test-app';

/** The published password of every demo account (README: Demo data). */
const DEMO_PASSWORD = 'Rectify2023';
/** Seeding the demo (the January 2023 look-back, replayed through the services) on a loaded 2-core machine. */
const DEMO_LOAD_MS = 5 * 60_000;

/**
 * A deployment that follows the README sets DATABASE_URL. It must not get the ~40 demo accounts with the published
 * password unless it asks for them (DEMO_DATA=true); the embedded database (trying it out) loads them by default,
 * which test/service-process.e2e-spec.ts checks on a real first start.
 */
describe('Deployment defaults on an external database (DATABASE_URL)', () => {
  // Run as a deployment does, not in test mode (tests never load the demo at start).
  const asDeployed = { NODE_ENV: 'production', WEEKLY_JOB_INTERVAL_SECONDS: '0' };
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  const login = (username: string, password: string) =>
    t!.http().post('/api/v1/auth/login').send({ username, password });

  it('starts without demo data when DEMO_DATA is not set: no demo accounts, no units', async () => {
    t = await startTestApp({ env: asDeployed });
    expect((await login('han.jingyi', DEMO_PASSWORD)).status).toBe(401);
    expect((await login('qin.guodong', DEMO_PASSWORD)).status).toBe(401);
    const [{ n }] = (await t.db.query('SELECT count(*)::int AS n FROM units')) as { n: number }[];
    expect(n).toBe(0);
    const users = (await t.db.query('SELECT username FROM users')) as { username: string }[];
    expect(users.map((u) => u.username)).toEqual(['admin']);
    // The administrator is there as documented.
    expect((await login('admin', TEST_ADMIN_PASSWORD)).status).toBe(200);
  });

  it(
    'loads the demo data when DEMO_DATA=true is set explicitly',
    async () => {
      t = await startTestApp({ env: { ...asDeployed, DEMO_DATA: 'true' } });
      const res = await login('han.jingyi', DEMO_PASSWORD);
      expect(res.status).toBe(200);
    },
    DEMO_LOAD_MS,
  );
});
