import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '../common/time/clock';
import { AppConfig } from '../config/app-config';
import { WebSession } from '../users/user.entity';

export const SESSION_COOKIE = 'rectify_session';

const hashOf = (token: string) => createHash('sha256').update(token).digest('base64url');

export interface OpenedSession {
  token: string;
  expiresAt: Date;
}

export interface ResolvedSession {
  id: string;
  userId: number;
  tokenVersion: number;
  csrfToken: string;
}

/**
 * Web-page sessions, kept in PostgreSQL so that any instance behind the load balancer can serve any request and a
 * logout takes effect everywhere at once.
 */
@Injectable()
export class WebSessionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async open(user: { id: number; tokenVersion: number }, ip: string): Promise<OpenedSession> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.clock.now().getTime() + this.config.WEB_SESSION_HOURS * 3600_000);
    await this.dataSource.getRepository(WebSession).insert({
      tokenHash: hashOf(token),
      userId: user.id,
      tokenVersion: user.tokenVersion,
      csrfToken: randomBytes(24).toString('base64url'),
      ip,
      expiresAt,
    });
    return { token, expiresAt };
  }

  /** The live session a cookie names, or null (unknown, expired or logged out). */
  async resolve(token: string | undefined): Promise<ResolvedSession | null> {
    if (!token || token.length > 200) return null;
    const [row]: { id: string; user_id: number; token_version: number; csrf_token: string }[] =
      await this.dataSource.query(
        `SELECT id, user_id, token_version, csrf_token FROM web_sessions
          WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2`,
        [hashOf(token), this.clock.now()],
      );
    return row
      ? { id: row.id, userId: row.user_id, tokenVersion: row.token_version, csrfToken: row.csrf_token }
      : null;
  }

  async revoke(token: string | undefined): Promise<void> {
    if (!token) return;
    await this.dataSource.query(
      `UPDATE web_sessions SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL`,
      [hashOf(token), this.clock.now()],
    );
  }
}
