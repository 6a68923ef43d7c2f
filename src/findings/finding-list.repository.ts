import { Injectable } from '@nestjs/common';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../common/access/actor';
import { UnitScope } from '../common/access/unit-scope';
import { Finding } from './entities/finding.entity';
import type { ListFindingsQuery } from './finding-list.dto';
import { FindingStatus } from './finding.enums';
import { overdueSql, UNIT_OWES_STATUSES } from './rules/open-and-overdue';

const SORT_COLUMNS: Record<NonNullable<ListFindingsQuery['sort']>, string> = {
  code: 'f.code',
  deadline: 'f.deadline',
  foundDate: 'f.foundDate',
  level: 'f.level',
  status: 'f.status',
  createdAt: 'f.createdAt',
  unit: 'u.path',
};

/** One row of a list page: the finding and the names shown beside it. */
export interface FindingListRow {
  finding: Finding;
  unitName: string | undefined;
  roundName: string | undefined;
}

/**
 * The finding list's filters as one query builder, shared by the list, the Excel export and the printed ledger:
 * the same filters and the same unit scope everywhere. `today` is the business-zone date used for "overdue".
 * `u` is the finding's unit and `r` its round (joined through the entity's relations, read only).
 */
export function findingListQuery(
  dataSource: DataSource,
  actor: Actor,
  q: ListFindingsQuery,
  today: string,
  timeZone: string,
): SelectQueryBuilder<Finding> {
  const qb = dataSource
    .getRepository(Finding)
    .createQueryBuilder('f')
    .innerJoin('f.unit', 'u')
    .innerJoin('f.round', 'r');
  UnitScope.of(actor).applyTo(qb, 'u.path');
  if (q.roundId) qb.andWhere('f.roundId = :roundId', { roundId: q.roundId });
  if (q.unitId)
    qb.andWhere(`u.path LIKE (SELECT p.path FROM units p WHERE p.id = :unitId) || '%'`, { unitId: q.unitId });
  if (q.status?.length) qb.andWhere('f.status IN (:...statuses)', { statuses: q.status });
  if (q.level) qb.andWhere('f.level = :level', { level: q.level });
  if (q.category) qb.andWhere('f.category = :category', { category: q.category });
  if (q.source) qb.andWhere('f.source = :source', { source: q.source });
  if (q.domain) qb.andWhere('r.domain = :domain', { domain: q.domain });
  if (q.overdue !== undefined) {
    const overdue = overdueSql('f', ':owes', ':today');
    qb.andWhere(q.overdue ? overdue : `NOT ${overdue}`, { owes: [...UNIT_OWES_STATUSES], today });
  }
  if (q.foundFrom) qb.andWhere('f.foundDate >= :foundFrom', { foundFrom: q.foundFrom });
  if (q.foundTo) qb.andWhere('f.foundDate <= :foundTo', { foundTo: q.foundTo });
  if (q.closedFrom || q.closedTo) {
    qb.andWhere(`f.status = '${FindingStatus.CLOSED}'`);
    const closedOn = `(f.closedAt AT TIME ZONE :zone)::date`;
    if (q.closedFrom) qb.andWhere(`${closedOn} >= :closedFrom`, { closedFrom: q.closedFrom, zone: timeZone });
    if (q.closedTo) qb.andWhere(`${closedOn} <= :closedTo`, { closedTo: q.closedTo, zone: timeZone });
  }
  if (q.similarGroup)
    qb.andWhere(
      `(f.id = :group OR f.id IN (SELECT l.finding_id FROM finding_similar_links l WHERE l.similar_to_id = :group
                                  UNION SELECT l.similar_to_id FROM finding_similar_links l WHERE l.finding_id = :group))`,
      { group: q.similarGroup },
    );
  if (q.refusedRule) {
    const on = `(x.refused_at AT TIME ZONE :zone)::date`;
    qb.andWhere(
      `EXISTS (SELECT 1 FROM closeout_refusals x WHERE x.finding_id = f.id AND :rule = ANY(x.unmet_rules)` +
        (q.refusedFrom ? ` AND ${on} >= :refusedFrom` : '') +
        (q.refusedTo ? ` AND ${on} <= :refusedTo` : '') +
        ')',
      { rule: q.refusedRule, zone: timeZone, refusedFrom: q.refusedFrom, refusedTo: q.refusedTo },
    );
  }
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    qb.andWhere(
      `(f.code ILIKE :like OR f.description ILIKE :like OR f.location ILIKE :like OR :plain = ANY(f.tags))`,
      { like, plain: q.q },
    );
  }
  qb.orderBy(SORT_COLUMNS[q.sort ?? 'code'], (q.order ?? 'asc').toUpperCase() as 'ASC' | 'DESC').addOrderBy(
    'f.id',
    'ASC',
  );
  return qb;
}

/** The filtered, scoped, sorted finding list (API list, pages, export, ledger). */
@Injectable()
export class FindingListRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The list's query builder, for callers that select their own columns (export, ledger). */
  query(actor: Actor, q: ListFindingsQuery, today: string, timeZone: string): SelectQueryBuilder<Finding> {
    return findingListQuery(this.dataSource, actor, q, today, timeZone);
  }

  /** One page (limit 50 by default) and the total count, with each finding's unit and round names. */
  async page(
    actor: Actor,
    q: ListFindingsQuery,
    today: string,
    timeZone: string,
  ): Promise<{ rows: FindingListRow[]; total: number }> {
    const qb = this.query(actor, q, today, timeZone)
      .addSelect('u.name', 'unit_name')
      .addSelect('r.name', 'round_name');
    const total = await qb.getCount();
    const { entities, raw } = await qb
      .limit(q.limit ?? 50)
      .offset(q.offset ?? 0)
      .getRawAndEntities();
    const names = new Map(
      (raw as { f_id: number; unit_name: string; round_name: string }[]).map((r) => [r.f_id, r]),
    );
    return {
      rows: entities.map((finding) => ({
        finding,
        unitName: names.get(finding.id)?.unit_name,
        roundName: names.get(finding.id)?.round_name,
      })),
      total,
    };
  }
}
