import 'reflect-metadata';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { AuditLogService } from '../audit-log/audit-log.service';
import { ChangeLogRepository } from '../audit-log/change-log.repository';
import { CheckpointSigner, MissingSigningKey } from '../audit-log/checkpoint-signer';
import { CheckpointsRepository } from '../audit-log/checkpoints.repository';
import { AppConfig, loadConfig } from '../config/app-config';
import { backupDatabase, RefusedRestore, restoreDatabase, UnusableBackup } from './backup';
import { dataSourceOptions } from './data-source';
import { startDatabase } from './database-runtime';
import { endCommand } from './command-failure';

const say = (m: string) => process.stdout.write(m + '\n');

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

/** Recomputes the restored change log (chain and signed checkpoints). */
async function verifyChain(url: string, config: AppConfig): Promise<boolean> {
  const ds = await new DataSource(dataSourceOptions(url)).initialize();
  try {
    const result = await new AuditLogService(
      new ChangeLogRepository(ds),
      new CheckpointsRepository(ds),
      CheckpointSigner.forChecking(config),
    )
      .verify()
      .catch((err: unknown) => {
        if (err instanceof MissingSigningKey) return err;
        throw err;
      });
    if (result instanceof MissingSigningKey) {
      say(`The change log was not checked. ${result.message}`);
      return false;
    }
    if (result.ok) {
      say(
        `Change log intact: ${result.checked} entries, head #${result.head.seq} ${result.head.hash}; ${result.checkpoints.checked} signed checkpoint(s) hold`,
      );
      return true;
    }
    say(`Change log BROKEN at entry #${result.firstBroken!.seq}: ${result.firstBroken!.reason}`);
    return false;
  } finally {
    await ds.destroy();
  }
}

/**
 * `npm run backup [-- --out DIR]`: a consistent logical archive of the configured database (DATABASE_URL, or the
 * embedded one) while the service keeps running.
 * `npm run restore -- DIR [--force]`: loads an archive into the configured database (empty, or a new DATA_DIR;
 * --force replaces a database that holds data), then checks row counts and the change log.
 */
async function main(): Promise<number> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const [command, ...rest] = process.argv.slice(2);
  const flag = (name: string) => rest.includes(name);
  const option = (name: string) => {
    const i = rest.indexOf(name);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  if (command !== 'backup' && command !== 'restore') {
    say('Usage: backup-cli backup [--out DIR] | restore DIR [--force]');
    return 2;
  }
  const out = option('--out');
  if (rest.includes('--out') && (!out || out.startsWith('--'))) {
    say('Usage: npm run backup -- --out <new directory> (--out names the directory to write)');
    return 2;
  }
  const config = loadConfig(process.env);
  const archive =
    command === 'backup'
      ? path.resolve(out ?? path.join('backups', `rectify-${stamp(new Date())}`))
      : rest.find((a) => !a.startsWith('--'));
  if (!archive) {
    say('Usage: npm run restore -- <backup directory> [--force]');
    return 2;
  }
  const db = await startDatabase(config, () => undefined);
  try {
    if (command === 'backup') {
      const started = Date.now();
      const m = await backupDatabase(db.url, archive);
      const rows = m.tables.reduce((s, t) => s + t.rows, 0);
      say(
        `Backup written to ${archive}: ${m.tables.length} tables, ${rows} rows, change log head #${m.changeLog.headSeq} ` +
          `${m.changeLog.headHash} (${((Date.now() - started) / 1000).toFixed(1)} s). ` +
          'The change-log signing key is not in it: keep a copy of AUDIT_SIGNING_KEY_FILE apart.',
      );
      return 0;
    }
    const { manifest, newerMigrations } = await restoreDatabase(db.url, path.resolve(archive), {
      force: flag('--force'),
      log: say,
    });
    const rows = manifest.tables.reduce((s, t) => s + t.rows, 0);
    say(
      `Restored ${archive} (taken ${manifest.createdAt} by version ${manifest.appVersion}): ${manifest.tables.length} tables, ${rows} rows, every count as in the manifest` +
        (newerMigrations.length ? `; then applied ${newerMigrations.join(', ')}` : ''),
    );
    return (await verifyChain(db.url, config)) ? 0 : 1;
  } catch (err) {
    if (err instanceof RefusedRestore) {
      say(`Restore refused: ${err.message}`);
      return 1;
    }
    if (err instanceof UnusableBackup) {
      process.stderr.write(`Nothing was ${command === 'backup' ? 'written' : 'restored'}: ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    await db.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => endCommand(err, 2),
);
