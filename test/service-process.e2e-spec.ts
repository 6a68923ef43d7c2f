import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { findFreePorts } from '../src/database/free-ports';
import { listeningPort } from './support/listening-port';

/**
 * This test's own bound on two starts and stops of the service: a first start creates a cluster, applies every
 * migration and loads the demo data (about 20 s on a quiet 2-core machine, several times that under load). The
 * waits inside have no limits of their own.
 */
const TWO_STARTS_MS = 5 * 60_000;
/** How long a service still running after a failed test gets to stop its PostgreSQL before it is killed. */
const STOP_GRACE_MS = 30_000;

/** Resolves when the process has exited, or after `ms` (whichever comes first). */
const exitOf = (child: ChildProcess, ms: number) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/**
 * The service as a user runs it (`npm start` runs dist/src/main.js): its own embedded PostgreSQL, data kept in
 * DATA_DIR across restarts, migrations applied once, and nothing left running after Ctrl-C or SIGTERM.
 * (`npm test` builds first, so dist/ is current.)
 */
describe('Service process with the embedded database', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rectify-svc-'));
  chmodSync(dataDir, 0o755); // reachable by the postgres user when run as root, so no cluster is kept elsewhere
  /** The running service's port: it starts with PORT=0 and says which port it bound (see waitHealthy). */
  let port: number;
  let pgPort: number;

  beforeAll(async () => {
    [pgPort] = await findFreePorts(1);
  });
  const children: ChildProcess[] = [];
  afterAll(async () => {
    // A test that failed or timed out may leave a service running: stop it as Ctrl-C would, so that it stops its
    // PostgreSQL too (a SIGKILLed service would leave the cluster running); SIGKILL only what does not stop.
    const running = children.filter((c) => c.exitCode === null && c.signalCode === null);
    for (const c of running) c.kill('SIGTERM');
    await Promise.all(running.map((c) => exitOf(c, STOP_GRACE_MS)));
    for (const c of running) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }, STOP_GRACE_MS + 5_000);

  const env = (extra: Record<string, string> = {}) => {
    const e: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: '0',
      EMBEDDED_PG_PORT: String(pgPort),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      ...extra,
    };
    // As a person on a fresh checkout runs it: no password given, so the service generates the administrator's.
    delete e.ADMIN_PASSWORD;
    delete e.DEMO_DATA;
    delete e.HOST;
    delete e.DATABASE_URL;
    delete e.NODE_OPTIONS;
    delete e.NODE_ENV; // run as a user does, not in test mode (jest sets NODE_ENV=test)
    return e;
  };

  function start(
    extra?: Record<string, string>,
    nodeArgs: string[] = [],
    viaNpm = false,
  ): {
    child: ChildProcess;
    output: () => string;
    exited: Promise<number | null>;
  } {
    const [command, args] = viaNpm
      ? ['npm', ['start']]
      : [process.execPath, [...nodeArgs, 'dist/src/main.js']];
    const child = spawn(command, args, {
      env: env(extra),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    // 'close', not 'exit': it comes once the pipes are drained, so output() holds every line the process wrote.
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    return { child, output: () => out, exited };
  }

  /**
   * Polls the health endpoint until the service answers 200 and its start summary (main.ts writes it last) is in the
   * output — a 200 can reach the test before the lines logged during the start have come through the pipe. No limit
   * of its own: a first start (new cluster, migrations, demo data) takes what it takes on a loaded machine, and the
   * test's timeout is the bound. It fails at once, with the service's output, when the process exits instead.
   */
  async function waitHealthy(service: {
    output: () => string;
    exited: Promise<number | null>;
  }): Promise<Record<string, unknown>> {
    let exitCode: number | null | undefined;
    void service.exited.then((code) => (exitCode = code));
    for (;;) {
      if (exitCode !== undefined)
        throw new Error(`service exited (code ${exitCode}) before it became healthy:\n${service.output()}`);
      const bound = listeningPort(service.output());
      if (bound === undefined) {
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      port = bound;
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/v1/health`, {
          signal: AbortSignal.timeout(5_000),
        });
        if (res.status === 200 && service.output().includes('Rectify is running'))
          return (await res.json()) as Record<string, unknown>;
      } catch {
        /* not listening yet (or too busy to answer this poll: ask again) */
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  // The cluster may live elsewhere (symlinked) when the postgres user cannot enter DATA_DIR, e.g. as root.
  const clusterPath = () => realpathSync(path.join(dataDir, 'postgres'));
  const postgresProcessesOn = (dir: string) =>
    execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.includes('postgres') && l.includes(dir));

  async function withEmbeddedDb<T>(
    fn: (c: Client) => Promise<T>,
    as: 'owner' | 'service' = 'owner',
  ): Promise<T> {
    const file = as === 'owner' ? 'postgres.password' : 'postgres.service.password';
    const password = readFileSync(path.join(dataDir, file), 'utf8').trim();
    const client = new Client({
      host: '127.0.0.1',
      port: pgPort,
      user: as === 'owner' ? 'postgres' : 'rectify_service',
      password,
      database: 'rectify',
    });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  }

  /**
   * What a person sees after `npm start` on a fresh checkout (no settings): a short plain summary with the web
   * address, the API docs, where the data lives, the demo users and the generated administrator password — and not
   * Nest's line per module and per route at info level. (Part of the first start below: a first start loads the demo,
   * which is most of its time.)
   */
  async function expectStartSummary(service: { output: () => string; exited: Promise<number | null> }) {
    // The summary is written once the server listens; wait for its last line (the test's timeout bounds this).
    let exitCode: number | null | undefined;
    void service.exited.then((code) => (exitCode = code));
    while (!service.output().includes('Stop        Ctrl-C')) {
      if (exitCode !== undefined) throw new Error(`service exited (code ${exitCode}):\n${service.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const out = service.output();
    const summary = out.split('\n').filter((l) => !l.startsWith('{'));
    expect(summary).toEqual(
      expect.arrayContaining([
        `  Web pages   http://localhost:${port}/`,
        `  API docs    http://localhost:${port}/api/docs   (the API is under /api/v1)`,
        expect.stringMatching(
          new RegExp(
            `^  Data        ${dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(embedded PostgreSQL on 127\\.0\\.0\\.1:${pgPort}`,
          ),
        ),
        expect.stringMatching(/^ {2}Demo users {2}han\.jingyi, .* password Rectify2023/),
        expect.stringMatching(/^ {2}Admin {7}admin, generated password: \S+ \(shown once/),
      ]),
    );
    // The addresses printed answer: the pages (login) and the API docs.
    expect((await fetch(`http://localhost:${port}/login`)).status).toBe(200);
    expect((await fetch(`http://localhost:${port}/api/docs`)).status).toBe(200);
    // The generated password is the administrator's.
    const password = /generated password: (\S+) \(shown once/.exec(out)![1];
    const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    expect(login.status).toBe(200);
    // Nest's wiring lines are at debug, so an info-level start log is short and names no route.
    const logLines = out.split('\n').filter((l) => l.startsWith('{'));
    expect(logLines.filter((l) => l.includes('Mapped {'))).toEqual([]);
    expect(
      logLines.filter((l) => /"context":"(RouterExplorer|RoutesResolver|InstanceLoader)"/.test(l)),
    ).toEqual([]);
    expect(logLines.length).toBeLessThan(40);
  }

  it(
    'starts, prints its start summary, keeps data across a restart, runs migrations once, and leaves no PostgreSQL behind',
    async () => {
      // Which files the process loads from disk, to check the bundle below (a passive hook: it writes at exit).
      const loadedFile = path.join(dataDir, 'loaded-modules.json');
      const first = start({ LOADED_MODULES_FILE: loadedFile }, [
        '--import',
        './test/support/loaded-modules.mjs',
      ]);
      const health = await waitHealthy(first);
      expect(health).toMatchObject({ status: 'ok', database: { reachable: true, embedded: true } });
      await expectStartSummary(first);
      expect(first.output()).toMatch(/Applied \d+ migration/);
      // The README's first command shows the demo: a demo user logs in and sees the look-back rounds.
      expect(first.output()).toContain('Demo data loaded');
      const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'han.jingyi', password: 'Rectify2023' }),
      });
      const { accessToken } = (await login.json()) as { accessToken: string };
      const rounds = await fetch(`http://127.0.0.1:${port}/api/v1/rounds?kind=LOOK_BACK`, {
        headers: { Authorization: `Bearer ${accessToken}` },
      });
      expect(((await rounds.json()) as { total: number }).total).toBe(4);
      // The demo is vouched for by a signed checkpoint at once (printouts' footers name it), not an hour later.
      const checkpointed = await withEmbeddedDb((c) =>
        c.query<{ checkpoint: string; head: string }>(
          `SELECT (SELECT max(seq) FROM change_log_checkpoints) AS checkpoint,
                  (SELECT max(seq) FROM change_events) AS head`,
        ),
      );
      expect(Number(checkpointed.rows[0].checkpoint)).toBe(Number(checkpointed.rows[0].head));
      // PORT=0 (env above): the demo's notices are written before the service listens, yet link to the port it took.
      const notices = await withEmbeddedDb((c) =>
        c.query<{ body: string }>(`SELECT body FROM notifications WHERE body LIKE '%http://%' LIMIT 20`),
      );
      expect(notices.rows.length).toBeGreaterThan(0);
      for (const n of notices.rows) expect(n.body).toContain(`http://localhost:${port}/`);
      // Issue 15 point 18(c): the service's connections use a role that owns nothing, so nothing it runs can
      // switch off the change log's append-only triggers or rewrite the log.
      const serviceUsers = await withEmbeddedDb((c) =>
        c.query<{ usename: string }>(
          `SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = 'rectify' AND pid <> pg_backend_pid()`,
        ),
      );
      expect(serviceUsers.rows.map((r) => r.usename)).toEqual(['rectify_service']);
      await withEmbeddedDb(async (c) => {
        const refused = async (sql: string) =>
          c.query(sql).then(
            () => 'accepted',
            (err: { code?: string }) => err.code,
          );
        expect(await refused('ALTER TABLE change_events DISABLE TRIGGER ALL')).toBe('42501'); // must be owner
        expect(await refused('DROP TRIGGER change_events_append_only ON change_events')).toBe('42501');
        expect(await refused(`SET session_replication_role = replica`)).toBe('42501');
        expect(await refused(`UPDATE change_events SET actor_name = 'x' WHERE seq = 1`)).toBe('42501');
        expect(await refused('TRUNCATE findings')).toBe('42501');
        expect(await refused('CREATE TABLE smuggled (x int)')).toBe('42501');
        // …but it reads and writes rows as the service needs to.
        const findings = await c.query<{ n: string }>('SELECT count(*) AS n FROM findings');
        expect(Number(findings.rows[0].n)).toBeGreaterThan(0);
      }, 'service');
      await withEmbeddedDb(async (c) => {
        await c.query('CREATE TABLE restart_marker (note text)');
        await c.query(`INSERT INTO restart_marker VALUES ('整改台账')`);
      });
      expect(postgresProcessesOn(clusterPath()).length).toBeGreaterThan(0);

      // The bundled service (`npm run build` makes dist/src/main.js one file: .tools/bundle-service.mjs) serves
      // what the in-process tests check from the compiled files: a page, a validation error, a printout, the API docs.
      const get = (url: string) =>
        fetch(`http://127.0.0.1:${port}${url}`, { headers: { Authorization: `Bearer ${accessToken}` } });
      expect(await (await get('/login')).text()).toContain('<form');
      expect((await get('/assets/app.css')).status).toBe(200);
      expect(await (await get('/api/docs')).text()).toContain('swagger-ui');
      const bad = await fetch(`http://127.0.0.1:${port}/api/v1/findings`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${accessToken}` },
        body: JSON.stringify({ roundId: 'one', level: 'HUGE' }),
      });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
      const roundId = (
        (await (await get('/api/v1/rounds?kind=LOOK_BACK')).json()) as { items: { id: number }[] }
      ).items[0].id;
      const ledger = await get(`/api/v1/reports/rounds/${roundId}/ledger`);
      expect(ledger.headers.get('content-type')).toBe('application/pdf');
      expect(
        Buffer.from(await ledger.arrayBuffer())
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-');

      first.child.kill('SIGINT'); // what Ctrl-C sends
      expect(await first.exited).toBe(0);
      expect(postgresProcessesOn(clusterPath())).toEqual([]);

      // No package both bundled and loaded from node_modules: a second copy would have state of its own (pg's date
      // parser, class-transformer's metadata). Those that must stay outside the bundle are loaded from disk alone.
      const bundled = JSON.parse(readFileSync('dist/src/main.bundled-packages.json', 'utf8')) as string[];
      const loaded = JSON.parse(readFileSync(loadedFile, 'utf8')) as string[];
      const packageOf = (file: string) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file)?.[1];
      const fromDisk = new Set(loaded.map(packageOf).filter((p): p is string => p !== undefined));
      expect(bundled).toEqual(expect.arrayContaining(['@nestjs/core', 'fastify', 'rxjs']));
      expect(bundled.filter((p) => fromDisk.has(p))).toEqual([]);
      expect([...fromDisk]).toEqual(expect.arrayContaining(['typeorm', 'pg', 'class-validator']));
      // The service's own code came from the bundle, not from dist/src's compiled files.
      expect(loaded.filter((f) => f.includes(`${path.sep}dist${path.sep}src${path.sep}`))).toEqual([
        path.resolve('dist/src/main.js'),
      ]);

      const second = start();
      // How fast it restarts is the benchmark's business (timed assertions fail on a loaded machine); here: that it
      // restarts on the same data without migrating again.
      await waitHealthy(second);
      expect(second.output()).toContain('Migrations are up to date');
      expect(second.output()).not.toMatch(/Applied \d+ migration/);
      const rows = await withEmbeddedDb((c) => c.query('SELECT note FROM restart_marker'));
      expect(rows.rows).toEqual([{ note: '整改台账' }]);

      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
      expect(postgresProcessesOn(clusterPath())).toEqual([]);
    },
    TWO_STARTS_MS,
  );

  /**
   * `docker stop`, or a supervisor that signals the process it started, sends SIGTERM to `npm start` alone: npm
   * passes it to its child, which must be the service itself, not a shell that dies and leaves the service and its
   * PostgreSQL running as orphans.
   */
  it(
    'stops, with its PostgreSQL, when SIGTERM reaches `npm start`',
    async () => {
      const viaNpm = start({}, [], true);
      await waitHealthy(viaNpm);
      const servicePid = Number(/"pid":(\d+)/.exec(viaNpm.output())![1]);
      const alive = () => {
        try {
          process.kill(servicePid, 0);
          return true;
        } catch {
          return false;
        }
      };
      viaNpm.child.kill('SIGTERM');
      // npm's exit, not the pipes' close: an orphaned service would keep the pipes open.
      await exitOf(viaNpm.child, STOP_GRACE_MS);
      for (let i = 0; i < 100 && alive(); i++) await new Promise((r) => setTimeout(r, 100));
      const leftRunning = alive();
      if (leftRunning) process.kill(servicePid, 'SIGTERM'); // stop the orphan and its PostgreSQL for the next test
      for (let i = 0; i < 300 && alive(); i++) await new Promise((r) => setTimeout(r, 100));
      expect({ serviceLeftRunning: leftRunning }).toEqual({ serviceLeftRunning: false });
      expect(postgresProcessesOn(clusterPath())).toEqual([]);
    },
    TWO_STARTS_MS,
  );

  it('refuses to start with an invalid setting and names the variable', async () => {
    const bad = start({ PORT: 'three-thousand' });
    expect(await bad.exited).toBe(78);
    expect(bad.output()).toContain('PORT');
    expect(bad.output()).toContain('three-thousand');
  });
});
