import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Tx } from '../common/persistence/transactions';
import type { ClaimState } from './rules/job-lease';

/**
 * Job runs claimed by one instance (job_claims): `UNIQUE(job, period)` with INSERT … ON CONFLICT DO NOTHING runs
 * each (job, period) once across instances. A claim made in the transaction of all its work (`claim`) is finished when
 * it commits; a run that commits its claim first and then works item by item (`insertRun`, JobRuns) holds a lease on
 * it, renewed by each item (`renew`), until it is finished (`finish`) — or taken over once the lease ran out.
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

  /**
   * Claims a period of a job for this instance, in the transaction that does all its work (so it is finished when it
   * commits, and gone if it rolls back); false when another instance already has.
   */
  async claim(tx: Tx, job: string, period: string, claimedBy: string): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `INSERT INTO job_claims (job, period, claimed_by, finished_at) VALUES ($1, $2, $3, now())
       ON CONFLICT DO NOTHING RETURNING period`,
      [job, period, claimedBy],
    );
    return rows.length > 0;
  }

  /** Claims a period for a run `runId` that will work item by item, leased for `leaseSeconds`; false when claimed. */
  async insertRun(tx: Tx, run: LeasedRun, claimedBy: string, leaseSeconds: number): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `INSERT INTO job_claims (job, period, claimed_by, run_id, lease_until)
       VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5)) ON CONFLICT DO NOTHING RETURNING period`,
      [run.job, run.period, claimedBy, run.runId, leaseSeconds],
    );
    return rows.length > 0;
  }

  /** The claim of a period, locked until the end of the transaction, with the database's time. */
  async lockClaim(
    tx: Tx,
    job: string,
    period: string,
  ): Promise<(ClaimState & { claimedBy: string; now: Date; failedAttempts: number }) | null> {
    const rows: {
      claimed_by: string;
      finished_at: Date | null;
      lease_until: Date;
      now: Date;
      failed_attempts: number;
    }[] = await tx.query(
      `SELECT claimed_by, finished_at, lease_until, now() AS now, failed_attempts FROM job_claims
        WHERE job = $1 AND period = $2 FOR UPDATE`,
      [job, period],
    );
    const r = rows[0];
    return (
      r && {
        claimedBy: r.claimed_by,
        finishedAt: r.finished_at,
        leaseUntil: r.lease_until,
        now: r.now,
        failedAttempts: r.failed_attempts,
      }
    );
  }

  /** Gives a claim locked by `lockClaim` to the run `runId`, leased for `leaseSeconds`. */
  async takeOver(tx: Tx, run: LeasedRun, claimedBy: string, leaseSeconds: number): Promise<void> {
    await tx.query(
      `UPDATE job_claims SET claimed_by = $3, run_id = $4, claimed_at = now(),
              lease_until = now() + make_interval(secs => $5)
        WHERE job = $1 AND period = $2 AND finished_at IS NULL`,
      [run.job, run.period, claimedBy, run.runId, leaseSeconds],
    );
  }

  /**
   * Renews the lease of the run `runId` in the transaction of one item of its work, and locks its claim until that
   * transaction ends (a takeover waits for it, then finds the lease renewed); false when the run no longer holds it.
   * (TypeORM answers an UPDATE with `[rows, affected]`.)
   */
  async renew(tx: Tx, run: LeasedRun, leaseSeconds: number): Promise<boolean> {
    const [, affected]: [unknown[], number] = await tx.query(
      `UPDATE job_claims SET lease_until = now() + make_interval(secs => $4)
        WHERE job = $1 AND period = $2 AND run_id = $3 AND finished_at IS NULL`,
      [run.job, run.period, run.runId, leaseSeconds],
    );
    return affected > 0;
  }

  /** Records that the run `runId` did all its work; false when it no longer held the claim. */
  async finish(tx: Tx, run: LeasedRun): Promise<boolean> {
    const [, affected]: [unknown[], number] = await tx.query(
      `UPDATE job_claims SET finished_at = now()
        WHERE job = $1 AND period = $2 AND run_id = $3 AND finished_at IS NULL`,
      [run.job, run.period, run.runId],
    );
    return affected > 0;
  }

  /**
   * The run `runId` did its items but `failedItems` failed: the claim stays open, its lease ends in `retryInSeconds`
   * (when any instance's tick tries the run again), one more failed attempt counted. Returns the attempts so far.
   */
  async retryLater(tx: Tx, run: LeasedRun, retryInSeconds: number, failedItems: string): Promise<number> {
    const [rows]: [{ failed_attempts: number }[], number] = await tx.query(
      `UPDATE job_claims SET lease_until = now() + make_interval(secs => $4),
              failed_attempts = failed_attempts + 1, failed_items = $5
        WHERE job = $1 AND period = $2 AND run_id = $3 AND finished_at IS NULL
        RETURNING failed_attempts`,
      [run.job, run.period, run.runId, retryInSeconds, failedItems],
    );
    return rows[0]?.failed_attempts ?? 0;
  }

  /** The run `runId` gives up on `failedItems` for its period: finished, with them recorded; false when not its own. */
  async finishWithFailures(tx: Tx, run: LeasedRun, failedItems: string): Promise<boolean> {
    const [, affected]: [unknown[], number] = await tx.query(
      `UPDATE job_claims SET finished_at = now(), failed_attempts = failed_attempts + 1, failed_items = $4
        WHERE job = $1 AND period = $2 AND run_id = $3 AND finished_at IS NULL`,
      [run.job, run.period, run.runId, failedItems],
    );
    return affected > 0;
  }

  /** Ends the lease of the run `runId` now (it failed), so that the next tick of any instance takes the rest over. */
  async release(tx: Tx, run: LeasedRun): Promise<void> {
    await tx.query(
      `UPDATE job_claims SET lease_until = now()
        WHERE job = $1 AND period = $2 AND run_id = $3 AND finished_at IS NULL`,
      [run.job, run.period, run.runId],
    );
  }
}

/** One run of a job for a period: `runId` tells it from a run of another instance (or an earlier one) of the same. */
export interface LeasedRun {
  job: string;
  period: string;
  runId: string;
}
