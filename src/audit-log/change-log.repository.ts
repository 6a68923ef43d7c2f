import { Injectable } from '@nestjs/common';
import {
  DataSource,
  type EntitySubscriberInterface,
  type QueryRunner,
  type TransactionCommitEvent,
  type TransactionRollbackEvent,
} from 'typeorm';
import type { UnitScope } from '../common/access/unit-scope';
import { preparedStatement, sendPrepared } from '../common/persistence/prepared';
import type { Tx } from '../common/persistence/transactions';
import { ChangeEvent, ChangeLogHead } from './change-event.entity';
import { APPEND_CHANGE_EVENTS, type AppendedEntry, appendParameters } from './append-change-events';
import type { UnplacedFields } from './hash-chain';

export interface ChangeLogFilter {
  entityType?: string;
  entityId?: string;
  limit: number;
  offset: number;
}

/** How deep in savepoints a runner's transaction is (1: the transaction itself). TypeORM keeps it protected. */
const depthOf = (runner: QueryRunner): number =>
  (runner as unknown as { transactionDepth: number }).transactionDepth;

/**
 * An entry waiting for its transaction's commit, its fields read then (a rule's entry recorded before the request's
 * own takes the request id found by then). The append gives it its seq, time and hashes.
 */
export type PendingEntry = () => UnplacedFields;

/**
 * The change log (change_events) and its chain head (change_log_head): append, read in order, list.
 *
 * Appending at commit (issue 22): a change's entries wait in memory, per transaction, and are appended just before
 * its COMMIT, in one statement: append_change_events (migrations/1796510000000-AppendChangeEventsInDatabase.ts; since
 * 1796640000000-AppendQueueOnAdvisoryLock writers queue on an advisory lock before it) locks the head, hashes the
 * entries onto it in the database and moves it. So writers queue only for that statement and the commit, not for the
 * whole change, nor for a round trip back to Node (the append and COMMIT are sent back to back:
 * beforeTransactionCommit). The chain cannot fork: the head is read FOR UPDATE and moved in the same transaction, so
 * two commits never append after the same head (and seq is the table's primary key); and an entry is in the chain
 * exactly when its change committed (a rolled-back change, or savepoint, drops its entries).
 */
@Injectable()
export class ChangeLogRepository implements EntitySubscriberInterface {
  /** Entries waiting per transaction (its query runner), each with the savepoint depth it was recorded at. */
  private readonly pending = new WeakMap<QueryRunner, { depth: number; entry: PendingEntry }[]>();
  /** The append sent at a transaction's commit, awaited once its COMMIT has answered (beforeTransactionCommit). */
  private readonly appending = new WeakMap<QueryRunner, Promise<unknown>>();

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
   * Appends the transaction's waiting entries now, in the order recorded, and returns the last one as sealed; the
   * head stays locked until commit.
   */
  async appendPending(tx: Tx): Promise<ChangeEvent | null> {
    const entries = this.takePending(tx);
    if (!entries) return null;
    const { rows } = await preparedStatement<AppendedEntry>(
      tx,
      APPEND_CHANGE_EVENTS,
      appendParameters(entries),
    );
    const last = rows[rows.length - 1];
    return Object.assign(new ChangeEvent(), entries[entries.length - 1], {
      seq: Number(last.entry_seq),
      occurredAt: last.entry_time,
      prevHash: last.entry_prev_hash,
      hash: last.entry_hash,
    });
  }

  /** The transaction's waiting entries, sealed in the order recorded, and forgotten; null when there are none. */
  private takePending(tx: Tx): UnplacedFields[] | null {
    const list = this.pending.get(tx.queryRunner!);
    if (!list?.length) return null;
    this.pending.delete(tx.queryRunner!);
    return list.map(({ entry }) => entry());
  }

  /**
   * Sends the append and returns without waiting for its answer: TypeORM sends COMMIT next, and the pool pipelines
   * (database/pool-options.ts), so PostgreSQL runs the COMMIT right after the append. The head is then locked for
   * the append and the commit alone — not also for the append's answer to reach Node and Node, busy with other
   * requests, to send COMMIT (issue 22: under load that wait held every other writer up).
   * Should the append fail, the transaction is aborted and PostgreSQL answers the COMMIT by rolling back; the append's
   * error is then thrown by afterTransactionCommit, so the change fails as it did when the append was awaited here.
   * Only the outermost commit: a released savepoint's entries commit with their transaction.
   */
  beforeTransactionCommit(event: TransactionCommitEvent): void {
    const runner = event.queryRunner;
    if (depthOf(runner) !== 1) return;
    const entries = this.takePending(runner.manager);
    if (!entries) return;
    const append = sendPrepared(runner.manager, APPEND_CHANGE_EVENTS, appendParameters(entries));
    // Awaited after COMMIT; until then a failure must not count as unhandled.
    append.catch(() => undefined);
    this.appending.set(runner, append);
  }

  async afterTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const append = this.appending.get(event.queryRunner);
    if (!append) return;
    this.appending.delete(event.queryRunner);
    await append;
  }

  beforeTransactionRollback(event: TransactionRollbackEvent): void {
    const depth = depthOf(event.queryRunner);
    // A COMMIT that failed leaves its append's outcome unread: the change failed anyway.
    if (depth === 1) this.appending.delete(event.queryRunner);
    const list = this.pending.get(event.queryRunner);
    if (!list) return;
    // A savepoint rolled back drops what was recorded inside it; the transaction rolled back drops everything.
    const kept = depth > 1 ? list.filter((p) => p.depth < depth) : [];
    if (kept.length) this.pending.set(event.queryRunner, kept);
    else this.pending.delete(event.queryRunner);
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
