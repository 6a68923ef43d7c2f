import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { scratchServerAt } from '../src/database/scratch-server';
import { createTestDatabase } from './support/test-databases';
import { startTestApp, TEST_ADMIN_PASSWORD, TestApp } from './support/test-app';

/** The published password of every demo account (README: Demo data). */
const DEMO_PASSWORD = 'Rectify2023';
/** Seeding the demo (the January 2023 look-back, replayed through the services) on a loaded 2-core machine. */
const DEMO_LOAD_MS = 5 * 60_000;

/**
 * A deployment that follows docs/operations.md sets DATABASE_URL. It must not get the ~40 demo accounts with the published
 * password unless it asks for them (DEMO_DATA=true); the embedded database (trying it out) loads them by default,
 * which test/service-process.e2e-spec.ts checks on a real first start.
 */
describe('Deployment defaults on an external database (DATABASE_URL)', () => {
  // Run as a deployment does, not in test mode (tests never load the demo at start).
  const asDeployed = { NODE_ENV: 'production', WEEKLY_JOB_INTERVAL_SECONDS: '0' };
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  const login = (username: string, password: string) =>
    t!.http().post('/api/v1/auth/login').send({ username, password });

  it('starts without demo data when DEMO_DATA is not set: no demo accounts, no units', async () => {
    t = await startTestApp({ env: asDeployed });
    expect((await login('han.jingyi', DEMO_PASSWORD)).status).toBe(401);
    expect((await login('qin.guodong', DEMO_PASSWORD)).status).toBe(401);
    const [{ n }] = (await t.db.query('SELECT count(*)::int AS n FROM units')) as { n: number }[];
    expect(n).toBe(0);
    const users = (await t.db.query('SELECT username FROM users')) as { username: string }[];
    expect(users.map((u) => u.username)).toEqual(['admin']);
    // The administrator is there as documented.
    expect((await login('admin', TEST_ADMIN_PASSWORD)).status).toBe(200);
  });

  it(
    'loads the demo data when DEMO_DATA=true is set explicitly',
    async () => {
      t = await startTestApp({ env: { ...asDeployed, DEMO_DATA: 'true' } });
      const res = await login('han.jingyi', DEMO_PASSWORD);
      expect(res.status).toBe(200);
    },
    DEMO_LOAD_MS,
  );
});

/**
 * With DATABASE_URL migrations are a deploy step (`npm run migration:run`), not done at start. A new version started
 * before that step, or a command run on an empty database, must say what to do, not fail on a missing table.
 */
describe('A database whose migrations have not run (DATABASE_URL)', () => {
  const run = (script: string, databaseUrl: string, args: string[] = []) => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      NODE_ENV: 'production',
      PORT: '0', // should it start after all, on a port the kernel picks (never one another test holds)
      LOG_LEVEL: 'info',
      ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    };
    delete env.NODE_OPTIONS;
    delete env.DEMO_DATA;
    delete env.MIGRATIONS_RUN;
    return promisify(execFile)(process.execPath, [script, ...args], { env }).then(
      (r) => ({ code: 0, output: r.stdout + r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({
        code: e.code,
        output: e.stdout + e.stderr,
      }),
    );
  };
  const query = async (url: string, sql: string) => {
    const c = new Client({ connectionString: url });
    await c.connect();
    try {
      return (await c.query(sql)).rows as Record<string, unknown>[];
    } finally {
      await c.end();
    }
  };

  it('the service refuses to start on an older schema, naming the missing migration and the command', async () => {
    const db = await createTestDatabase();
    try {
      // As a database of the previous version: every migration but the newest.
      const [newest] = await query(
        db.url,
        `DELETE FROM schema_migrations WHERE id = (SELECT max(id) FROM schema_migrations) RETURNING name`,
      );
      const started = await run('dist/src/main.js', db.url);
      expect(started.code).toBe(1);
      expect(started.output).toContain(`lacks 1 migration(s) of this version (${newest.name as string})`);
      expect(started.output).toContain('npm run migration:run');
      expect(started.output).not.toMatch(/does not exist/);
      expect(started.output).not.toMatch(/listening/);
    } finally {
      await db.drop();
    }
  });

  it('seed:demo loads nothing into an empty database and audit:verify checks nothing; both say to migrate first', async () => {
    const server = scratchServerAt(process.env.RECTIFY_TEST_SERVER!);
    const name = `rectify_empty_${randomBytes(4).toString('hex')}`;
    const url = await server.createDatabase(name);
    try {
      const seeded = await run('dist/src/demo/seed-cli.js', url);
      expect(seeded.code).toBe(1);
      expect(seeded.output).toMatch(/Nothing was loaded\. The database lacks \d+ migration\(s\)/);
      expect(seeded.output).toContain('npm run migration:run');
      expect(seeded.output).not.toMatch(/does not exist/);
      const verified = await run('dist/src/audit-log/verify-cli.js', url);
      expect(verified.code).toBe(2);
      expect(verified.output).toMatch(/Nothing was checked\. The database lacks \d+ migration\(s\)/);
      expect(verified.output).not.toMatch(/does not exist/);
      // Nothing was written: not even the migrations' own table.
      expect(await query(url, `SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)).toEqual([]);
    } finally {
      await server.dropDatabase(name);
    }
  });

  it('migration:revert undoes nothing without --force or while another session is connected, then names what it undid; on an empty database it undoes nothing and writes nothing', async () => {
    const db = await createTestDatabase();
    const server = scratchServerAt(process.env.RECTIFY_TEST_SERVER!);
    const name = `rectify_empty_${randomBytes(4).toString('hex')}`;
    const empty = await server.createDatabase(name);
    try {
      const applied = async () =>
        (await query(db.url, `SELECT name FROM schema_migrations ORDER BY id`)).map((r) => r.name as string);
      const all = await applied();
      const last = all[all.length - 1];
      // Typed in passing, it says what it would undo and changes nothing.
      expect(await run('dist/src/database/migration-cli.js', db.url, ['revert'])).toEqual({
        code: 1,
        output:
          `Revert refused: this would undo ${last}, the last applied migration. Undoing a migration can drop tables ` +
          'or columns and the records in them. Take a backup first (npm run backup), stop the service, then run ' +
          '`npm run migration:revert -- --force`.\n',
      });
      expect(await applied()).toEqual(all);
      // With --force, not while someone else (here a psql-like session; in use, the service) is connected.
      const other = new Client({ connectionString: db.url, application_name: 'psql' });
      await other.connect();
      try {
        const busy = await run('dist/src/database/migration-cli.js', db.url, ['revert', '--force']);
        expect(busy.code).toBe(1);
        expect(busy.output).toMatch(
          /^Revert refused: 1 other session\(s\) are connected to the target database \(psql \(pid \d+\)\)\. Stop the service \(and close other sessions\) first\.\n$/,
        );
        expect(await applied()).toEqual(all);
      } finally {
        await other.end();
      }
      const reverted = await run('dist/src/database/migration-cli.js', db.url, ['revert', '--force']);
      expect(reverted).toEqual({ code: 0, output: `Reverted ${last}.\n` });
      expect(await applied()).toEqual(all.slice(0, -1));
      const again = await run('dist/src/database/migration-cli.js', db.url, ['run']);
      expect(again).toEqual({ code: 0, output: `Applied: ${all[all.length - 1]}\n` });
      expect(await applied()).toEqual(all);

      const nothing = await run('dist/src/database/migration-cli.js', empty, ['revert']);
      expect(nothing).toEqual({
        code: 0,
        output: 'No migration has been applied to this database: nothing to revert.\n',
      });
      expect(await query(empty, `SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)).toEqual([]);
    } finally {
      await db.drop();
      await server.dropDatabase(name);
    }
  });
});
