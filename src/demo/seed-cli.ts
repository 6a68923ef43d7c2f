import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { existsSync } from 'node:fs';
import { AppModule } from '../app.module';
import { loadConfig, shouldRunMigrationsAtStart } from '../config/app-config';
import {
  pendingMigrations,
  pendingMigrationsMessage,
  runMigrations,
  startDatabase,
} from '../database/database-runtime';
import { DemoSeeder } from './demo-seeder';
import { demoLoadState } from './demo.repository';
import { endCommand } from '../database/command-failure';

/** `npm run seed:demo`: loads the January 2023 look-back into the configured database if it is empty. */
async function main(): Promise<number> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig({
    ...process.env,
    DEMO_DATA: 'false',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  // Connects to the server a running service uses (never stops it); starts its own only when none runs.
  const db = await startDatabase(config, () => undefined, { role: 'command' });
  try {
    const demo = await demoLoadState(db.url);
    if (demo.state === 'interrupted') {
      process.stderr.write(
        `An earlier demo load (begun ${demo.startedAt}) was interrupted: the database holds an incomplete demo ` +
          `(${demo.units} units, ${demo.findings} findings). Nothing was loaded. With the embedded database, ` +
          'starting the service (npm start) empties it and loads the demo again; otherwise drop and recreate the database.\n',
      );
      return 1;
    }
    if (shouldRunMigrationsAtStart(config)) await runMigrations(db.url);
    else {
      const pending = await pendingMigrations(db.url);
      if (pending.length) {
        process.stderr.write(`Nothing was loaded. ${pendingMigrationsMessage(pending)}\n`);
        return 1;
      }
    }
    const app = await NestFactory.createApplicationContext(
      AppModule.forRoot({ config, databaseUrl: db.url }),
      { logger: ['error', 'warn'] },
    );
    try {
      const seeded = await app.get(DemoSeeder).seedIfEmpty();
      process.stdout.write(
        seeded
          ? 'Demo data loaded (password of every demo user: see README).\n'
          : 'The database already has data; nothing was loaded.\n',
      );
    } finally {
      await app.close();
    }
    return 0;
  } finally {
    await db.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => endCommand(err, 1),
);
