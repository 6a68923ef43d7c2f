import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { ALL_MIGRATIONS } from '../../migrations';
import { dataSourceOptions } from './data-source';
import { otherSessions, runMigrations, sessionsSentence } from './database-runtime';

/**
 * A logical backup of the service's database, readable by any PostgreSQL client version (the embedded server is
 * PostgreSQL 18; Debian's pg_dump 15 refuses it): one REPEATABLE READ, read-only snapshot, `COPY … TO STDOUT` of
 * every table into `<table>.copy.gz`, and `manifest.json` with what a restore checks (migrations, row counts, the
 * change-log head). The schema itself is not in the archive: a restore builds it by running the migrations the
 * archive names, loads the rows, then runs any newer migrations.
 */
export const BACKUP_FORMAT = 'rectify-backup';
export const BACKUP_FORMAT_VERSION = 1;
const MANIFEST = 'manifest.json';
/** Tables the migrations own (their rows are the migrations' bookkeeping, not data). */
const NOT_DATA = new Set(['schema_migrations', 'typeorm_metadata']);

export interface BackupTable {
  name: string;
  columns: string[];
  rows: number;
  file: string;
  bytes: number;
  sha256: string;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  appVersion: string;
  createdAt: string;
  serverVersion: string;
  migrations: string[];
  tables: BackupTable[];
  sequences: { name: string; lastValue: string; isCalled: boolean }[];
  changeLog: { headSeq: number; headHash: string; latestCheckpointSeq: number | null };
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

function appVersion(): string {
  try {
    return (JSON.parse(readFileSync(path.join(process.cwd(), 'package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return 'unknown';
  }
}

async function userTables(client: Client): Promise<string[]> {
  const res = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname`,
  );
  return res.rows.map((r) => r.name).filter((n) => !NOT_DATA.has(n));
}

async function copyableColumns(client: Client, table: string): Promise<string[]> {
  const res = await client.query<{ name: string }>(
    `SELECT attname AS name FROM pg_attribute
      WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped AND attgenerated = ''
      ORDER BY attnum`,
    [`public.${quoteIdent(table)}`],
  );
  return res.rows.map((r) => r.name);
}

/** A pass-through stream that hashes and counts what goes through it. */
function digestOf(): { stream: Transform; result: () => { bytes: number; sha256: string } } {
  const hash = createHash('sha256');
  let bytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  return { stream, result: () => ({ bytes, sha256: hash.digest('hex') }) };
}

/**
 * Writes a consistent archive of the database at `url` into the directory `outDir` (which must not exist). The
 * archive appears only when complete: it is written to `<outDir>.partial` and renamed at the end.
 */
export async function backupDatabase(url: string, outDir: string): Promise<BackupManifest> {
  const target = path.resolve(outDir);
  if (existsSync(target))
    throw new UnusableBackup(`${target} already exists; choose a new directory for the backup`);
  const partial = `${target}.partial`;
  const client = new Client({ connectionString: url, application_name: 'rectify-backup' });
  // Connected first: a database that cannot be reached leaves no empty `.partial` directory behind.
  await client.connect();
  try {
    await fs.rm(partial, { recursive: true, force: true });
    await fs.mkdir(partial, { recursive: true, mode: 0o700 });
    // One snapshot for every table: writes that commit meanwhile are either wholly in the archive or not at all.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const migrated = (
      await client.query<{ ok: boolean }>(`SELECT to_regclass('public.schema_migrations') IS NOT NULL AS ok`)
    ).rows[0].ok;
    if (!migrated)
      throw new UnusableBackup(
        `database ${client.database} holds no Rectify schema (no migration was applied): nothing to back up`,
      );
    const serverVersion = (await client.query<{ v: string }>('SHOW server_version')).rows[0].v;
    const migrations = (
      await client.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY id')
    ).rows.map((r) => r.name);
    const head = (
      await client.query<{ seq: string; hash: string }>('SELECT seq, hash FROM change_log_head WHERE id = 1')
    ).rows[0];
    const hasCheckpoints = (
      await client.query<{ ok: boolean }>(
        `SELECT to_regclass('public.change_log_checkpoints') IS NOT NULL AS ok`,
      )
    ).rows[0].ok;
    const checkpoint = hasCheckpoints
      ? (await client.query<{ seq: string | null }>(`SELECT max(seq) AS seq FROM change_log_checkpoints`))
          .rows[0]
      : { seq: null };
    const tables: BackupTable[] = [];
    for (const name of await userTables(client)) {
      const columns = await copyableColumns(client, name);
      const file = `${name}.copy.gz`;
      const source = client.query(
        copyTo(`COPY public.${quoteIdent(name)} (${columns.map(quoteIdent).join(', ')}) TO STDOUT`),
      );
      const digest = digestOf();
      await pipeline(
        source,
        createGzip(),
        digest.stream,
        createWriteStream(path.join(partial, file), { mode: 0o600 }),
      );
      tables.push({ name, columns, rows: source.rowCount, file, ...digest.result() });
    }
    // Sequences are not transactional: read now, they are at least as far as any id in the snapshot.
    const sequences = (
      await client.query<{ name: string; last_value: string; is_called: boolean }>(
        `SELECT sequencename AS name, last_value::text, last_value IS NOT NULL AS is_called
           FROM pg_sequences WHERE schemaname = 'public' ORDER BY sequencename`,
      )
    ).rows
      .filter((s) => s.last_value !== null)
      .map((s) => ({ name: s.name, lastValue: s.last_value, isCalled: s.is_called }));
    await client.query('COMMIT');
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      appVersion: appVersion(),
      createdAt: new Date().toISOString(),
      serverVersion,
      migrations,
      tables,
      sequences,
      changeLog: {
        headSeq: Number(head?.seq ?? 0),
        headHash: head?.hash ?? '',
        latestCheckpointSeq: checkpoint.seq === null ? null : Number(checkpoint.seq),
      },
    };
    await fs.writeFile(path.join(partial, MANIFEST), JSON.stringify(manifest, null, 2) + '\n', {
      mode: 0o600,
    });
    await fs.rename(partial, target);
    return manifest;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    await fs.rm(partial, { recursive: true, force: true });
    throw err;
  } finally {
    await client.end();
  }
}

/** Reads and checks an archive's manifest and files (sizes and SHA-256). */
export async function readBackup(dir: string): Promise<BackupManifest> {
  const file = path.join(dir, MANIFEST);
  if (!existsSync(file)) throw new UnusableBackup(`${dir} is not a Rectify backup (no ${MANIFEST})`);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(await fs.readFile(file, 'utf8')) as BackupManifest;
  } catch (err) {
    throw new UnusableBackup(`${file} is damaged: ${(err as Error).message}`);
  }
  if (manifest?.format !== BACKUP_FORMAT || manifest.formatVersion !== BACKUP_FORMAT_VERSION)
    throw new UnusableBackup(`${dir}: unknown backup format ${manifest?.format} v${manifest?.formatVersion}`);
  for (const t of manifest.tables) {
    if (!existsSync(path.join(dir, t.file)))
      throw new UnusableBackup(`${dir} is incomplete: ${t.file} (table ${t.name}) is missing`);
    const digest = digestOf();
    digest.stream.resume();
    await pipeline(createReadStream(path.join(dir, t.file)), digest.stream);
    const { bytes, sha256 } = digest.result();
    if (bytes !== t.bytes || sha256 !== t.sha256)
      throw new UnusableBackup(
        `${dir}/${t.file} is damaged: ${bytes} bytes, SHA-256 ${sha256}; the manifest says ${t.bytes}, ${t.sha256}`,
      );
  }
  return manifest;
}

/** Whether any data table of the database holds a row (a migrated but unused database holds none). */
export async function databaseHasData(client: Client): Promise<string[]> {
  const withRows: string[] = [];
  for (const name of await userTables(client)) {
    const q =
      name === 'change_log_head'
        ? `SELECT 1 FROM public.change_log_head WHERE seq > 0 LIMIT 1`
        : `SELECT 1 FROM public.${quoteIdent(name)} LIMIT 1`;
    if ((await client.query(q)).rowCount) withRows.push(name);
  }
  return withRows;
}

/** Tables in an order where every table comes after the tables its foreign keys point to. */
async function dependencyOrder(client: Client, tables: string[]): Promise<string[]> {
  const deps = (
    await client.query<{ child: string; parent: string }>(
      `SELECT c.relname AS child, p.relname AS parent FROM pg_constraint k
         JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE k.contype = 'f' AND n.nspname = 'public' AND c.oid <> p.oid`,
    )
  ).rows;
  const ordered: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (t: string, trail: string[]) => {
    if (state.get(t) === 'done') return;
    if (state.get(t) === 'visiting')
      throw new Error(`foreign keys form a cycle (${[...trail, t].join(' → ')}); cannot order the restore`);
    state.set(t, 'visiting');
    for (const d of deps) if (d.child === t && tables.includes(d.parent)) visit(d.parent, [...trail, t]);
    state.set(t, 'done');
    ordered.push(t);
  };
  for (const t of [...tables].sort()) visit(t, []);
  return ordered;
}

export interface RestoreOptions {
  /** Replace a database that already holds data (drops and recreates its public schema). */
  force?: boolean;
  log?: (message: string) => void;
}

/**
 * Restores an archive into the database at `url`: refuses a database with data unless `force`; runs the
 * migrations the archive was taken at; loads every table in foreign-key order in one transaction, checking each
 * table's row count against the manifest; sets the sequences; then runs any newer migrations.
 */
export async function restoreDatabase(
  url: string,
  dir: string,
  options: RestoreOptions = {},
): Promise<{ manifest: BackupManifest; newerMigrations: string[] }> {
  const log = options.log ?? (() => undefined);
  const manifest = await readBackup(dir);
  const known = ALL_MIGRATIONS.map((m) => m.name);
  const unknown = manifest.migrations.filter((m) => !known.includes(m));
  if (unknown.length)
    throw new UnusableBackup(
      `The backup was taken by a newer version (migrations ${unknown.join(', ')} are unknown here); restore it with that version`,
    );

  const client = new Client({ connectionString: url, application_name: 'rectify-restore' });
  await client.connect();
  try {
    const withRows = await databaseHasData(client);
    if (withRows.length) {
      if (!options.force)
        throw new RefusedRestore(
          `The target database already holds data (${withRows.slice(0, 5).join(', ')}${withRows.length > 5 ? ', …' : ''}). ` +
            'Restore into an empty database or a new DATA_DIR, or pass --force to replace everything in it.',
        );
      // A service still connected would answer 500s over a dropped schema and lose what it writes meanwhile.
      const others = await otherSessions(client);
      if (others.length)
        throw new RefusedRestore(
          `${sessionsSentence(others)}. Stop the service (and close other sessions) before replacing its data with --force.`,
        );
      log(`--force: dropping everything in the target database (${withRows.length} tables with rows)`);
      await client.query('DROP SCHEMA public CASCADE');
      await client.query('CREATE SCHEMA public');
      await client.query('GRANT USAGE ON SCHEMA public TO PUBLIC');
    }
  } finally {
    await client.end();
  }

  // The schema as it was when the backup was taken.
  const atBackup = new DataSource(
    dataSourceOptions(url, {
      migrations: ALL_MIGRATIONS.filter((m) => manifest.migrations.includes(m.name)),
    }),
  );
  await atBackup.initialize();
  try {
    await atBackup.runMigrations({ transaction: 'each' });
  } finally {
    await atBackup.destroy();
  }

  const loader = new Client({ connectionString: url, application_name: 'rectify-restore' });
  await loader.connect();
  try {
    await loader.query('BEGIN');
    const present = await userTables(loader);
    const missing = manifest.tables.filter((t) => !present.includes(t.name)).map((t) => t.name);
    if (missing.length) throw new Error(`The migrated schema has no table ${missing.join(', ')}`);
    const byName = new Map(manifest.tables.map((t) => [t.name, t]));
    const order = await dependencyOrder(loader, [...byName.keys()]);
    // The migrations put rows in some tables (the genesis head of the change log, the 判定依据 reference clauses);
    // the archive holds the real ones, so those are cleared first (dependents before what they refer to).
    for (const name of [...order].reverse()) {
      const seeded = await loader.query(`SELECT 1 FROM public.${quoteIdent(name)} LIMIT 1`);
      if (seeded.rowCount) await loader.query(`DELETE FROM public.${quoteIdent(name)}`);
    }
    for (const name of order) {
      const t = byName.get(name)!;
      // The rows go back as they were backed up: an insert trigger would recompute a derived column from tables
      // not loaded yet (findings' description_bigrams read the synonyms, loaded after them), so none fires here.
      await loader.query(`ALTER TABLE public.${quoteIdent(name)} DISABLE TRIGGER USER`);
      const sink = loader.query(
        copyFrom(`COPY public.${quoteIdent(name)} (${t.columns.map(quoteIdent).join(', ')}) FROM STDIN`),
      );
      await pipeline(createReadStream(path.join(dir, t.file)), createGunzip(), sink);
      const count = Number(
        (await loader.query<{ n: string }>(`SELECT count(*) AS n FROM public.${quoteIdent(name)}`)).rows[0].n,
      );
      if (count !== t.rows) throw new Error(`${name}: ${count} rows restored, the manifest says ${t.rows}`);
      await loader.query(`ALTER TABLE public.${quoteIdent(name)} ENABLE TRIGGER USER`);
      log(`${name}: ${count} rows`);
    }
    for (const s of manifest.sequences)
      await loader.query(`SELECT setval($1::regclass, $2::bigint, $3)`, [
        `public.${quoteIdent(s.name)}`,
        s.lastValue,
        s.isCalled,
      ]);
    await loader.query('COMMIT');
  } catch (err) {
    await loader.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await loader.end();
  }
  const newerMigrations = await runMigrations(url);
  return { manifest, newerMigrations };
}

/** The target was not empty and --force was not given. */
export class RefusedRestore extends Error {}

/**
 * The archive cannot be used (missing, damaged, incomplete, of another format or a newer version), or a backup cannot
 * be taken (its directory exists, the database holds no Rectify schema): an operator's mistake, told in one line
 * rather than as a stack trace.
 */
export class UnusableBackup extends Error {}
