import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Tx } from '../common/persistence/transactions';
import { LoginAttempt } from './user.entity';

/** Recent failures of one kind of source: how many, and when the last one was. */
export interface FailureCount {
  failures: number;
  lastFailureAt: Date | null;
}

/** One (user name, client) pair with failed logins, for the administrator's view. */
export interface FailedLoginRow {
  username: string;
  client: string;
  /** Whether an account of that name exists. */
  knownUser: boolean;
  /** Failures within the period asked for. */
  failures: number;
  /** Failures within the throttle's window since the pair's last success (what the throttle counts). */
  failuresCounted: number;
  lastFailedAt: Date;
  lastSucceededAt: Date | null;
}

/** Logins tried, for throttling repeated failures across all instances. */
@Injectable()
export class LoginAttemptsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Takes the (user name, client) pair's lock until the transaction ends, so that parallel requests cannot all pass
   * the throttle before any of their failures is recorded. Never waits: false when another try of the pair holds it
   * (a waiting try would hold a pooled connection — a burst of 40 once starved every other request for 20 s).
   */
  async tryLockPair(tx: Tx, username: string, ip: string): Promise<boolean> {
    const [row] = (await tx.query(
      `SELECT pg_try_advisory_xact_lock(hashtext('rectify:login:' || $1 || ' ' || $2)) AS locked`,
      [username, ip],
    )) as { locked: boolean }[];
    return row.locked;
  }

  async record(tx: Tx, attempt: { username: string; ip: string; succeeded: boolean; attemptedAt: Date }) {
    await tx.getRepository(LoginAttempt).insert(attempt);
  }

  /**
   * Failed logins after `since`: of the (user name, client) pair, since that pair's last success; and of the client,
   * whatever the user name.
   */
  async recentFailures(
    tx: Tx,
    username: string,
    ip: string,
    since: Date,
  ): Promise<{ pair: FailureCount; client: FailureCount }> {
    const [row]: {
      pair_failures: number;
      pair_last: Date | null;
      client_failures: number;
      client_last: Date | null;
    }[] = await tx.query(
      `WITH pair AS (
         SELECT count(*)::int AS failures, max(a.attempted_at) AS last
           FROM login_attempts a
          WHERE a.username = $1 AND a.ip = $2 AND NOT a.succeeded
            AND a.attempted_at > greatest($3::timestamptz, coalesce(
                  (SELECT max(s.attempted_at) FROM login_attempts s WHERE s.username = $1 AND s.ip = $2 AND s.succeeded),
                  '-infinity'))),
       client AS (
         SELECT count(*)::int AS failures, max(a.attempted_at) AS last
           FROM login_attempts a
          WHERE a.ip = $2 AND NOT a.succeeded AND a.attempted_at > $3::timestamptz)
       SELECT pair.failures AS pair_failures, pair.last AS pair_last,
              client.failures AS client_failures, client.last AS client_last
         FROM pair, client`,
      [username, ip, since],
    );
    return {
      pair: { failures: row.pair_failures, lastFailureAt: row.pair_last },
      client: { failures: row.client_failures, lastFailureAt: row.client_last },
    };
  }

  /**
   * The (user name, client) pairs with failed logins after `since`, the latest failure first; `windowSince` is the
   * throttle's window, for the failures it counts.
   */
  async failedLogins(since: Date, windowSince: Date, limit: number): Promise<FailedLoginRow[]> {
    const rows: {
      username: string;
      ip: string;
      known_user: boolean;
      failures: number;
      failures_counted: number;
      last_failed_at: Date;
      last_succeeded_at: Date | null;
    }[] = await this.dataSource.query(
      `WITH pairs AS (
         SELECT a.username, a.ip,
                count(*) FILTER (WHERE NOT a.succeeded)::int AS failures,
                max(a.attempted_at) FILTER (WHERE NOT a.succeeded) AS last_failed_at,
                max(a.attempted_at) FILTER (WHERE a.succeeded) AS last_succeeded_at
           FROM login_attempts a
          WHERE a.attempted_at > $1
          GROUP BY a.username, a.ip
         HAVING count(*) FILTER (WHERE NOT a.succeeded) > 0)
       SELECT p.username, p.ip, p.failures, p.last_failed_at, p.last_succeeded_at,
              EXISTS (SELECT 1 FROM users u WHERE u.username = p.username) AS known_user,
              (SELECT count(*)::int FROM login_attempts f
                WHERE f.username = p.username AND f.ip = p.ip AND NOT f.succeeded
                  AND f.attempted_at > greatest($3::timestamptz, coalesce(
                        (SELECT max(s.attempted_at) FROM login_attempts s
                          WHERE s.username = p.username AND s.ip = p.ip AND s.succeeded), '-infinity'))
              ) AS failures_counted
         FROM pairs p
        ORDER BY p.last_failed_at DESC, p.username, p.ip
        LIMIT $2`,
      [since, limit, windowSince],
    );
    return rows.map((r) => ({
      username: r.username,
      client: r.ip,
      knownUser: r.known_user,
      failures: r.failures,
      failuresCounted: r.failures_counted,
      lastFailedAt: r.last_failed_at,
      lastSucceededAt: r.last_succeeded_at,
    }));
  }
}
