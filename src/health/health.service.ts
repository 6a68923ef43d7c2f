import { Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ALL_MIGRATIONS } from '../../migrations';
import { AppConfig, usesEmbeddedDatabase } from '../config/app-config';
import { HealthRepository } from './health.repository';

export interface HealthReport {
  status: 'ok' | 'unavailable';
  version: string;
  database: { reachable: boolean; embedded: boolean; error?: string };
  migrations: { upToDate: boolean; pending: string[] };
  timeZone: string;
}

export const APP_VERSION: string = (() => {
  if (process.env.npm_package_version) return process.env.npm_package_version;
  try {
    return (
      JSON.parse(readFileSync(path.resolve(process.cwd(), 'package.json'), 'utf8')) as { version: string }
    ).version;
  } catch {
    return 'unknown';
  }
})();

/** The health check answers within this, whatever the database does (load balancers give up after ~2 s). */
export const HEALTH_DATABASE_TIMEOUT_MS = 1500;

@Injectable()
export class HealthService {
  constructor(
    private readonly repository: HealthRepository,
    private readonly config: AppConfig,
  ) {}

  async check(): Promise<HealthReport> {
    const report: HealthReport = {
      status: 'ok',
      version: APP_VERSION,
      database: { reachable: false, embedded: usesEmbeddedDatabase(this.config) },
      migrations: { upToDate: false, pending: [] },
      timeZone: this.config.BUSINESS_TIME_ZONE,
    };
    let timer: NodeJS.Timeout | undefined;
    try {
      // The server cancels the query after the timeout; the timer covers what it cannot: no pooled connection free,
      // a database that does not answer at all.
      const timedOut = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(
          () => reject(new Error(`the database did not answer within ${HEALTH_DATABASE_TIMEOUT_MS} ms`)),
          HEALTH_DATABASE_TIMEOUT_MS,
        );
      });
      const query = this.repository.appliedMigrationNames(HEALTH_DATABASE_TIMEOUT_MS - 200);
      query.catch(() => undefined); // it may fail after the timer won
      const applied = new Set(await Promise.race([query, timedOut]));
      report.database.reachable = true;
      report.migrations.pending = ALL_MIGRATIONS.map((m) => m.name).filter((name) => !applied.has(name));
      report.migrations.upToDate = report.migrations.pending.length === 0;
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === '42P01') {
        // Reachable, but no migration has ever run.
        report.database.reachable = true;
        report.migrations.pending = ALL_MIGRATIONS.map((m) => m.name);
      } else {
        report.database.error = (err as Error).message;
      }
    } finally {
      clearTimeout(timer);
    }
    if (!report.database.reachable || !report.migrations.upToDate) report.status = 'unavailable';
    return report;
  }
}
