import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LoginAttempt } from './user.entity';

/** Logins tried, for throttling repeated failures across all instances. */
@Injectable()
export class LoginAttemptsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async record(attempt: { username: string; ip: string; succeeded: boolean }): Promise<void> {
    await this.dataSource.getRepository(LoginAttempt).insert(attempt);
  }

  /**
   * Failed logins within the last `minutes`: of the user name since its last success, and of the address.
   */
  async recentFailures(
    username: string,
    ip: string,
    minutes: number,
  ): Promise<{ byUser: number; byIp: number }> {
    const [row]: { by_user: number; by_ip: number }[] = await this.dataSource.query(
      `SELECT
         (SELECT count(*) FROM login_attempts a WHERE a.username = $1 AND NOT a.succeeded
            AND a.attempted_at > greatest(now() - make_interval(mins => $3),
                  coalesce((SELECT max(s.attempted_at) FROM login_attempts s WHERE s.username = $1 AND s.succeeded), '-infinity')))::int AS by_user,
         (SELECT count(*) FROM login_attempts a WHERE a.ip = $2 AND NOT a.succeeded
            AND a.attempted_at > now() - make_interval(mins => $3))::int AS by_ip`,
      [username, ip, minutes],
    );
    return { byUser: row.by_user, byIp: row.by_ip };
  }
}
