import { Injectable } from '@nestjs/common';
import { AccountChangesRepository } from './account-changes.repository';
import { ActorRow, UsersRepository } from './users.repository';

/** How long an account check may be answered from memory (ms); changes drop it earlier, on every instance. */
export const ACTOR_CACHE_MS = 5_000;

/**
 * The auth guard's account check (user, roles, activity, token version, home unit path), cached per user for a few
 * seconds. A cached row is used only while this instance listens for account changes: the database announces each
 * deactivation, role, unit, password or token change on commit (triggers), and the row is dropped at once, here
 * and on every other instance. Without a listening connection every check reads the database, as before.
 * A read that started before a change was heard is not cached (its row may predate the change).
 */
@Injectable()
export class ActorRowsService {
  private readonly rows = new Map<number, { row: ActorRow | null; until: number }>();
  /** Bumped by every change heard: a read is cached only if no change arrived while it ran. */
  private generation = 0;
  private subscribed = false;

  constructor(
    private readonly users: UsersRepository,
    private readonly changes: AccountChangesRepository,
  ) {}

  /**
   * Runs a change of an account and drops its cached row once the change has committed (this instance does not wait
   * for its own notification; other instances drop it when they hear it).
   */
  async forgetAfter<T>(userId: number, change: () => Promise<T>): Promise<T> {
    const result = await change();
    this.generation++;
    this.rows.delete(userId);
    return result;
  }

  async get(userId: number): Promise<ActorRow | null> {
    if (!this.subscribed) {
      this.subscribed = true;
      this.changes.subscribe((change) => {
        this.generation++;
        if (change === '*') this.rows.clear();
        else this.rows.delete(change);
      });
    }
    const now = Date.now();
    const hit = this.rows.get(userId);
    if (hit && hit.until > now && this.changes.connected) return hit.row;
    const generation = this.generation;
    const row = await this.users.actorRow(userId);
    if (this.changes.connected && generation === this.generation) {
      if (this.rows.size > 10_000) this.rows.clear();
      this.rows.set(userId, { row, until: now + ACTOR_CACHE_MS });
    }
    return row;
  }
}
