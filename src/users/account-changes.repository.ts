import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import pg from 'pg';
import { DataSource } from 'typeorm';

/** What `rectify_account_changed` carries: a user's id, or '*' (a unit moved: any actor's scope may have changed). */
export type AccountChange = number | '*';

/**
 * Listens on `rectify_account_changed` (sent on commit by the triggers of migration AccountChangeNotify) on a
 * connection of its own, outside the pool. `connected` is false until LISTEN has succeeded and again as soon as
 * the connection is lost: callers must not trust anything cached meanwhile. Reconnects with a growing pause.
 */
@Injectable()
export class AccountChangesRepository implements OnModuleDestroy {
  private readonly log = new Logger('AccountChanges');
  private client: pg.Client | null = null;
  private closed = false;
  private retry: NodeJS.Timeout | null = null;
  private listeners: ((change: AccountChange) => void)[] = [];
  private connecting: Promise<void> | null = null;
  connected = false;

  constructor(private readonly dataSource: DataSource) {}

  /** Starts listening (once); `onChange` also hears '*' when the connection is (re)established. */
  subscribe(onChange: (change: AccountChange) => void): void {
    this.listeners.push(onChange);
    this.connecting ??= this.connect(1000);
  }

  /** Resolves once the first attempt to listen has finished (successfully or not). */
  async whenListening(): Promise<boolean> {
    await this.connecting;
    return this.connected;
  }

  /** Resolves with the next change heard (tests: wait until a change made elsewhere has arrived). */
  nextChange(): Promise<AccountChange> {
    return new Promise((resolve) => {
      const once = (change: AccountChange) => {
        this.listeners = this.listeners.filter((l) => l !== once);
        resolve(change);
      };
      this.listeners.push(once);
    });
  }

  private emit(change: AccountChange) {
    for (const l of this.listeners) l(change);
  }

  private async connect(pause: number): Promise<void> {
    if (this.closed) return;
    const { url } = this.dataSource.options as { url?: string };
    const client = new pg.Client({ connectionString: url, application_name: 'rectify-listen' });
    const lost = () => {
      if (this.client !== client) return;
      this.connected = false;
      this.client = null;
      this.emit('*');
      client.end().catch(() => undefined);
      if (!this.closed) this.retry = setTimeout(() => void this.connect(Math.min(pause * 2, 30_000)), pause);
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', (n) => {
      const id = Number(n.payload);
      this.emit(n.payload === '*' || !Number.isInteger(id) ? '*' : id);
    });
    this.client = client;
    try {
      await client.connect();
      await client.query('LISTEN rectify_account_changed');
      if (this.client !== client) return;
      this.emit('*'); // whatever changed while nobody listened
      this.connected = true;
    } catch (err) {
      this.log.warn(`cannot listen for account changes (${String(err)}); account checks go to the database`);
      lost();
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    this.connected = false;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}
