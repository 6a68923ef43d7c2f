import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** What the health check asks the database: which migrations have run (also proves it answers). */
@Injectable()
export class HealthRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The names in schema_migrations; throws the driver's error (42P01 when no migration has ever run). The statement
   * and any lock wait are cut off by the server after `timeoutMs`, so a stalled database does not hold a pooled
   * connection for the service's long statement timeout.
   */
  async appliedMigrationNames(timeoutMs: number): Promise<string[]> {
    const ms = Math.max(1, Math.round(timeoutMs));
    const rows: { name: string }[] = await this.dataSource.transaction(async (tx) => {
      await tx.query(
        `SELECT set_config('statement_timeout', $1, true), set_config('lock_timeout', $1, true)`,
        [String(ms)],
      );
      return tx.query(`SELECT name FROM schema_migrations`);
    });
    return rows.map((r) => r.name);
  }
}
