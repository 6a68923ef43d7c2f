import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** What the health check asks the database: which migrations have run (also proves it answers). */
@Injectable()
export class HealthRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The names in schema_migrations; throws the driver's error (42P01 when no migration has ever run). */
  async appliedMigrationNames(): Promise<string[]> {
    const rows: { name: string }[] = await this.dataSource.query(`SELECT name FROM schema_migrations`);
    return rows.map((r) => r.name);
  }
}
