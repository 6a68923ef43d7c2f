import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Tx } from '../common/persistence/transactions';

/**
 * Job runs claimed by one instance (job_claims): `UNIQUE(job, period)` with INSERT … ON CONFLICT DO NOTHING runs
 * each (job, period) once across instances; the claim commits or rolls back with the work done in its transaction.
 */
@Injectable()
export class JobClaimsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The periods of a job already claimed whose name starts with `periodPrefix`. */
  async claimedPeriods(job: string, periodPrefix: string): Promise<Set<string>> {
    const rows: { period: string }[] = await this.dataSource.query(
      `SELECT period FROM job_claims WHERE job = $1 AND period LIKE $2`,
      [job, `${periodPrefix}%`],
    );
    return new Set(rows.map((r) => r.period));
  }

  /** Claims a period of a job for this instance; false when another instance already has. */
  async claim(tx: Tx, job: string, period: string, claimedBy: string): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `INSERT INTO job_claims (job, period, claimed_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING period`,
      [job, period, claimedBy],
    );
    return rows.length > 0;
  }
}
