import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { BackupManifest } from '../src/database/backup';
import { scratchServerAt } from '../src/database/scratch-server';
import { bootTestApp, TEST_ADMIN_PASSWORD } from './support/app-boot';
import { buildRound } from './support/findings-fixture';
import { buildOrg, OrgFixture } from './support/org-fixture';
import { startTestApp, TestApp } from './support/test-app';

const run = promisify(execFile);

/**
 * `npm run backup` / `npm run restore` (issue 15 point 17): a backup taken while findings are being registered
 * through the API restores into a new database on which the service starts, the change log verifies (chain and
 * signed checkpoint) and every table holds the rows the manifest counted.
 */
describe('Backup and restore', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'rectify-backup-test-'));
  const keyFile = path.join(work, 'audit-signing.key');
  const archive = path.join(work, 'archive');
  const server = scratchServerAt(process.env.RECTIFY_TEST_SERVER!);
  const restoredName = `rectify_restore_${randomBytes(4).toString('hex')}`;
  let t: TestApp;
  let org: OrgFixture;
  let restored: INestApplication | undefined;

  const cli = (args: string[], databaseUrl: string) => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'silent',
      AUDIT_SIGNING_KEY_FILE: keyFile,
    };
    delete env.NODE_OPTIONS;
    return run(process.execPath, ['dist/src/database/backup-cli.js', ...args], { env }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({
        code: e.code,
        stdout: e.stdout,
        stderr: e.stderr,
      }),
    );
  };

  beforeAll(async () => {
    t = await startTestApp({ env: { AUDIT_SIGNING_KEY_FILE: keyFile } });
    org = await buildOrg(t);
  });
  afterAll(async () => {
    await restored?.close();
    await t.close();
    await server.dropDatabase(restoredName);
    rmSync(work, { recursive: true, force: true });
  });

  it('backs up under a write load and restores into a new database the service starts on', async () => {
    const fixture = await buildRound(t, org);
    for (let i = 0; i < 4; i++) await fixture.logFinding();
    // A text the synonym table rewrites ('作业人员', '不符合' read as nothing): its bigrams depend on that table.
    await fixture.logFinding({ description: '作业人员未佩戴安全带，登高作业不符合规程要求' });
    await t.http().post('/api/v1/audit-log/checkpoints').set(org.auth(org.tokens.ADMIN)).expect(201);

    // The write load: findings registered through the API, 4 at a time, until the backup is done.
    let backupDone = false;
    let written = 0;
    const writer = async () => {
      while (!backupDone) {
        await fixture.logFinding({ description: `并发登记的问题 ${written}` });
        written++;
      }
    };
    const load = Promise.all([writer(), writer(), writer(), writer()]);
    while (written < 8) await new Promise((r) => setTimeout(r, 20));
    const backup = await cli(['backup', '--out', archive], t.databaseUrl).finally(() => (backupDone = true));
    await load;
    const writtenDuringBackup = written;
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toContain(`Backup written to ${archive}`);

    const manifest = JSON.parse(readFileSync(path.join(archive, 'manifest.json'), 'utf8')) as BackupManifest;
    const rowsOf = (table: string) => manifest.tables.find((x) => x.name === table)!.rows;
    expect(manifest).toMatchObject({ format: 'rectify-backup', appVersion: '0.1.0' });
    expect(manifest.migrations.length).toBeGreaterThan(5);
    // A consistent snapshot: the load kept writing after it, and the head it names is the last event it holds.
    expect(rowsOf('findings')).toBeGreaterThan(5);
    expect(rowsOf('findings')).toBeLessThan(5 + writtenDuringBackup + 1);
    expect(rowsOf('change_events')).toBe(manifest.changeLog.headSeq);
    expect(manifest.changeLog.latestCheckpointSeq).not.toBeNull();
    expect(Number((await t.db.query(`SELECT count(*) AS n FROM findings`))[0].n)).toBe(
      5 + writtenDuringBackup,
    );

    // Restore into a new, empty database.
    const url = await server.createDatabase(restoredName);
    const restore = await cli(['restore', archive], url);
    expect(restore.stderr).toBe('');
    expect(restore.stdout).toContain('every count as in the manifest');
    expect(restore.stdout).toContain(`Change log intact: ${manifest.changeLog.headSeq} entries`);
    expect(restore.stdout).toContain('1 signed checkpoint(s) hold');
    expect(restore.code).toBe(0);

    // The service starts on it; the chain verifies through the API; every table has the manifest's rows.
    restored = await bootTestApp(url, { env: { AUDIT_SIGNING_KEY_FILE: keyFile } });
    const http = () => request(restored!.getHttpServer());
    const db = restored.get(DataSource);
    for (const table of manifest.tables) {
      const n = Number((await db.query(`SELECT count(*) AS n FROM "${table.name}"`))[0].n);
      expect({ table: table.name, rows: n }).toEqual({ table: table.name, rows: table.rows });
    }
    const login = await http()
      .post('/api/v1/auth/login')
      .send({ username: 'admin', password: TEST_ADMIN_PASSWORD })
      .expect(200);
    const auth = { Authorization: `Bearer ${login.body.accessToken}` };
    const verified = (await http().get('/api/v1/audit-log/verify').set(auth).expect(200)).body;
    expect(verified).toMatchObject({
      ok: true,
      head: { seq: manifest.changeLog.headSeq, hash: manifest.changeLog.headHash },
      checkpoints: { checked: 1, latest: { seq: manifest.changeLog.latestCheckpointSeq } },
    });
    // Derived columns come back as they were, not recomputed while the tables they read were still empty.
    const bigrams = `SELECT id, description_bigrams FROM findings WHERE id = ANY($1) ORDER BY id`;
    const restoredIds = (await db.query(`SELECT id FROM findings`)).map((r: { id: number }) => r.id);
    expect(await db.query(bigrams, [restoredIds])).toEqual(await t.db.query(bigrams, [restoredIds]));
    const findings = await http().get('/api/v1/findings?limit=1').set(auth).expect(200);
    expect(findings.body.total).toBe(rowsOf('findings'));
    // New ids continue after the restored ones (sequences were set).
    const next = await http()
      .post('/api/v1/units')
      .set(auth)
      .send({
        code: 'AFTER-RESTORE',
        name: '恢复后新建班组',
        kind: 'TEAM',
        parentId: org.units.powerElectric,
      })
      .expect(201);
    expect(next.body.id).toBeGreaterThan(rowsOf('units'));

    // A second restore into the same database is refused: it holds data now.
    const again = await cli(['restore', archive], url);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('Restore refused: The target database already holds data');
    // --force under the running service is refused too: it would drop the schema the service is serving from.
    const forced = await cli(['restore', archive, '--force'], url);
    expect(forced.stdout).toContain('other session(s) are connected to the target database');
    expect(forced.stdout).toContain('Stop the service');
    expect(forced.code).toBe(1);
    expect((await http().get('/api/v1/findings?limit=1').set(auth).expect(200)).body.total).toBe(
      rowsOf('findings'),
    );
  });

  it('refuses a missing, damaged or incomplete archive, an existing backup directory and a database of nothing, in one line', async () => {
    const spare = `rectify_restore_${randomBytes(4).toString('hex')}`;
    const url = await server.createDatabase(spare);
    const copyOf = (name: string) => {
      const dir = path.join(work, name);
      cpSync(archive, dir, { recursive: true });
      return dir;
    };
    const damaged = copyOf('damaged');
    const findingsFile = path.join(damaged, 'findings.copy.gz');
    const bytes = readFileSync(findingsFile);
    bytes[bytes.length - 5] ^= 0xff;
    writeFileSync(findingsFile, bytes);
    const incomplete = copyOf('incomplete');
    rmSync(path.join(incomplete, 'units.copy.gz'));
    const garbled = copyOf('garbled');
    writeFileSync(path.join(garbled, 'manifest.json'), '{"format": "rectify-backup", ');
    try {
      const cases: [string[], string][] = [
        [['restore', path.join(work, 'no-such-backup')], 'is not a Rectify backup (no manifest.json)'],
        [['restore', damaged], 'findings.copy.gz is damaged'],
        [['restore', incomplete], 'units.copy.gz (table units) is missing'],
        [['restore', garbled], 'manifest.json is damaged'],
        [['backup', '--out', archive], 'already exists; choose a new directory'],
        [['backup', '--out', path.join(work, 'of-nothing')], `database ${spare} holds no Rectify schema`],
      ];
      for (const [args, says] of cases) {
        const r = await cli(args, url);
        expect({ args, code: r.code, stderr: r.stderr }).toEqual({
          args,
          code: 1,
          stderr: expect.stringContaining(says),
        });
        expect(r.stderr).toMatch(/^Nothing was (restored|written): /);
        expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      }
      // A database it cannot reach: one line naming it (not its password) and what to check, no stack trace.
      const unreachable = await cli(
        ['backup', '--out', path.join(work, 'never')],
        'postgres://ops:secret@127.0.0.1:1/none',
      );
      expect(unreachable.code).toBe(2);
      expect(unreachable.stderr).toContain('Cannot use the database 127.0.0.1:1/none: ');
      expect(unreachable.stderr).not.toContain('secret');
      expect(unreachable.stderr).not.toMatch(/\n\s+at /);
      expect(readdirSync(work).filter((f) => f.startsWith('never'))).toEqual([]); // nothing left behind
      // --out without its directory is a usage error, not a backup written to the default place.
      const noOut = await cli(['backup', '--out'], url);
      expect(noOut).toMatchObject({
        code: 2,
        stdout: expect.stringContaining('Usage: npm run backup -- --out'),
      });
      // Nothing was loaded: the target stays empty, so a good archive still restores into it.
      expect((await cli(['restore', archive], url)).code).toBe(0);
    } finally {
      await server.dropDatabase(spare);
    }
  });
});
