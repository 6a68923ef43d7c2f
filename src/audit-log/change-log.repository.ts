import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { UnitScope } from '../common/access/unit-scope';
import type { Tx } from '../common/persistence/transactions';
import { ChangeEvent, ChangeLogHead } from './change-event.entity';

export interface ChangeLogFilter {
  entityType?: string;
  entityId?: string;
  limit: number;
  offset: number;
}

/** The change log (change_events) and its chain head (change_log_head): append, read in order, list. */
@Injectable()
export class ChangeLogRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The head row, locked FOR UPDATE until the transaction ends: writers queue here, so the chain never forks. */
  lockHead(tx: Tx): Promise<ChangeLogHead> {
    return tx
      .getRepository(ChangeLogHead)
      .createQueryBuilder('h')
      .setLock('pessimistic_write')
      .where('h.id = 1')
      .getOneOrFail();
  }

  /** Inserts the next entry and moves the head onto it (the head must be locked by `lockHead`). */
  async append(tx: Tx, entry: ChangeEvent): Promise<ChangeEvent> {
    const repo = tx.getRepository(ChangeEvent);
    const event = repo.create(entry);
    await repo.insert(event as never);
    await tx.getRepository(ChangeLogHead).update({ id: 1 }, { seq: event.seq, hash: event.hash });
    return event;
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
