import type { FailureCount } from '../users/login-attempts.repository';

/**
 * The login throttle's rule. Nothing is ever locked: a source (one user name from one client, or one client whatever
 * the user names) that has failed `threshold` times must wait after its last failure before the next try — 8 s,
 * then 16 s, 32 s … doubling with every further failure, up to `maxDelaySeconds`. A client that never failed is
 * never made to wait, however often strangers fail with the same user name elsewhere.
 */

export interface ThrottleSettings {
  /** Failures of one (user name, client) pair before it must wait. */
  pairThreshold: number;
  /** Failures of one client, whatever the user names, before it must wait. */
  clientThreshold: number;
  maxDelaySeconds: number;
}

/** Seconds to wait after the last of `failures` failures (0: no wait). */
export function delayAfterFailures(failures: number, threshold: number, maxDelaySeconds: number): number {
  if (failures < threshold) return 0;
  return Math.min(maxDelaySeconds, 2 ** Math.min(failures - threshold + 3, 30));
}

/** When a source may try again (null: now or earlier, i.e. no wait). */
export function retryAt(count: FailureCount, threshold: number, maxDelaySeconds: number): Date | null {
  const delay = delayAfterFailures(count.failures, threshold, maxDelaySeconds);
  if (!delay || !count.lastFailureAt) return null;
  return new Date(new Date(count.lastFailureAt).getTime() + delay * 1000);
}

/** Whole seconds until the pair and the client may both try again; 0 when the try may go ahead now. */
export function secondsToWait(
  now: Date,
  recent: { pair: FailureCount; client: FailureCount },
  settings: ThrottleSettings,
): number {
  const until = [
    retryAt(recent.pair, settings.pairThreshold, settings.maxDelaySeconds),
    retryAt(recent.client, settings.clientThreshold, settings.maxDelaySeconds),
  ]
    .filter((d): d is Date => d !== null)
    .map((d) => d.getTime());
  const latest = Math.max(now.getTime(), ...until);
  return Math.ceil((latest - now.getTime()) / 1000);
}
