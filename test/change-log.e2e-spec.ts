import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { buildOrg, OrgFixture } from './support/org-fixture';
import { startTestApp, TestApp } from './support/test-app';

const run = promisify(execFile);

describe('Change log (操作留痕): complete, append-only, hash-chained', () => {
  let t: TestApp;
  let org: OrgFixture;
  beforeAll(async () => {
    t = await startTestApp();
    org = await buildOrg(t);
  });
  afterAll(() => t.close());

  const verify = (token = org.tokens.ADMIN) => t.http().get('/api/v1/audit-log/verify').set(org.auth(token));

  it('records who changed what, with before and after, for a write', async () => {
    const unit = await t.http().get(`/api/v1/units/${org.units.flyAsh}`).set(org.auth(org.tokens.ADMIN));
    const res = await t
      .http()
      .patch(`/api/v1/units/${org.units.flyAsh}`)
      .set(org.auth(org.tokens.ADMIN))
      .send({ version: unit.body.version, name: '宏泰粉煤灰事业部' })
      .expect(200);
    const history = await t
      .http()
      .get(`/api/v1/audit-log?entityType=Unit&entityId=${org.units.flyAsh}`)
      .set(org.auth(org.tokens.VIEWER))
      .expect(200);
    expect(history.body.items[0]).toMatchObject({
      action: 'UNIT_UPDATED',
      actorId: 1,
      actorName: '系统管理员',
      changes: {
        name: { before: '宏泰粉煤灰开发事业部', after: '宏泰粉煤灰事业部' },
        aliases: { before: [], after: ['宏泰粉煤灰开发事业部'] },
      },
      requestId: res.headers['x-request-id'],
    });
  });

  it('keeps one unbroken chain under 100 concurrent writes', async () => {
    const before = (await verify().expect(200)).body;
    expect(before.ok).toBe(true);
    const writes = Array.from({ length: 100 }, (_, i) =>
      t
        .http()
        .post('/api/v1/units')
        .set(org.auth(org.tokens.ADMIN))
        .send({ code: `RACE-${i}`, name: `并发班组${i}`, kind: 'TEAM', parentId: org.units.powerElectric }),
    );
    const results = await Promise.all(writes);
    expect(results.map((r) => r.status)).toEqual(Array(100).fill(201));
    const after = (await verify().expect(200)).body;
    expect(after).toMatchObject({ ok: true, checked: before.checked + 100 });
    const rows: { seq: string; prev_hash: string; hash: string }[] = await t.db.query(
      `SELECT seq, prev_hash, hash FROM change_events ORDER BY seq`,
    );
    rows.forEach((row, i) => {
      expect(Number(row.seq)).toBe(i + 1);
      if (i > 0) expect(row.prev_hash).toBe(rows[i - 1].hash);
    });
    expect(new Set(rows.map((r) => r.prev_hash)).size).toBe(rows.length); // no fork: no two entries share a predecessor
  });

  it('is refused by the database itself when anyone tries to edit or delete an entry', async () => {
    await expect(t.db.query(`UPDATE change_events SET actor_name = 'x' WHERE seq = 1`)).rejects.toThrow(
      /not allowed/,
    );
    await expect(t.db.query(`DELETE FROM change_events WHERE seq = 1`)).rejects.toThrow(/not allowed/);
    await expect(t.db.query(`TRUNCATE change_events`)).rejects.toThrow(/not allowed/);
  });

  it('reports a row changed behind the service’s back at the right entry, via API and CLI', async () => {
    const viewerAnswer = (await verify(org.tokens.VIEWER).expect(200)).body;
    expect(viewerAnswer.ok).toBe(true);
    await verify(org.tokens.UNIT_OFFICER).expect(403);

    const target = 7;
    await t.db.query(`ALTER TABLE change_events DISABLE TRIGGER change_events_append_only`);
    await t.db.query(
      `UPDATE change_events SET changes = jsonb_set(changes, '{name,after}', '"篡改后的名称"') WHERE seq = $1`,
      [target],
    );
    await t.db.query(`ALTER TABLE change_events ENABLE TRIGGER change_events_append_only`);

    const broken = (await verify().expect(200)).body;
    expect(broken).toMatchObject({ ok: false, checked: target - 1, firstBroken: { seq: target } });
    expect(broken.firstBroken.reason).toMatch(/hash/);

    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: t.databaseUrl, LOG_LEVEL: 'silent' };
    delete env.NODE_OPTIONS;
    const cli = await run(process.execPath, ['dist/src/audit-log/verify-cli.js'], { env }).catch(
      (e: { code: number; stdout: string }) => e,
    );
    expect((cli as { code?: number }).code).toBe(1);
    expect(cli.stdout).toContain(`BROKEN at entry #${target}`);
  });
});
