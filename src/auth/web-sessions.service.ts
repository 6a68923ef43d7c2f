import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { Clock } from '../common/time/clock';
import { AppConfig } from '../config/app-config';
import { WebSessionsRepository } from '../users/web-sessions.repository';

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
    private readonly sessions: WebSessionsRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async open(user: { id: number; tokenVersion: number }, ip: string): Promise<OpenedSession> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.clock.now().getTime() + this.config.WEB_SESSION_HOURS * 3600_000);
    await this.sessions.insert({
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
    return this.sessions.findLive(hashOf(token), this.clock.now());
  }

  async revoke(token: string | undefined): Promise<void> {
    if (!token) return;
    await this.sessions.revoke(hashOf(token), this.clock.now());
  }
}
