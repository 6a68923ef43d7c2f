import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { chainHash } from '../src/audit-log/hash-chain';
import { buildRound } from './support/findings-fixture';
import { buildOrg, OrgFixture } from './support/org-fixture';
import { binary, pdfPages } from './support/pdf-text';
import { startTestApp, TestApp } from './support/test-app';

const run = promisify(execFile);

interface EventRow {
  seq: string;
  occurred_at: Date;
  actor_id: number | null;
  actor_name: string;
  action: string;
  entity_type: string;
  entity_id: string;
  unit_id: number | null;
  changes: unknown;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

/**
 * Tamper evidence beyond naive edits (issue 15 point 18): signed checkpoints catch entries removed from the end and
 * a chain re-hashed from some entry onward; `audit:verify --deep` catches a business row edited in SQL.
 * Every scenario is done the way someone with database access would: triggers off, head row updated to match.
 */
describe('Tamper evidence: signed checkpoints and the deep check', () => {
  const keyDir = mkdtempSync(path.join(os.tmpdir(), 'rectify-key-'));
  const keyFile = path.join(keyDir, 'audit-signing.key');
  let t: TestApp;
  let org: OrgFixture;
  let fixture: Awaited<ReturnType<typeof buildRound>>;
  const admin = () => org.auth(org.tokens.ADMIN);
  const verify = async () => (await t.http().get('/api/v1/audit-log/verify').set(admin()).expect(200)).body;
  const checkpoint = async () =>
    (await t.http().post('/api/v1/audit-log/checkpoints').set(admin()).expect(201)).body.checkpoint;

  /** As a database superuser would: triggers off for this session. */
  const asSuperuser = async (
    sql: (q: (text: string, params?: unknown[]) => Promise<unknown>) => Promise<void>,
  ) => {
    const runner = t.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.query(`SET session_replication_role = replica`);
      await sql((text, params) => runner.query(text, params));
    } finally {
      await runner.query(`SET session_replication_role = origin`);
      await runner.release();
    }
  };
  const cli = async (args: string[], signingKeyFile = keyFile) => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: t.databaseUrl,
      LOG_LEVEL: 'silent',
      AUDIT_SIGNING_KEY_FILE: signingKeyFile,
    };
    delete env.NODE_OPTIONS;
    return run(process.execPath, ['dist/src/audit-log/verify-cli.js', ...args], { env }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({
        code: e.code,
        stdout: e.stdout,
        stderr: e.stderr,
      }),
    );
  };

  beforeEach(async () => {
    t = await startTestApp({ env: { AUDIT_SIGNING_KEY_FILE: keyFile } });
    org = await buildOrg(t);
    fixture = await buildRound(t, org);
    for (let i = 0; i < 3; i++) await fixture.logFinding();
  });
  afterEach(() => t.close());
  afterAll(() => rmSync(keyDir, { recursive: true, force: true }));

  it('keeps the signing key outside the database, mode 0600, and signs the head on demand', async () => {
    const cp = await checkpoint();
    const head = (await verify()).head;
    expect(cp).toMatchObject({
      seq: head.seq,
      hash: head.hash,
      keyId: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const result = await verify();
    expect(result).toMatchObject({ ok: true, checkpoints: { checked: 1, latest: { seq: head.seq } } });
    // Only ADMIN may sign.
    await t.http().post('/api/v1/audit-log/checkpoints').set(org.auth(org.tokens.VIEWER)).expect(403);
  });

  it('detects the last entries deleted (and the head moved back) by the checkpoint they were under', async () => {
    const cp = await checkpoint();
    expect((await verify()).ok).toBe(true);
    const keep = cp.seq - 3;
    await asSuperuser(async (q) => {
      await q(`DELETE FROM change_events WHERE seq > $1`, [keep]);
      await q(`UPDATE change_log_head SET seq = $1, hash = (SELECT hash FROM change_events WHERE seq = $1)`, [
        keep,
      ]);
    });
    const broken = await verify();
    expect(broken).toMatchObject({
      ok: false,
      checked: keep,
      firstBroken: { seq: keep + 1, checkpoint: cp.seq },
    });
    expect(broken.firstBroken.reason).toContain(`checkpoint #${cp.seq}`);
    expect(broken.firstBroken.reason).toMatch(/removed/);

    const out = await cli([]);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(`checkpoint #${cp.seq}`);
  });

  it('detects the chain re-hashed from an entry onward, naming the checkpoint', async () => {
    const cp = await checkpoint();
    const from = cp.seq - 4;
    await asSuperuser(async (q) => {
      const rows = (await q(`SELECT * FROM change_events WHERE seq >= $1 ORDER BY seq`, [
        from,
      ])) as EventRow[];
      let prev = ((await q(`SELECT hash FROM change_events WHERE seq = $1`, [from - 1])) as EventRow[])[0]
        .hash;
      for (const r of rows) {
        const changes =
          Number(r.seq) === from ? { ...(r.changes as object), _note: { forged: '改写的记录' } } : r.changes;
        const hash = chainHash(prev, {
          seq: Number(r.seq),
          occurredAt: r.occurred_at,
          actorId: r.actor_id,
          actorName: r.actor_name,
          action: r.action,
          entityType: r.entity_type,
          entityId: r.entity_id,
          unitId: r.unit_id,
          changes,
          requestId: r.request_id,
        });
        await q(`UPDATE change_events SET changes = $2, prev_hash = $3, hash = $4 WHERE seq = $1`, [
          r.seq,
          JSON.stringify(changes),
          prev,
          hash,
        ]);
        prev = hash;
      }
      await q(`UPDATE change_log_head SET hash = $1`, [prev]);
    });
    const broken = await verify();
    expect(broken).toMatchObject({ ok: false, firstBroken: { seq: cp.seq, checkpoint: cp.seq } });
    expect(broken.firstBroken.reason).toContain(`no longer has the hash checkpoint #${cp.seq}`);
  });

  it('refuses a checkpoint signed with another key', async () => {
    const cp = await checkpoint();
    await asSuperuser((q) =>
      q(`UPDATE change_log_checkpoints SET signature = $2 WHERE seq = $1`, [
        cp.seq,
        Buffer.alloc(64).toString('base64'),
      ]).then(() => undefined),
    );
    const broken = await verify();
    expect(broken).toMatchObject({ ok: false, firstBroken: { checkpoint: cp.seq } });
    expect(broken.firstBroken.reason).toMatch(/signature does not verify/);
  });

  it('audit:verify with no key at AUDIT_SIGNING_KEY_FILE checks nothing and creates no key', async () => {
    await checkpoint();
    const mistyped = path.join(keyDir, 'audit-signing.kye');
    const out = await cli([], mistyped);
    expect(out.stderr).toContain(`Nothing was checked. No change-log signing key at ${mistyped}`);
    expect(out.code).toBe(2);
    // A key created there would be taken for this installation's from then on, failing every checkpoint.
    expect(existsSync(mistyped)).toBe(false);
    expect((await cli([])).code).toBe(0);
  });

  it('audit:verify --deep names a finding set to CLOSED in SQL with no event', async () => {
    const f = await fixture.logFinding();
    const clean = await cli(['--deep']);
    expect(clean.stdout).toMatch(/Deep check: \d+ Finding, \d+ AuditRound match their change history/);
    expect(clean.code).toBe(0);

    await t.db.query(`UPDATE findings SET status = 'CLOSED' WHERE id = $1`, [f.id]);
    const out = await cli(['--deep']);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(
      `Finding #${f.id} (${f.code}): status is "CLOSED" in the table, but the change log's last value is "ASSIGNED"`,
    );
    // The chain itself is intact: only the deep check sees it.
    expect(out.stdout).toContain('Change log intact');
  });

  it('prints the latest signed checkpoint on every PDF page', async () => {
    const f = await fixture.logFinding();
    const cp = await checkpoint();
    const res = await t
      .http()
      .get(`/api/v1/reports/findings/${f.id}/closeout-sheet`)
      .set(org.auth(org.tokens.SAFETY_OFFICE))
      .buffer(true)
      .parse(binary)
      .expect(200);
    const pages = await pdfPages(res.body as Buffer);
    expect(pages.length).toBeGreaterThan(0);
    for (const page of pages) {
      // In Chinese like the rest of the printout (it also said "/ signed checkpoint").
      expect(page).toContain(`签名检查点 #${cp.seq}`);
      expect(page).not.toContain('signed checkpoint');
      expect(page).toContain(cp.signature.slice(0, 16));
    }
  });
});
