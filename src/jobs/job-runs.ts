import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Transactions, type Tx } from '../common/persistence/transactions';
import { AppConfig } from '../config/app-config';
import { JobClaimsRepository, type LeasedRun } from './job-claims.repository';
import { claimVerdict } from './rules/job-lease';

/**
 * Runs one item of a leased run's work in its own transaction, with the run's lease renewed (and its claim locked).
 * With `alone` (one finding, one listing of the day's list), the item's failure is its own: logged naming
 * `alone.item`, its transaction rolled back, `alone.skipped` given back, and the run goes on with the next item — one
 * finding that fails every time must not keep the reminders of every finding after it from being sent. Such a run
 * ends unfinished (RunItemsFailed), so the next tick retries what failed. Without `alone`, a failure ends the run.
 */
export type ItemTransaction = <T>(
  work: (tx: Tx) => Promise<T>,
  alone?: { item: string; skipped: T },
) => Promise<T>;

/** Failed items of one run logged with their error, and named in RunItemsFailed; the rest are only counted. */
const ITEM_FAILURES_IN_FULL = 10;

/** The run no longer holds its claim (another instance took it over): its work stops, this item rolled back. */
class LeaseLost extends Error {}

/** A run that did the rest of its items but not these: its claim is released, for the next tick to retry them. */
export class RunItemsFailed extends Error {
  constructor(
    readonly job: string,
    readonly period: string,
    readonly failed: string[],
  ) {
    super(
      `The ${job} run of ${period} did its other items but ${failed.length} failed ` +
        `(${failed.slice(0, ITEM_FAILURES_IN_FULL).join(', ')}${failed.length > ITEM_FAILURES_IN_FULL ? ', …' : ''}); ` +
        'they are retried at the next tick',
    );
  }
}

/**
 * Runs of a job that commit their claim (job_claims) before doing the period's work item by item, each item in its
 * own short transaction — so that a crash midway leaves no hole for the rest of the day: the claim holds a lease
 * (JOB_LEASE_SECONDS) that each item renews; a claim that is neither finished nor renewed within its lease is taken
 * over by the next tick of any instance, which does the rest (every item of such a job must be idempotent).
 *
 * Never two runs at once: the claim is decided under its row lock (rules/job-lease.ts), and each item's transaction
 * first renews the lease of its own run — locking the claim until it commits — and rolls back if its run no longer
 * holds the claim. A takeover waits for an item in progress, then finds the lease just renewed; an item after a
 * takeover finds its run replaced and stops that run.
 */
@Injectable()
export class JobRuns {
  private readonly logger = new Logger('JobRuns');

  constructor(
    private readonly claims: JobClaimsRepository,
    private readonly transactions: Transactions,
    private readonly config: AppConfig,
  ) {}

  /**
   * Claims `period` of `job` (or takes over a run whose instance is gone) and does `work`, whose items go through the
   * given ItemTransaction; null when another run has the period (finished, or still within its lease), or took it
   * over meanwhile. A failed run ends its lease at once, so the next tick (of any instance) goes on with it.
   */
  async run<R>(
    job: string,
    period: string,
    claimedBy: string,
    work: (item: ItemTransaction) => Promise<R>,
  ): Promise<{ result: R } | null> {
    const run: LeasedRun = { job, period, runId: randomUUID() };
    if (!(await this.transactions.run((tx) => this.claim(tx, run, claimedBy)))) return null;
    const failed: string[] = [];
    const item: ItemTransaction = async (w, alone) => {
      try {
        return await this.transactions.run(async (tx) => {
          if (!(await this.claims.renew(tx, run, this.config.JOB_LEASE_SECONDS))) throw new LeaseLost();
          return w(tx);
        });
      } catch (err) {
        if (!alone || err instanceof LeaseLost) throw err;
        // The first few in full; a database gone makes every item fail, and one line each would bury the log.
        if (failed.length < ITEM_FAILURES_IN_FULL)
          this.logger.error(
            { err },
            `The ${job} run of ${period}: ${alone.item} failed; the run goes on without it`,
          );
        failed.push(alone.item);
        return alone.skipped;
      }
    };
    let result: R;
    try {
      result = await work(item);
      if (failed.length) throw new RunItemsFailed(job, period, failed);
    } catch (err) {
      if (err instanceof LeaseLost) {
        this.logger.warn(`The ${job} run of ${period} was taken over by another instance; this one stops`);
        return null;
      }
      await this.transactions.run((tx) => this.claims.release(tx, run)).catch(() => undefined);
      throw err;
    }
    await this.transactions.run((tx) => this.claims.finish(tx, run));
    return { result };
  }

  /** Claims the period for `run`, or takes over an abandoned run of it; false when another run has it. */
  private async claim(tx: Tx, run: LeasedRun, claimedBy: string): Promise<boolean> {
    const lease = this.config.JOB_LEASE_SECONDS;
    if (await this.claims.insertRun(tx, run, claimedBy, lease)) return true;
    const held = await this.claims.lockClaim(tx, run.job, run.period);
    if (!held || claimVerdict(held, held.now) !== 'ABANDONED') return false;
    await this.claims.takeOver(tx, run, claimedBy, lease);
    this.logger.warn(
      `Taking over the ${run.job} run of ${run.period} from ${held.claimedBy}, unfinished, its lease over since ` +
        held.leaseUntil.toISOString(),
    );
    return true;
  }
}
