import { Injectable } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

/** The advisory lock held while the demo loads: several instances starting at once load it once. */
const SEED_LOCK = `hashtext('rectify:demo-seed')`;
/** Written (committed) before the first demo record, and its partner once the last one is in. */
const STARTED = 'demo-seeding-started';
const COMPLETE = 'demo-seeded';

/**
 * What the database says about the demo load: never started (or from before the markers existed), complete,
 * being loaded by another process right now, or started and never finished (an interrupted first start).
 */
export type DemoLoadState =
  | { state: 'none' | 'complete' | 'loading' }
  | { state: 'interrupted'; startedAt: string; units: number; findings: number };

/** The demo loader's own SQL: the "empty database?" check, its markers and the lock that lets only one instance load. */
@Injectable()
export class DemoRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Runs `seed` only when the database has no units, holding an advisory lock so that several instances starting
   * at once load the demo once. Marks the start before the first record and the completion after the last one, so
   * that a load cut short (a killed first start) is recognised by `demoLoadState`. Returns whether it ran.
   */
  /** Whether the demo data was loaded into this database (the marker seedIfNoUnits writes). */
  async isSeeded(): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM app_secrets WHERE name = 'demo-seeded'`,
    );
    return rows.length > 0;
  }

  async seedIfNoUnits(seed: () => Promise<void>): Promise<boolean> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      // The load takes a while: a second instance waits for the lock longer than the service's lock and statement
      // timeouts allow, so this session has none.
      await runner.query(`SET statement_timeout = 0`);
      await runner.query(`SET lock_timeout = 0`);
      await runner.query(`SELECT pg_advisory_lock(${SEED_LOCK})`);
      const [{ n }] = await runner.query(`SELECT count(*)::int AS n FROM units`);
      if (n > 0) return false;
      await runner.query(
        `INSERT INTO app_secrets (name, value) VALUES ($1, now()::text)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value`,
        [STARTED],
      );
      await seed();
      await runner.query(
        `INSERT INTO app_secrets (name, value) VALUES ($1, now()::text) ON CONFLICT DO NOTHING`,
        [COMPLETE],
      );
      return true;
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(${SEED_LOCK})`).catch(() => undefined);
      await runner.query(`RESET statement_timeout; RESET lock_timeout`).catch(() => undefined);
      await runner.release();
    }
  }
}

/**
 * The demo load's state in the database at `url`, read before the application starts (main.ts, seed-cli.ts) with a
 * connection of its own. A database whose migrations never ran has no demo: `none`.
 */
export async function demoLoadState(url: string): Promise<DemoLoadState> {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const [{ ready }] = (await client.query(`SELECT to_regclass('app_secrets') IS NOT NULL AS ready`)).rows;
    if (!ready) return { state: 'none' };
    const markers = new Map<string, string>(
      (
        await client.query<{ name: string; value: string }>(
          `SELECT name, value FROM app_secrets WHERE name = ANY($1)`,
          [[STARTED, COMPLETE]],
        )
      ).rows.map((r) => [r.name, r.value]),
    );
    if (markers.has(COMPLETE)) return { state: 'complete' };
    if (!markers.has(STARTED)) return { state: 'none' };
    const [{ free }] = (await client.query(`SELECT pg_try_advisory_lock(${SEED_LOCK}) AS free`)).rows;
    if (!free) return { state: 'loading' };
    await client.query(`SELECT pg_advisory_unlock(${SEED_LOCK})`);
    const [counts] = (
      await client.query<{ units: number; findings: number }>(
        `SELECT (SELECT count(*)::int FROM units) AS units, (SELECT count(*)::int FROM findings) AS findings`,
      )
    ).rows;
    return { state: 'interrupted', startedAt: markers.get(STARTED)!, ...counts };
  } finally {
    await client.end();
  }
}
