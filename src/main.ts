import 'reflect-metadata';
import { existsSync, realpathSync } from 'node:fs';
import type { Server, ServerResponse } from 'node:http';
import path from 'node:path';
import pino from 'pino';
import { createApp } from './app';
import { AuthService } from './auth/auth.service';
import {
  AppConfig,
  ConfigError,
  loadConfig,
  loadsDemoData,
  shouldRunMigrationsAtStart,
  usesEmbeddedDatabase,
} from './config/app-config';
import { adminPasswordCheck } from './auth/admin-password';
import {
  DatabaseRuntime,
  pendingMigrations,
  pendingMigrationsMessage,
  recreateDatabase,
  runMigrations,
  startDatabase,
} from './database/database-runtime';
import { prepareServiceRole } from './database/service-role';
import { DemoSeeder } from './demo/demo-seeder';
import { demoLoadState } from './demo/demo.repository';
import { holdFreePort } from './port-hold';
import { localLinksWarning, startSummary, webAddress } from './start-summary';

/**
 * Starts Rectify: validated configuration → database (embedded unless DATABASE_URL; supervised: restarted when it
 * dies) → a demo load left incomplete by an interrupted first start is undone → migrations (embedded mode, or
 * MIGRATIONS_RUN=true) → HTTP. SIGINT/SIGTERM stop accepting connections, let the requests in flight finish (up to
 * SHUTDOWN_GRACE_MS), then close the pool and stop the embedded server, so no PostgreSQL process is left behind.
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
  let requests: RequestTracker | undefined;
  let stopping = false;
  const shutdown = async (reason: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    log.info(
      { reason, inFlight: requests?.inFlight ?? 0, graceMs: config.SHUTDOWN_GRACE_MS },
      'Shutting down: no new connections; letting the requests in flight finish',
    );
    if (requests) {
      const left = await requests.drain(config.SHUTDOWN_GRACE_MS);
      if (left > 0)
        log.warn(
          { left },
          `${left} request(s) still running after SHUTDOWN_GRACE_MS (${config.SHUTDOWN_GRACE_MS} ms); closing their connections`,
        );
    }
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

  let portHold: Awaited<ReturnType<typeof holdFreePort>> | undefined;
  try {
    // PORT=0: the kernel's choice, held from here on, so that every address written during the start names it.
    if (config.PORT === 0) {
      portHold = await holdFreePort(config.HOST);
      config.PORT = portHold.port;
    }
    const pgLog = pino({ level: config.LOG_LEVEL, base: { context: 'EmbeddedPostgres' } });
    database = await startDatabase(config, (line) => pgLog.debug({ postgres: line }), {
      role: 'service',
      report: (level, message) => pgLog[level](message),
    });
    if (database.embedded)
      log.info(
        { dataDir: config.DATA_DIR, port: config.EMBEDDED_PG_PORT, pid: database.embedded.pid },
        'Embedded PostgreSQL is running',
      );
    await undoInterruptedDemoLoad(config, database, log);
    if (shouldRunMigrationsAtStart(config)) {
      const applied = await runMigrations(database.url);
      log.info(
        { applied },
        applied.length ? `Applied ${applied.length} migration(s)` : 'Migrations are up to date',
      );
    } else {
      // Without this the first query of a missing table would fail the start with "relation … does not exist".
      const pending = await pendingMigrations(database.url);
      if (pending.length) {
        log.fatal({ pending }, pendingMigrationsMessage(pending));
        await shutdown('migrations pending', 1);
        return;
      }
    }
    // Embedded: the service's connections log in as a role that owns nothing (src/database/service-role.ts).
    const serviceUrl = database.embedded
      ? await prepareServiceRole(
          database.url,
          path.join(path.resolve(config.DATA_DIR), 'postgres.service.password'),
        )
      : database.url;
    app = await createApp({ config, databaseUrl: serviceUrl });
    requests = trackRequests(app.getHttpServer() as Server);
    if (stopping) return; // a signal came while the app was being built: shutdown() takes it from here
    // Hand the held port over: its socket is closed now, and app.listen binds the same port a moment later.
    void portHold?.release();
    await app.listen(config.PORT, config.HOST);
    log.info({ url: webAddress(config) }, `Rectify is listening on ${webAddress(config)}`);
    const linksWarning = localLinksWarning(config);
    if (linksWarning) log.warn(linksWarning);
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
    if (stopping) return; // a signal stopped the start half-way (its shutdown is under way): not a failure
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

/**
 * A first start that was killed while it loaded the demo leaves part of it behind (a start marker, no completion
 * marker), and the next start would otherwise skip loading because the database is no longer empty. Said loudly;
 * the embedded database of a demo is then emptied, so that this start loads the whole demo again. An external
 * database is never dropped: the operator decides.
 */
async function undoInterruptedDemoLoad(
  config: AppConfig,
  database: DatabaseRuntime,
  log: pino.Logger,
): Promise<void> {
  const demo = await demoLoadState(database.url);
  if (demo.state !== 'interrupted') return;
  const what =
    `An earlier start began loading the demo data at ${demo.startedAt} and was interrupted: the database holds ` +
    `an incomplete demo (${demo.units} units, ${demo.findings} findings).`;
  if (usesEmbeddedDatabase(config) && loadsDemoData(config)) {
    log.error(
      `${what} The embedded database holds nothing but that demo: emptying it and loading the whole demo again.`,
    );
    await recreateDatabase(database.url);
    return;
  }
  log.error(
    `${what} It was left as it is${usesEmbeddedDatabase(config) ? ' (DEMO_DATA=false)' : ' (external database)'}; ` +
      'drop and recreate the database, then start again, to load the demo in full.',
  );
}

interface RequestTracker {
  readonly inFlight: number;
  /** Stops accepting connections and resolves when no request is in flight, or after `graceMs`: how many are left. */
  drain(graceMs: number): Promise<number>;
}

/**
 * Counts the requests in flight on `server` and drains it: the listening socket closes (new connections are
 * refused), every answer from then on closes its connection, idle keep-alive connections are closed, and the
 * requests already accepted run to their end.
 */
function trackRequests(server: Server): RequestTracker {
  const open = new Set<ServerResponse>();
  let draining = false;
  let onIdle: (() => void) | undefined;
  server.on('request', (_req, res: ServerResponse) => {
    open.add(res);
    if (draining && !res.headersSent) res.setHeader('Connection', 'close');
    res.once('close', () => {
      open.delete(res);
      if (open.size === 0) onIdle?.();
    });
  });
  return {
    get inFlight() {
      return open.size;
    },
    async drain(graceMs) {
      draining = true;
      for (const res of open) if (!res.headersSent) res.setHeader('Connection', 'close');
      // Connections the kernel has already queued are accepted in the next turns of the event loop; closing the
      // listening socket before that would reset them.
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setTimeout(resolve, 20));
      server.close();
      server.closeIdleConnections();
      const sweep = setInterval(() => server.closeIdleConnections(), 100);
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        if (open.size === 0) return resolve();
        onIdle = resolve;
        timer = setTimeout(resolve, graceMs);
      });
      clearTimeout(timer);
      clearInterval(sweep);
      const left = open.size;
      server.closeAllConnections();
      return left;
    },
  };
}

void main();
