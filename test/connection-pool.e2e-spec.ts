import { Client } from 'pg';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The service's pooled connections outlive a pause in the work (DB_POOL_IDLE_TIMEOUT_MS, default 5 minutes): each
 * keeps the statements the service prepared on it, and pg's own default (10 s) closed them between two bursts, so
 * the next burst paid a backend start and every plan again (issue 22).
 */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The service's connections to its database, as PostgreSQL lists them (the LISTEN connection has its own name). */
async function serviceConnections(t: TestApp): Promise<number> {
  const name = new URL(t.databaseUrl).pathname.slice(1);
  const admin = new Client({ connectionString: t.databaseUrl, application_name: 'test' });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'rectify'`,
      [name],
    );
    return rows[0].n;
  } finally {
    await admin.end();
  }
}

/** Eight statements at once through the service's own pool: eight connections open. */
const burst = (t: TestApp) =>
  Promise.all(Array.from({ length: 8 }, () => t.db.query('SELECT pg_sleep(0.2)')));

describe('Pooled connections between bursts of work', () => {
  it('are kept through a pause longer than pg’s default idle timeout of 10 s', async () => {
    const t = await startTestApp();
    try {
      await burst(t);
      const after = await serviceConnections(t);
      expect(after).toBeGreaterThanOrEqual(8);
      await sleep(11_000);
      expect(await serviceConnections(t)).toBeGreaterThanOrEqual(after);
    } finally {
      await t.close();
    }
  }, 60_000);

  it('are closed after DB_POOL_IDLE_TIMEOUT_MS when an operator sets it short', async () => {
    const t = await startTestApp({ env: { DB_POOL_IDLE_TIMEOUT_MS: '300' } });
    try {
      await burst(t);
      expect(await serviceConnections(t)).toBeGreaterThanOrEqual(8);
      await sleep(1_500);
      // A job of the service's own may hold one for a moment.
      expect(await serviceConnections(t)).toBeLessThanOrEqual(1);
    } finally {
      await t.close();
    }
  }, 60_000);
});
