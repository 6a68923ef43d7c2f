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
