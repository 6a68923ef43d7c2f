import 'reflect-metadata';
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { createApp } from './app';
import { AuthService } from './auth/auth.service';
import { AppConfig, ConfigError, loadConfig, shouldRunMigrationsAtStart } from './config/app-config';
import { adminPasswordCheck } from './auth/admin-password';
import { DatabaseRuntime, runMigrations, startDatabase } from './database/database-runtime';
import { DemoSeeder } from './demo/demo-seeder';
import { startSummary, webAddress } from './start-summary';

/**
 * Starts Rectify: validated configuration → database (embedded unless DATABASE_URL) → migrations (embedded
 * mode, or MIGRATIONS_RUN=true) → HTTP. SIGINT/SIGTERM close HTTP and the pool first, then stop the embedded
 * server, so no PostgreSQL process is left behind.
 */
async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config: AppConfig;
  try {
    config = loadConfig(process.env);
    const admin = adminPasswordCheck(config);
    if (admin.error) throw admin.error;
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const log = pino({ level: config.LOG_LEVEL, base: { context: 'Bootstrap' } });

  let database: DatabaseRuntime | undefined;
  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  let stopping = false;
  const shutdown = async (reason: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    log.info({ reason }, 'Shutting down');
    try {
      await app?.close();
    } catch (err) {
      log.error({ err }, 'Error while closing the HTTP server');
    }
    await database?.stop();
    log.info('Stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    database = await startDatabase(config, (line) => log.debug({ postgres: line }));
    if (database.embedded)
      log.info({ dataDir: config.DATA_DIR, port: config.EMBEDDED_PG_PORT }, 'Embedded PostgreSQL is running');
    if (shouldRunMigrationsAtStart(config)) {
      const applied = await runMigrations(database.url);
      log.info(
        { applied },
        applied.length ? `Applied ${applied.length} migration(s)` : 'Migrations are up to date',
      );
    }
    app = await createApp({ config, databaseUrl: database.url });
    await app.listen(config.PORT, config.HOST);
    log.info({ url: webAddress(config) }, `Rectify is listening on ${webAddress(config)}`);
    // A few plain lines for the person who started it: the JSON log above is for machines.
    const demoLoaded = await app
      .get(DemoSeeder)
      .isLoaded()
      .catch(() => false);
    process.stdout.write(
      startSummary({
        config,
        clusterDir: database.embedded ? clusterLocation(config.DATA_DIR) : undefined,
        demoLoaded,
        generatedAdminPassword: app.get(AuthService).generatedAdminPassword,
      }),
    );
  } catch (err) {
    log.fatal({ err }, 'Start failed');
    await shutdown('start failed', 1);
  }
}

/** The embedded cluster's real directory (as root it may be kept elsewhere and linked from DATA_DIR/postgres). */
function clusterLocation(dataDir: string): string | undefined {
  try {
    return realpathSync(path.join(path.resolve(dataDir), 'postgres'));
  } catch {
    return undefined;
  }
}

void main();
