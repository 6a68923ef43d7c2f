import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The demo loader's own SQL: the "empty database?" check and the lock that lets only one instance load. */
@Injectable()
export class DemoRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Runs `seed` only when the database has no units, holding an advisory lock so that several instances starting
   * at once load the demo once; marks the database as demo-seeded afterwards. Returns whether it ran.
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
      await runner.query(`SELECT pg_advisory_lock(hashtext('rectify:demo-seed'))`);
      const [{ n }] = await runner.query(`SELECT count(*)::int AS n FROM units`);
      if (n > 0) return false;
      await seed();
      await runner.query(
        `INSERT INTO app_secrets (name, value) VALUES ('demo-seeded', now()::text) ON CONFLICT DO NOTHING`,
      );
      return true;
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(hashtext('rectify:demo-seed'))`).catch(() => undefined);
      await runner.release();
    }
  }
}
