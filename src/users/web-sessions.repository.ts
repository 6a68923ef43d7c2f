import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WebSession } from './user.entity';

export interface LiveSessionRow {
  id: string;
  userId: number;
  tokenVersion: number;
  csrfToken: string;
}

/** Browser sessions of the web pages (web_sessions), found by the SHA-256 of their cookie token. */
@Injectable()
export class WebSessionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(row: {
    tokenHash: string;
    userId: number;
    tokenVersion: number;
    csrfToken: string;
    ip: string;
    expiresAt: Date;
  }): Promise<void> {
    await this.dataSource.getRepository(WebSession).insert(row);
  }

  /** The session with this token hash that is neither revoked nor expired at `now`. */
  async findLive(tokenHash: string, now: Date): Promise<LiveSessionRow | null> {
    const [row]: { id: string; user_id: number; token_version: number; csrf_token: string }[] =
      await this.dataSource.query(
        `SELECT id, user_id, token_version, csrf_token FROM web_sessions
          WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2`,
        [tokenHash, now],
      );
    return row
      ? { id: row.id, userId: row.user_id, tokenVersion: row.token_version, csrfToken: row.csrf_token }
      : null;
  }

  async revoke(tokenHash: string, now: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE web_sessions SET revoked_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL`,
      [tokenHash, now],
    );
  }
}
