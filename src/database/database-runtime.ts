import path from 'node:path';
import { Client, type QueryResultRow } from 'pg';
import { DataSource, MigrationExecutor } from 'typeorm';
import { AppConfig, usesEmbeddedDatabase } from '../config/app-config';
import { dataSourceOptions } from './data-source';
import { EmbeddedPostgres } from './embedded-postgres';

/** The database the process uses: the external DATABASE_URL, or an embedded server it owns and must stop. */
export interface DatabaseRuntime {
  url: string;
  embedded?: EmbeddedPostgres;
  stop(): Promise<void>;
}

export interface StartDatabaseOptions {
  /**
   * `service`: the process runs the embedded server itself and restarts it when it dies; it refuses to start while
   * another live process uses the cluster. `command` (operator commands: migrations, audit:verify, seed:demo):
   * connect to the server a running service uses, and start (then stop) one only when none runs.
   */
  role: 'service' | 'command';
  /** Where the server's unexpected exit, restarts and stale lock files are reported. */
  report?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

export async function startDatabase(
  config: AppConfig,
  log: (message: string) => void,
  options: StartDatabaseOptions = { role: 'command' },
): Promise<DatabaseRuntime> {
  if (!usesEmbeddedDatabase(config)) {
    return { url: config.DATABASE_URL!, stop: async () => undefined };
  }
  const dataDir = path.resolve(config.DATA_DIR);
  const embedded = new EmbeddedPostgres({
    clusterDir: path.join(dataDir, 'postgres'),
    passwordFile: path.join(dataDir, 'postgres.password'),
    ownerFile: path.join(dataDir, 'postgres.owner'),
    port: config.EMBEDDED_PG_PORT,
    database: 'rectify',
    log,
    report: options.report ?? ((_level, message) => log(message)),
    mode: options.role === 'service' ? 'own' : 'borrow',
    supervise: options.role === 'service',
  });
  const url = await embedded.start();
  return { url, embedded, stop: () => embedded.stop() };
}

/** Applies pending migrations; returns the names applied. */
export async function runMigrations(url: string): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(url));
  await ds.initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

/** The migrations not yet applied to a connected data source's database, oldest first. Reads only. */
export async function pendingMigrationsOf(ds: DataSource): Promise<string[]> {
  return (await new MigrationExecutor(ds).getPendingMigrations()).map((m) => m.name);
}

/** The migrations applied to a connected data source's database (none when its table does not exist). Reads only. */
/**
 * Who else is connected to the database a client is on ("rectify (pid 1234)"): an operator command that replaces or
 * undoes schema (restore --force, migration:revert --force) refuses while a service or another session uses it —
 * the service would answer 500s over tables that changed under it. `ownApplication`: the caller's own pool's
 * application_name, whose other connections are not someone else.
 */
export async function otherSessions(
  client: { query<R extends QueryResultRow>(text: string, values: unknown[]): Promise<{ rows: R[] }> },
  ownApplication = '',
): Promise<string[]> {
  const { rows } = await client.query<{ who: string }>(
    `SELECT coalesce(nullif(application_name, ''), usename, 'unknown') || ' (pid ' || pid || ')' AS who
       FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name <> $1`,
    [ownApplication],
  );
  return rows.map((r) => r.who);
}

/** "3 other session(s) are connected to the target database (a, b, c, …)". */
export function sessionsSentence(others: string[]): string {
  return `${others.length} other session(s) are connected to the target database (${others.slice(0, 3).join(', ')}${others.length > 3 ? ', …' : ''})`;
}

export async function appliedMigrationsOf(ds: DataSource): Promise<string[]> {
  return (await new MigrationExecutor(ds).getExecutedMigrations()).map((m) => m.name);
}

/** The same for the database at `url` (every migration on an empty database). */
export async function pendingMigrations(url: string): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(url));
  await ds.initialize();
  try {
    return await pendingMigrationsOf(ds);
  } finally {
    await ds.destroy();
  }
}

/**
 * What an operator reads when the schema is behind the code and the process does not migrate it itself (DATABASE_URL:
 * migrations are a deploy step): which migrations, and the command that applies them.
 */
export function pendingMigrationsMessage(pending: string[]): string {
  const shown = pending.length > 3 ? `${pending.slice(0, 3).join(', ')}, …` : pending.join(', ');
  return (
    `The database lacks ${pending.length} migration(s) of this version (${shown}). ` +
    'Apply them first with `npm run migration:run` (once, from one instance), or set MIGRATIONS_RUN=true to apply ' +
    'them at start.'
  );
}

/**
 * Drops the database at `url` and creates it empty (sessions still connected to it are ended). Used only for the
 * embedded database of a demo whose first load was interrupted (main.ts).
 */
export async function recreateDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1)).replace(/"/g, '');
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}" ENCODING 'UTF8' TEMPLATE template0`);
  } finally {
    await client.end();
  }
}
