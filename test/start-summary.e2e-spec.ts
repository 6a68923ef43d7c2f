import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findFreePorts } from '../src/database/embedded-postgres';

/** A first start: new cluster, every migration, the demo data (about 20 s quiet, several times that under load). */
const FIRST_START_MS = 5 * 60_000;
const STOP_GRACE_MS = 30_000;

/**
 * What a person sees after `npm start` on a fresh checkout (dist/src/main.js, embedded database, no settings): a
 * short plain summary with the web address, the API docs, where the data lives, the demo users and the generated
 * administrator password — and not Nest's line per module and per route at info level.
 */
describe('The start summary of `npm start`', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rectify-summary-'));
  chmodSync(dataDir, 0o755); // reachable by the postgres user when run as root
  let child: ChildProcess | undefined;
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, STOP_GRACE_MS);
        child!.once('exit', () => (clearTimeout(timer), resolve()));
      });
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  }, STOP_GRACE_MS + 5_000);

  it(
    'prints the web address, API docs, data location, demo users and the generated admin password; routes at debug',
    async () => {
      const [port, pgPort] = await findFreePorts(2);
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        PORT: String(port),
        EMBEDDED_PG_PORT: String(pgPort),
        DATA_DIR: dataDir,
        LOG_LEVEL: 'info',
      };
      for (const k of ['DATABASE_URL', 'NODE_OPTIONS', 'NODE_ENV', 'ADMIN_PASSWORD', 'DEMO_DATA', 'HOST'])
        delete env[k];
      child = spawn(process.execPath, ['dist/src/main.js'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
      const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
      let exitCode: number | null | undefined;
      void exited.then((code) => (exitCode = code));
      // The summary is written once the server listens; wait for its last line (the test's timeout bounds this).
      while (!out.includes('Stop        Ctrl-C')) {
        if (exitCode !== undefined)
          throw new Error(`service exited (code ${exitCode}) before starting:\n${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }

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

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    },
    FIRST_START_MS,
  );
});
