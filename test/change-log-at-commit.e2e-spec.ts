import type { EventEmitter } from 'node:events';
import type { PoolClient } from 'pg';
import type { EntityManager, QueryRunner, TransactionCommitEvent } from 'typeorm';
import type { Actor } from '../src/common/access/actor';
import { APPEND_CHANGE_EVENTS } from '../src/audit-log/append-change-events';
import { AuditLogService, type ChangeToRecord } from '../src/audit-log/audit-log.service';
import { ChangeLogRepository } from '../src/audit-log/change-log.repository';
import { statementName } from '../src/common/persistence/prepared';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Issue 22: a change's change-log entries are appended when its transaction commits, so the chain's head is locked
 * only for the appends and the commit — a long change no longer holds every other writer — and the chain still
 * never forks and holds exactly the committed changes. Against the real PostgreSQL, through the service's own
 * AuditLogService and transactions.
 */
describe('Change log appended at commit', () => {
  let t: TestApp;
  let audit: AuditLogService;
  const system = { id: 0, displayName: '系统' } as Actor;
  const change = (entityId: number, note: string): ChangeToRecord => ({
    action: 'TEST_CHANGE',
    entityType: 'Test',
    entityId,
    unitId: null,
    before: null,
    after: { note },
  });
  const head = async () =>
    (await t.db.query(`SELECT seq::int AS seq FROM change_log_head WHERE id = 1`))[0].seq as number;
  const entries = async (from: number) =>
    (
      (await t.db.query(
        `SELECT seq::int AS seq, entity_id, changes FROM change_events WHERE seq > $1 ORDER BY seq`,
        [from],
      )) as { seq: number; entity_id: string; changes: { note: { after: string } } }[]
    ).map((e) => `${e.entity_id}:${e.changes.note.after}`);
  const verify = async () => audit.verify();

  beforeAll(async () => {
    t = await startTestApp();
    audit = t.app.get(AuditLogService);
  });
  afterAll(() => t?.close());

  it('lets other writers commit while a change is still open, and appends its entries after theirs', async () => {
    const start = await head();
    let releaseLong!: () => void;
    const held = new Promise<void>((r) => (releaseLong = r));
    let recorded!: () => void;
    const longRecorded = new Promise<void>((r) => (recorded = r));
    const long = t.db.transaction(async (tx) => {
      await audit.record(tx, system, change(1, '长事务第一条'));
      await audit.record(tx, system, change(1, '长事务第二条'));
      recorded();
      await held; // the change goes on (another statement, a slow step) with its entries recorded
      await tx.query('SELECT 1');
    });
    await longRecorded;
    // Before: the long change held the head from its first entry, and this one waited for it (the test would hang).
    await t.db.transaction((tx) => audit.record(tx, system, change(2, '短事务')));
    expect(await entries(start)).toEqual(['2:短事务']);
    releaseLong();
    await long;
    expect(await entries(start)).toEqual(['2:短事务', '1:长事务第一条', '1:长事务第二条']);
    expect(await head()).toBe(start + 3);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('keeps nothing of a change that rolls back, nor of a savepoint rolled back inside a change that commits', async () => {
    const start = await head();
    await expect(
      t.db.transaction(async (tx) => {
        await audit.record(tx, system, change(3, '回滚'));
        throw new Error('the change fails after recording');
      }),
    ).rejects.toThrow('the change fails');
    expect(await head()).toBe(start);
    await t.db.transaction(async (tx) => {
      await audit.record(tx, system, change(4, '保存点之前'));
      await tx
        .transaction(async (inner) => {
          await audit.record(inner, system, change(4, '保存点内，回滚'));
          throw new Error('the savepoint fails');
        })
        .catch(() => undefined);
      await tx.transaction((inner) => audit.record(inner, system, change(4, '保存点内，提交')));
      await audit.record(tx, system, change(4, '保存点之后'));
    });
    expect(await entries(start)).toEqual(['4:保存点之前', '4:保存点内，提交', '4:保存点之后']);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('appends at once and holds the head until commit when the change must name its place in the chain', async () => {
    const start = await head();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let placed!: (seq: number) => void;
    const place = new Promise<number>((r) => (placed = r));
    const holding = t.db.transaction(async (tx) => {
      await audit.record(tx, system, change(5, '先记'));
      const event = await audit.recordHoldingHead(tx, system, change(5, '锁定'));
      placed(event.seq);
      await held;
    });
    expect(await place).toBe(start + 2);
    let otherDone = false;
    const other = t.db
      .transaction((tx) => audit.record(tx, system, change(6, '其后')))
      .then(() => (otherDone = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(otherDone).toBe(false); // waits for the head
    release();
    await Promise.all([holding, other]);
    expect(await entries(start)).toEqual(['5:先记', '5:锁定', '6:其后']);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('queues appenders on the advisory lock, and still on the head row: a holder of either is waited for', async () => {
    for (const hold of [
      `SELECT pg_advisory_xact_lock(hashtext('rectify:change_log_head'))`,
      `SELECT seq FROM change_log_head WHERE id = 1 FOR UPDATE`,
    ]) {
      const start = await head();
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let locked!: () => void;
      const isLocked = new Promise<void>((r) => (locked = r));
      const holder = t.db.transaction(async (tx) => {
        await tx.query(hold);
        locked();
        await held;
      });
      await isLocked;
      let done = false;
      const writer = t.db
        .transaction((tx) => audit.record(tx, system, change(7, hold.slice(0, 20))))
        .then(() => (done = true));
      await new Promise((r) => setTimeout(r, 300));
      expect({ hold, done }).toEqual({ hold, done: false }); // waits for the holder
      release();
      await Promise.all([holder, writer]);
      expect(await head()).toBe(start + 1);
    }
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('sends COMMIT right behind the append, before the append has answered: the head is not held for a trip back to Node', async () => {
    // What reaches the transaction's connection from the moment its work is done: the statements written, and each
    // answer's end (ReadyForQuery). Waiting for the append's answer before sending COMMIT would put an answer first.
    const seen: string[] = [];
    const appendName = statementName(APPEND_CHANGE_EVENTS);
    const start = await head();
    let putBack = () => {};
    await t.db.transaction(async (tx) => {
      await audit.record(tx, system, change(12, '流水线'));
      const connection = (tx.queryRunner as unknown as { databaseConnection: PoolClient })
        .databaseConnection as PoolClient & {
        connection: EventEmitter & { stream: { write: (chunk: Buffer) => boolean } };
      };
      const { stream } = connection.connection;
      const write = stream.write;
      stream.write = function (chunk: Buffer) {
        const text = chunk.toString('latin1');
        if (text.includes(appendName)) seen.push('append sent');
        if (text.includes('COMMIT')) seen.push('COMMIT sent');
        return write.call(this, chunk);
      };
      const answered = () => seen.push('answer');
      connection.connection.prependListener('readyForQuery', answered);
      putBack = () => {
        stream.write = write;
        connection.connection.off('readyForQuery', answered);
      };
    });
    // The commit has answered, so both answers are in; the connection is back in the pool.
    putBack();
    expect(seen.slice(0, 4)).toEqual(['append sent', 'COMMIT sent', 'answer', 'answer']);
    expect(await entries(start)).toEqual(['12:流水线']);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('fails the whole change when its entries cannot be appended at commit: nothing of it is kept', async () => {
    // The entries are appended just before COMMIT (issue 22): an append that fails must fail the change with it.
    const start = await head();
    await t.db.query(`CREATE TABLE test_commit_scratch (note text)`);
    await t.db.query(
      `ALTER TABLE change_events ADD CONSTRAINT test_refused CHECK (action <> 'TEST_REFUSED')`,
    );
    try {
      await expect(
        t.db.transaction(async (tx) => {
          await tx.query(`INSERT INTO test_commit_scratch VALUES ('改动本身')`);
          await audit.record(tx, system, { ...change(8, '追加失败'), action: 'TEST_REFUSED' });
        }),
      ).rejects.toThrow(/test_refused/);
      expect(await t.db.query(`SELECT note FROM test_commit_scratch`)).toEqual([]);
      expect(await head()).toBe(start);
    } finally {
      await t.db.query(`ALTER TABLE change_events DROP CONSTRAINT test_refused`);
    }
    // The next change goes through, on whichever connection the failed one left behind.
    await Promise.all(
      [9, 10, 11].map((n) =>
        t.db.transaction(async (tx) => {
          await tx.query(`INSERT INTO test_commit_scratch VALUES ($1)`, [`之后 ${n}`]);
          await audit.record(tx, system, change(n, '之后'));
        }),
      ),
    );
    expect((await entries(start)).sort()).toEqual(['10:之后', '11:之后', '9:之后']);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM test_commit_scratch`)).toEqual([{ n: 3 }]);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('stops the COMMIT when the append cannot be sent: the failure is thrown before it, not reported after', async () => {
    // The append goes out without waiting for its answer. Were "cannot send it" only a rejected promise, read after
    // COMMIT, the change would commit without its entries; thrown, it makes TypeORM roll the transaction back.
    const changeLog = t.app.get(ChangeLogRepository);
    const runner = { transactionDepth: 1, isTransactionActive: true } as unknown as QueryRunner;
    const manager = { queryRunner: runner } as unknown as EntityManager;
    Object.assign(runner, { manager });
    changeLog.appendAtCommit(manager, () => ({
      actorId: null,
      actorName: '系统',
      action: 'TEST_CHANGE',
      entityType: 'Test',
      entityId: '14',
      unitId: null,
      changes: {},
      requestId: null,
    }));
    expect(() =>
      changeLog.beforeTransactionCommit({
        queryRunner: runner,
        manager,
      } as unknown as TransactionCommitEvent),
    ).toThrow(/connection open/);
  });

  it('chains concurrent changes in commit order, each entry timed by the database at its append', async () => {
    // The entries are hashed onto the head inside PostgreSQL (append_change_events): 24 changes of 2 entries each,
    // committed at once over the pool's connections, must give one unbroken chain whose times never go back.
    const start = await head();
    const startedAt = Date.now();
    await Promise.all(
      Array.from({ length: 24 }, (_, n) =>
        t.db.transaction(async (tx) => {
          await audit.record(tx, system, change(100 + n, '第一条'));
          await tx.query('SELECT pg_sleep(0.01)');
          await audit.record(tx, system, change(100 + n, '第二条'));
        }),
      ),
    );
    const rows = (await t.db.query(
      `SELECT seq::int AS seq, entity_id, occurred_at, prev_hash, hash FROM change_events WHERE seq > $1 ORDER BY seq`,
      [start],
    )) as { seq: number; entity_id: string; occurred_at: Date; prev_hash: string; hash: string }[];
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 48 }, (_, i) => start + 1 + i));
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
      expect(rows[i].occurred_at.getTime()).toBeGreaterThanOrEqual(rows[i - 1].occurred_at.getTime());
    }
    // A change's two entries sit together: the second follows the first in the chain.
    for (let i = 0; i < rows.length; i += 2) expect(rows[i + 1].entity_id).toBe(rows[i].entity_id);
    expect(rows[0].occurred_at.getTime()).toBeGreaterThanOrEqual(startedAt - 1_000);
    expect(await head()).toBe(start + 48);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('refuses to record outside a transaction', async () => {
    await expect(audit.record(t.db.manager, system, change(7, '无事务'))).rejects.toThrow(
      'must run inside a transaction',
    );
  });
});
