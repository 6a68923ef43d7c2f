import { Injectable } from '@nestjs/common';
import {
  DataSource,
  type EntitySubscriberInterface,
  type QueryRunner,
  type TransactionCommitEvent,
  type TransactionRollbackEvent,
} from 'typeorm';
import type { UnitScope } from '../common/access/unit-scope';
import { preparedStatement } from '../common/persistence/prepared';
import type { Tx } from '../common/persistence/transactions';
import { unnestColumns } from '../common/persistence/unnest';
import { ChangeEvent, ChangeLogHead } from './change-event.entity';

export interface ChangeLogFilter {
  entityType?: string;
  entityId?: string;
  limit: number;
  offset: number;
}

/** How deep in savepoints a runner's transaction is (1: the transaction itself). TypeORM keeps it protected. */
const depthOf = (runner: QueryRunner): number =>
  (runner as unknown as { transactionDepth: number }).transactionDepth;

/** An entry waiting for its transaction's commit: sealed (seq, time, hashes) from the head it is appended to. */
export type PendingEntry = (head: { seq: number; hash: string }) => ChangeEvent;

/**
 * The change log (change_events) and its chain head (change_log_head): append, read in order, list.
 *
 * Appending at commit (issue 22): a change's entries wait in memory, per transaction, and are appended just before
 * its COMMIT — the head row is locked there, so writers queue only for the inserts and the commit, not for the
 * whole change (before: every write held the head from its first entry to its commit, and all writes of the system
 * ran one at a time). The chain cannot fork: the head is still read under FOR UPDATE and moved in the same
 * transaction, so two commits never append after the same head; and an entry is in the chain exactly when its
 * change committed (a rolled-back change, or savepoint, drops its entries).
 */
@Injectable()
export class ChangeLogRepository implements EntitySubscriberInterface {
  /** Entries waiting per transaction (its query runner), each with the savepoint depth it was recorded at. */
  private readonly pending = new WeakMap<QueryRunner, { depth: number; entry: PendingEntry }[]>();

  constructor(private readonly dataSource: DataSource) {
    // A TypeORM subscriber: its beforeTransactionCommit is awaited before COMMIT (or RELEASE SAVEPOINT).
    dataSource.subscribers.push(this);
  }

  /** Keeps `entry` until its transaction commits (`tx` must be in a transaction started through TypeORM). */
  appendAtCommit(tx: Tx, entry: PendingEntry): void {
    const runner = tx.queryRunner!;
    const list = this.pending.get(runner) ?? [];
    list.push({ depth: depthOf(runner), entry });
    this.pending.set(runner, list);
  }

  /**
   * Appends the transaction's waiting entries now, in the order recorded; the head stays locked until commit. Two
   * statements under the lock: the head read FOR UPDATE, then the entries and the head's move in one.
   */
  async appendPending(tx: Tx): Promise<ChangeEvent | null> {
    const list = this.pending.get(tx.queryRunner!);
    if (!list?.length) return null;
    this.pending.delete(tx.queryRunner!);
    let head: { seq: number; hash: string } = await this.lockHead(tx);
    const entries: ChangeEvent[] = [];
    for (const { entry } of list) {
      const e = entry(head);
      entries.push(e);
      head = e;
    }
    await preparedStatement(
      tx,
      `WITH appended AS (
         INSERT INTO change_events (seq, occurred_at, actor_id, actor_name, action, entity_type, entity_id, unit_id,
                                    changes, request_id, prev_hash, hash)
         SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::int[], $4::text[], $5::text[], $6::text[],
                              $7::text[], $8::int[], $9::jsonb[], $10::text[], $11::text[], $12::text[]))
       UPDATE change_log_head SET seq = $13, hash = $14 WHERE id = 1`,
      [
        ...unnestColumns(
          entries.map((e) => ({ ...e, changes: JSON.stringify(e.changes) })),
          [
            'seq',
            'occurredAt',
            'actorId',
            'actorName',
            'action',
            'entityType',
            'entityId',
            'unitId',
            'changes',
            'requestId',
            'prevHash',
            'hash',
          ],
        ),
        head.seq,
        head.hash,
      ],
    );
    return entries[entries.length - 1];
  }

  async beforeTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    // Only the outermost commit: a released savepoint's entries commit with their transaction.
    if (depthOf(event.queryRunner) === 1) await this.appendPending(event.queryRunner.manager);
  }

  beforeTransactionRollback(event: TransactionRollbackEvent): void {
    const depth = depthOf(event.queryRunner);
    const list = this.pending.get(event.queryRunner);
    if (!list) return;
    // A savepoint rolled back drops what was recorded inside it; the transaction rolled back drops everything.
    const kept = depth > 1 ? list.filter((p) => p.depth < depth) : [];
    if (kept.length) this.pending.set(event.queryRunner, kept);
    else this.pending.delete(event.queryRunner);
  }

  /** The head row, locked FOR UPDATE until the transaction ends: writers queue here, so the chain never forks. */
  async lockHead(tx: Tx): Promise<{ seq: number; hash: string }> {
    const {
      rows: [head],
    } = await preparedStatement<{ seq: string; hash: string }>(
      tx,
      `SELECT seq, hash FROM change_log_head WHERE id = 1 FOR UPDATE`,
    );
    return { seq: Number(head.seq), hash: head.hash };
  }

  head(): Promise<ChangeLogHead> {
    return this.dataSource.getRepository(ChangeLogHead).findOneByOrFail({ id: 1 });
  }

  /** Up to `limit` entries from `fromSeq` on, in chain order. */
  batchFrom(fromSeq: number, limit: number): Promise<ChangeEvent[]> {
    return this.dataSource
      .getRepository(ChangeEvent)
      .createQueryBuilder('e')
      .where('e.seq >= :from', { from: fromSeq })
      .orderBy('e.seq', 'ASC')
      .limit(limit)
      .getMany();
  }

  /** Entries newest first, limited to events of units inside `scope` (matched on units.path in the query). */
  list(scope: UnitScope, filter: ChangeLogFilter): Promise<[ChangeEvent[], number]> {
    const qb = this.dataSource.getRepository(ChangeEvent).createQueryBuilder('e');
    if (filter.entityType) qb.andWhere('e.entityType = :t', { t: filter.entityType });
    if (filter.entityId) qb.andWhere('e.entityId = :i', { i: filter.entityId });
    if (!scope.isOrganisationWide)
      qb.andWhere(`e.unitId IN (SELECT u.id FROM units u WHERE u.path LIKE :scope)`, {
        scope: scope.likePattern,
      });
    qb.orderBy('e.seq', 'DESC').limit(filter.limit).offset(filter.offset);
    return qb.getManyAndCount();
  }

  /**
   * For the entities `entityIds` of `entityType`: the last value the change log recorded for each of `fields`
   * (`changes.<field>.after` of the latest event that changed it), and which entities have any event at all.
   */
  async latestValues(
    entityType: string,
    entityIds: string[],
    fields: string[],
  ): Promise<{
    logged: Set<string>;
    values: { entityId: string; field: string; value: unknown; seq: number }[];
  }> {
    const logged: { entity_id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT entity_id FROM change_events WHERE entity_type = $1 AND entity_id = ANY($2)`,
      [entityType, entityIds],
    );
    const rows: { entity_id: string; field: string; value: unknown; seq: string }[] =
      await this.dataSource.query(
        `SELECT DISTINCT ON (e.entity_id, f.field) e.entity_id, f.field, e.changes -> f.field -> 'after' AS value, e.seq
         FROM change_events e CROSS JOIN unnest($3::text[]) AS f(field)
        WHERE e.entity_type = $1 AND e.entity_id = ANY($2) AND e.changes ? f.field
        ORDER BY e.entity_id, f.field, e.seq DESC`,
        [entityType, entityIds, fields],
      );
    return {
      logged: new Set(logged.map((r) => r.entity_id)),
      values: rows.map((r) => ({
        entityId: r.entity_id,
        field: r.field,
        value: r.value,
        seq: Number(r.seq),
      })),
    };
  }
}
