import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { dataSourceOptions } from '../database/data-source';
import { startDatabase } from '../database/database-runtime';
import { AuditLogService } from './audit-log.service';
import { ChangeLogRepository } from './change-log.repository';

/** `npm run audit:verify`: recomputes the change log's hash chain; exit 0 when intact, 1 at the first broken link. */
async function main(): Promise<number> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig(process.env);
  // Connects to the server a running service uses (never stops it); starts its own only when none runs.
  const db = await startDatabase(config, () => undefined, { role: 'command' });
  const ds = await new DataSource(dataSourceOptions(db.url)).initialize();
  try {
    const result = await new AuditLogService(new ChangeLogRepository(ds)).verify();
    if (result.ok) {
      process.stdout.write(
        `Change log intact: ${result.checked} entries, head #${result.head.seq} ${result.head.hash}\n`,
      );
      return 0;
    }
    process.stdout.write(
      `Change log BROKEN at entry #${result.firstBroken!.seq}: ${result.firstBroken!.reason} (${result.checked} entries verified before it)\n`,
    );
    return 1;
  } finally {
    await ds.destroy();
    await db.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(2);
  },
);
