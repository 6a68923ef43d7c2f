import { DataSource, SelectQueryBuilder } from 'typeorm';
import { Actor } from '../common/access/actor';
import { applyUnitScope } from '../common/access/unit-scope';
import { Unit } from '../org/unit.entity';
import { AuditRound } from '../rounds/round.entity';
import { Finding } from './entities/finding.entity';
import { ListFindingsQuery } from './finding.dto';
import { UNIT_OWES_STATUSES } from './rules/open-and-overdue';

const SORT_COLUMNS: Record<NonNullable<ListFindingsQuery['sort']>, string> = {
  code: 'f.code',
  deadline: 'f.deadline',
  foundDate: 'f.foundDate',
  level: 'f.level',
  status: 'f.status',
  createdAt: 'f.createdAt',
  unit: 'u.path',
};

/**
 * The finding list's filters as one query builder, shared by the list, the Excel export and the printed ledger:
 * the same filters and the same unit scope everywhere. `today` is the business-zone date used for "overdue".
 */
export function findingListQuery(
  dataSource: DataSource,
  actor: Actor,
  q: ListFindingsQuery,
  today: string,
): SelectQueryBuilder<Finding> {
  const qb = dataSource
    .getRepository(Finding)
    .createQueryBuilder('f')
    .innerJoin(Unit, 'u', 'u.id = f.unitId')
    .innerJoin(AuditRound, 'r', 'r.id = f.roundId');
  applyUnitScope(qb, actor, 'u.path');
  if (q.roundId) qb.andWhere('f.roundId = :roundId', { roundId: q.roundId });
  if (q.unitId)
    qb.andWhere(`u.path LIKE (SELECT p.path FROM units p WHERE p.id = :unitId) || '%'`, { unitId: q.unitId });
  if (q.status?.length) qb.andWhere('f.status IN (:...statuses)', { statuses: q.status });
  if (q.level) qb.andWhere('f.level = :level', { level: q.level });
  if (q.category) qb.andWhere('f.category = :category', { category: q.category });
  if (q.source) qb.andWhere('f.source = :source', { source: q.source });
  if (q.domain) qb.andWhere('r.domain = :domain', { domain: q.domain });
  if (q.overdue !== undefined) {
    const overdue = `(f.status IN (:...owes) AND f.deadline < :today)`;
    qb.andWhere(q.overdue ? overdue : `NOT ${overdue}`, { owes: UNIT_OWES_STATUSES, today });
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
