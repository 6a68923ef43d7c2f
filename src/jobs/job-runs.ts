import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Transactions, type Tx } from '../common/persistence/transactions';
import { AppConfig } from '../config/app-config';
import { JobClaimsRepository, type LeasedRun } from './job-claims.repository';
import { afterFailedItems, claimVerdict } from './rules/job-lease';

/**
 * Runs one item of a leased run's work in its own transaction, with the run's lease renewed (and its claim locked).
 * With `alone` (one finding, one listing of the day's list), the item's own failure — an error from `work` or its
 * COMMIT — is its own: logged naming `alone.item`, rolled back, `alone.skipped` given back, and the run goes on with
 * the next item, so that one finding that fails every time does not keep every finding after it from its reminder.
 * The run then ends with its claim open and is tried again later (rules/job-lease.ts: afterFailedItems). Not the
 * item's own, and ending the run as any failure without `alone` does: the connection or the lease renewal failing,
 * and CONSECUTIVE_FAILURES_END_RUN items failing in a row (a database gone is no finding's fault).
 */
export type ItemTransaction = <T>(
  work: (tx: Tx) => Promise<T>,
  alone?: { item: string; skipped: T },
) => Promise<T>;

/** A run's result, and the items that failed in it (then the day is open, tried again later, or given up). */
export interface RunOutcome<R> {
  result: R;
  failed: string[];
}

/** Failed items of one run logged with their error, and named in the run's summary line; the rest are counted. */
const ITEM_FAILURES_IN_FULL = 10;
/** Items failing one after another: no longer one bad item but something underneath; the run ends. */
const CONSECUTIVE_FAILURES_END_RUN = 5;

/** The run no longer holds its claim (another instance took it over): its work stops, this item rolled back. */
class LeaseLost extends Error {}

const named = (failed: string[]) =>
  failed.slice(0, ITEM_FAILURES_IN_FULL).join(', ') + (failed.length > ITEM_FAILURES_IN_FULL ? ', …' : '');

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
   * Claims `period` of `job` (or takes over a run whose instance is gone, or tries again a run whose items partly
   * failed, once its pause is over) and does `work`, whose items go through the given ItemTransaction; null when
   * another run has the period (finished, within its lease or pause), or took it over meanwhile. A run that fails ends
   * its lease at once, so the next tick (of any instance) goes on with it.
   */
  async run<R>(
    job: string,
    period: string,
    claimedBy: string,
    work: (item: ItemTransaction) => Promise<R>,
  ): Promise<RunOutcome<R> | null> {
    const run: LeasedRun = { job, period, runId: randomUUID() };
    const failedTries = await this.transactions.run((tx) => this.claim(tx, run, claimedBy));
    if (failedTries === null) return null;
    const failed: string[] = [];
    let inARow = 0;
    const item: ItemTransaction = async (w, alone) => {
      let own = false; // past the renewal: a failure from here on is the item's own
      try {
        const done = await this.transactions.run(async (tx) => {
          if (!(await this.claims.renew(tx, run, this.config.JOB_LEASE_SECONDS))) throw new LeaseLost();
          own = true;
          return w(tx);
        });
        inARow = 0;
        return done;
      } catch (err) {
        if (!alone || !own || err instanceof LeaseLost || ++inARow >= CONSECUTIVE_FAILURES_END_RUN) throw err;
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
    } catch (err) {
      if (err instanceof LeaseLost) {
        this.logger.warn(`The ${job} run of ${period} was taken over by another instance; this one stops`);
        return null;
      }
      await this.transactions.run((tx) => this.claims.release(tx, run)).catch(() => undefined);
      throw err;
    }
    await this.transactions.run(async (tx) => {
      if (failed.length) await this.leaveOpen(tx, run, failed, failedTries + 1);
      else await this.claims.finish(tx, run);
    });
    return { result, failed };
  }

  /**
   * The run's `attempt`-th try left failed items: the claim stays open until its next try, or the day is given up on
   * them. (The count is the claim's as this run took it: no other run works on the claim meanwhile.)
   */
  private async leaveOpen(tx: Tx, run: LeasedRun, failed: string[], attempt: number): Promise<void> {
    const what = `${failed.length} item(s) failed (${named(failed)})`;
    const next = afterFailedItems(attempt);
    if (next === 'GIVE_UP_FOR_THE_DAY') {
      if (await this.claims.finishWithFailures(tx, run, named(failed)))
        this.logger.error(
          `The ${run.job} run of ${run.period} gives up for the day: ${what} at every try; ` +
            'the next day’s run takes them up again',
        );
      return;
    }
    const attempts = await this.claims.retryLater(tx, run, next.retryInSeconds, named(failed));
    if (attempts)
      this.logger.warn(
        `The ${run.job} run of ${run.period} did its other items; ${what}. ` +
          `Tried again in ${Math.round(next.retryInSeconds / 60)} min (failed tries so far: ${attempts})`,
      );
  }

  /**
   * Claims the period for `run`, takes over an abandoned run of it, or tries again one that left failed items;
   * answers the failed tries the claim had (0 for a new one), null when another run has it.
   */
  private async claim(tx: Tx, run: LeasedRun, claimedBy: string): Promise<number | null> {
    const lease = this.config.JOB_LEASE_SECONDS;
    if (await this.claims.insertRun(tx, run, claimedBy, lease)) return 0;
    const held = await this.claims.lockClaim(tx, run.job, run.period);
    if (!held || claimVerdict(held, held.now) !== 'ABANDONED') return null;
    await this.claims.takeOver(tx, run, claimedBy, lease);
    if (held.failedAttempts)
      this.logger.log(
        `Trying the ${run.job} run of ${run.period} again (failed tries so far: ${held.failedAttempts})`,
      );
    else
      this.logger.warn(
        `Taking over the ${run.job} run of ${run.period} from ${held.claimedBy}, unfinished, its lease over since ` +
          held.leaseUntil.toISOString(),
      );
    return held.failedAttempts;
  }
}
