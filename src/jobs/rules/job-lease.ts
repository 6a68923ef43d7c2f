/**
 * The lease of a claimed job run (job_claims): a run that commits its claim before its work holds the day for a
 * lease, renewed by each item of work it commits; when it is done the claim is finished. A claim neither finished
 * nor renewed within its lease was left by an instance that died (crashed, killed by a deploy) and any instance may
 * take it over and do the rest of the day's work — each item of which is idempotent.
 */
export interface ClaimState {
  finishedAt: Date | null;
  leaseUntil: Date;
}

/** What an instance finds in a claim it did not make: the run is done, still held, or abandoned (taken over). */
export type ClaimVerdict = 'FINISHED' | 'HELD' | 'ABANDONED';

/** The verdict on a claim at `now` (the database's clock, the same for every instance). */
export function claimVerdict(claim: ClaimState, now: Date): ClaimVerdict {
  if (claim.finishedAt) return 'FINISHED';
  return claim.leaseUntil.getTime() < now.getTime() ? 'ABANDONED' : 'HELD';
}

/**
 * A run that did its items but some failed (one finding whose reminder cannot be written, say) is not done: its
 * claim stays open and the run is tried again after a pause that doubles with each failed attempt — 1, 2, 4 … minutes,
 * at most an hour — so that a passing fault (a lock, a deadlock) is over within minutes, and a lasting one does not
 * walk the whole day's list every tick. After ITEM_ATTEMPTS_A_DAY failed attempts the day is finished with its failed
 * items recorded (job_claims.failed_items) and logged as an error: the next day's run takes them up again (every
 * such job catches up on what an earlier day missed: the ladder's coalesced steps, the overdue job's unassessed
 * findings).
 */
export const ITEM_ATTEMPTS_A_DAY = 8;
const FIRST_RETRY_SECONDS = 60;
const LONGEST_RETRY_SECONDS = 3600;

/** What becomes of a claim whose run's `attempt`-th try (1 for the first) left failed items. */
export function afterFailedItems(attempt: number): { retryInSeconds: number } | 'GIVE_UP_FOR_THE_DAY' {
  if (attempt >= ITEM_ATTEMPTS_A_DAY) return 'GIVE_UP_FOR_THE_DAY';
  return { retryInSeconds: Math.min(FIRST_RETRY_SECONDS * 2 ** (attempt - 1), LONGEST_RETRY_SECONDS) };
}
