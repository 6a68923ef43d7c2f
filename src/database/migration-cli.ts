import 'reflect-metadata';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source';
import { poolOptions } from './pool-options';
import {
  appliedMigrationsOf,
  otherSessions,
  runMigrations,
  sessionsSentence,
  startDatabase,
} from './database-runtime';
import { startScratchServer } from './scratch-server';
import { endCommand } from './command-failure';

/**
 * `npm run migration:<command>`:
 *  run       apply pending migrations to the configured database (DATABASE_URL, or the embedded one)
 *  revert    name the last applied migration; with --force (the service stopped) undo it
 *  check     apply every migration to a throwaway database and fail if the entities need more (drift)
 *  generate  write migrations/<timestamp>-<Name>.ts with what the entities need beyond the migrations
 */
async function main(): Promise<number> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const [command, name, ...flags] = process.argv.slice(2);
  const config = loadConfig(process.env);
  const say = (m: string) => process.stdout.write(m + '\n');

  if (command === 'run' || command === 'revert') {
    // Connects to the server a running service uses (never stops it); starts its own only when none runs.
    const db = await startDatabase(config, () => undefined, { role: 'command' });
    try {
      if (command === 'run') {
        const applied = await runMigrations(db.url);
        say(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations.');
      } else {
        // Named for this process, so that its own pool's idle connections are not taken for someone else's.
        const application = `rectify-migration-${process.pid}`;
        const ds = await new DataSource(
          dataSourceOptions(db.url, { extra: poolOptions({ max: 2, application_name: application }) }),
        ).initialize();
        try {
          // Named before and after: TypeORM says nothing (and creates its table) when there is nothing to revert.
          const before = await appliedMigrationsOf(ds);
          if (!before.length) {
            say('No migration has been applied to this database: nothing to revert.');
            return 0;
          }
          // A migration's down() may drop tables or columns and the records in them, so it is never undone by a
          // command typed in passing: the operator says --force, with the service stopped (it would answer 500s
          // over a schema its code does not match). `npm run migration:revert -- --force`.
          const last = before[0]; // newest first, as TypeORM reads them (and undoes the first)
          if (name !== '--force' && !flags.includes('--force')) {
            say(
              `Revert refused: this would undo ${last}, the last applied migration. Undoing a migration can drop ` +
                'tables or columns and the records in them. Take a backup first (npm run backup), stop the service, ' +
                'then run `npm run migration:revert -- --force`.',
            );
            return 1;
          }
          const others = await otherSessions(
            { query: async (text, values) => ({ rows: await ds.query(text, values) }) },
            application,
          );
          if (others.length) {
            say(
              `Revert refused: ${sessionsSentence(others)}. Stop the service (and close other sessions) first.`,
            );
            return 1;
          }
          await ds.undoLastMigration({ transaction: 'each' });
          const after = new Set(await appliedMigrationsOf(ds));
          say(`Reverted ${before.filter((name) => !after.has(name)).join(', ')}.`);
        } finally {
          await ds.destroy();
        }
      }
    } finally {
      await db.stop();
    }
    return 0;
  }

  if (command === 'check' || command === 'generate') {
    if (command === 'generate' && !/^[A-Z][A-Za-z0-9]+$/.test(name ?? '')) {
      say('Usage: npm run migration:generate -- NameInPascalCase');
      return 2;
    }
    const scratch = await startScratchServer(config.DATABASE_URL);
    const dbName = `rectify_migcheck_${process.pid}_${Date.now()}`;
    try {
      const url = await scratch.createDatabase(dbName);
      await runMigrations(url);
      const ds = await new DataSource(dataSourceOptions(url)).initialize();
      const sql = await ds.driver.createSchemaBuilder().log();
      await ds.destroy();
      if (command === 'check') {
        if (sql.upQueries.length === 0) {
          say('migration:check: entities and migrations agree.');
          return 0;
        }
        say('migration:check FAILED: the entities need schema changes that no migration makes:');
        for (const q of sql.upQueries) say('  ' + q.query);
        say('Run `npm run migration:generate -- Name` and review the file.');
        return 1;
      }
      if (sql.upQueries.length === 0) {
        say('Nothing to generate: entities and migrations agree.');
        return 0;
      }
      const timestamp = Date.now();
      const className = `${name}${timestamp}`;
      const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
      const up = sql.upQueries.map((q) => `    await queryRunner.query(\`${esc(q.query)}\`);`).join('\n');
      const down = sql.downQueries
        .reverse()
        .map((q) => `    await queryRunner.query(\`${esc(q.query)}\`);`)
        .join('\n');
      const file = path.join('migrations', `${timestamp}-${name}.ts`);
      writeFileSync(
        file,
        `import { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${className} implements MigrationInterface {\n  name = '${className}';\n\n  public async up(queryRunner: QueryRunner): Promise<void> {\n${up}\n  }\n\n  public async down(queryRunner: QueryRunner): Promise<void> {\n${down}\n  }\n}\n`,
      );
      say(
        `Wrote ${file}. Add it to migrations/index.ts:\n  import { ${className} } from './${timestamp}-${name}';`,
      );
      return 0;
    } finally {
      await scratch.dropDatabase(dbName).catch(() => undefined);
      await scratch.stop();
    }
  }
  say('Usage: migration-cli run|revert [--force]|check|generate <Name>');
  return 2;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => endCommand(err, 1),
);
