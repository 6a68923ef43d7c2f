import { Injectable } from '@nestjs/common';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../common/access/actor';
import { UnitScope } from '../common/access/unit-scope';
import { isoTextSql } from '../common/persistence/entity-json';
import { preparedQuery } from '../common/persistence/prepared';
import { Finding } from './entities/finding.entity';
import type { ListFindingsQuery } from './finding-list.dto';
import { FindingStatus, HazardLevel } from './finding.enums';
import type { ViewedFinding } from './finding-view';
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

/**
 * A finding of a list page: its timestamps are the text the API's JSON has always carried for them (Date's toJSON:
 * UTC, milliseconds, 'Z'), written by PostgreSQL — a Date parsed per timestamp by pg and turned back into text by
 * JSON.stringify cost the list page about a tenth of its CPU (issue 22).
 */
export type ListedFinding = ViewedFinding & { createdAt: string; updatedAt: string; closedAt: string | null };

/** One row of a list page: the finding and the names shown beside it. */
export interface FindingListRow {
  finding: ListedFinding;
  unitName: string | undefined;
  roundName: string | undefined;
}

/**
 * A 重大隐患 whose 五落实 plan waits for the unit head's 确认, as a SQL condition over a findings alias: the finding is
 * still owed (UNIT_OWES_STATUSES, bound to `statusesParam`), MAJOR (`majorParam`), and its latest plan revision is
 * unconfirmed — the rule by which the finding page offers 确认 (rules/allowed-actions.ts `confirm`).
 */
const planAwaitingConfirmationSql = (alias: string, statusesParam: string, majorParam: string): string =>
  `(${alias}.status = ANY(${statusesParam}) AND ${alias}.level = ${majorParam} AND EXISTS (
     SELECT 1 FROM rectification_plans ap WHERE ap.finding_id = ${alias}.id AND ap.confirmed_at IS NULL
        AND ap.revision = (SELECT max(lp.revision) FROM rectification_plans lp WHERE lp.finding_id = ${alias}.id)))`;

/**
 * The finding list's filters as one query builder, shared by the list, the Excel export and the printed ledger:
 * the same filters and the same unit scope everywhere. `today` is the business-zone date used for "overdue".
 * `u` is the finding's unit and `r` its round (joined through the entity's relations, read only).
 * `narrow` (the list's page of ids): no joins unless the sort needs the unit — the subtree conditions become "the
 * finding's unit is one of the subtree's units" and the domain "the finding's round is of the domain", the same rows
 * with fewer rows joined (issue 22: the best handler's shape).
 */
export function findingListQuery(
  dataSource: DataSource,
  actor: Actor,
  q: ListFindingsQuery,
  today: string,
  timeZone: string,
  shape: 'wide' | 'narrow' = 'wide',
): SelectQueryBuilder<Finding> {
  const narrow = shape === 'narrow' && q.sort !== 'unit';
  const qb = dataSource.getRepository(Finding).createQueryBuilder('f');
  // The unit subtree (scope and unit filter) as unit ids in both shapes; the wide one joins the names besides.
  if (!narrow) qb.innerJoin('f.unit', 'u').innerJoin('f.round', 'r');
  UnitScope.of(actor).applyToUnitIds(qb, 'f.unitId');
  if (q.roundId) qb.andWhere('f.roundId = :roundId', { roundId: q.roundId });
  if (q.unitId && q.unitOnly) qb.andWhere('f.unitId = :unitId', { unitId: q.unitId });
  else if (q.unitId)
    qb.andWhere(
      `f.unitId = ANY (${UnitScope.unitIdsLike(`(SELECT p.path FROM units p WHERE p.id = :unitId) || '%'`)})`,
      { unitId: q.unitId },
    );
  if (q.status?.length) qb.andWhere('f.status IN (:...statuses)', { statuses: q.status });
  if (q.level) qb.andWhere('f.level = :level', { level: q.level });
  if (q.category) qb.andWhere('f.category = :category', { category: q.category });
  if (q.source) qb.andWhere('f.source = :source', { source: q.source });
  if (q.domain)
    qb.andWhere(
      narrow ? 'f.roundId IN (SELECT d.id FROM rounds d WHERE d.domain = :domain)' : 'r.domain = :domain',
      {
        domain: q.domain,
      },
    );
  if (q.overdue !== undefined) {
    const overdue = overdueSql('f', ':owes', ':today');
    qb.andWhere(q.overdue ? overdue : `NOT ${overdue}`, { owes: [...UNIT_OWES_STATUSES], today });
  }
  if (q.planAwaitingConfirmation !== undefined) {
    const awaiting = planAwaitingConfirmationSql('f', ':owes', ':major');
    qb.andWhere(q.planAwaitingConfirmation ? awaiting : `NOT ${awaiting}`, {
      owes: [...UNIT_OWES_STATUSES],
      major: HazardLevel.MAJOR,
    });
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

  /**
   * One page (limit 50 by default) and the total count, with each finding's unit and round names — in one
   * statement: the filtered, sorted ids of the page and `count(*) OVER ()` first (narrow rows: the window keeps
   * every match, so it must not carry the wide columns), then the page's rows joined to them. Rows are read raw and
   * copied field by field (no entity hydration on the list's hot path). A page past the end counts separately.
   */
  async page(
    actor: Actor,
    q: ListFindingsQuery,
    today: string,
    timeZone: string,
  ): Promise<{ rows: FindingListRow[]; total: number }> {
    const [narrow, params] = findingListQuery(this.dataSource, actor, q, today, timeZone, 'narrow')
      .select('f.id', 'id')
      .addSelect('count(*) OVER ()', 'total')
      .getQueryAndParameters();
    // Prepared: the statement's text depends only on which filters are set (LIMIT and OFFSET are parameters too).
    const raw = await preparedQuery<RawListRow>(
      this.dataSource,
      `WITH page AS (${narrow} LIMIT $${params.length + 1} OFFSET $${params.length + 2})
       SELECT ${LIST_PAGE_COLUMNS}, u.name AS unit_name, r.name AS round_name, page.total
         FROM page JOIN findings f ON f.id = page.id JOIN units u ON u.id = f.unit_id JOIN rounds r ON r.id = f.round_id
        ORDER BY ${RAW_SORT_COLUMNS[q.sort ?? 'code']} ${(q.order ?? 'asc').toUpperCase()}, f.id ASC`,
      [...params, q.limit ?? 50, q.offset ?? 0],
    );
    const total = raw.length
      ? Number(raw[0].total)
      : (q.offset ?? 0) > 0
        ? await findingListQuery(this.dataSource, actor, q, today, timeZone, 'narrow').getCount()
        : 0;
    return {
      rows: raw.map((r) => ({ finding: findingOfRow(r), unitName: r.unit_name, roundName: r.round_name })),
      total,
    };
  }
}

/** The sort columns of SORT_COLUMNS as plain SQL over the page's aliases. */
const RAW_SORT_COLUMNS: Record<NonNullable<ListFindingsQuery['sort']>, string> = {
  code: 'f.code',
  deadline: 'f.deadline',
  foundDate: 'f.found_date',
  level: 'f.level',
  status: 'f.status',
  createdAt: 'f.created_at',
  unit: 'u.path',
};

/**
 * The finding's selectable columns (descriptionBigrams is select: false), named as the entity's properties, the
 * timestamps as the text the API's JSON carries (the bench's bare handler sends the same).
 */
export const LIST_PAGE_COLUMNS = `f.id, f.code, f.round_id AS "roundId", f.unit_id AS "unitId", f.description, f.location,
  f.level, f.category, f.tags, f.source, f.found_date AS "foundDate", f.found_by AS "foundBy", f.deadline,
  f.responsible_person AS "responsiblePerson", f.responsible_leader AS "responsibleLeader", f.status,
  f.recurrence_of_id AS "recurrenceOfId", f.major_criterion_id AS "majorCriterionId", f.cancel_reason AS "cancelReason", ${isoTextSql('f.closed_at')} AS "closedAt",
  f.return_reason AS "returnReason", f.created_by_id AS "createdById", f.version,
  ${isoTextSql('f.created_at')} AS "createdAt", ${isoTextSql('f.updated_at')} AS "updatedAt"`;

type RawListRow = Omit<
  ListedFinding,
  'round' | 'unit' | 'recurrenceOf' | 'majorCriterion' | 'descriptionBigrams'
> & {
  unit_name: string;
  round_name: string;
  total: string;
};

/** A list row as the finding the views read: each field copied (TypeORM's values, the timestamps as JSON text). */
function findingOfRow(r: RawListRow): ListedFinding {
  return {
    id: r.id,
    code: r.code,
    roundId: r.roundId,
    unitId: r.unitId,
    description: r.description,
    descriptionBigrams: null,
    location: r.location,
    level: r.level,
    category: r.category,
    tags: r.tags,
    source: r.source,
    foundDate: r.foundDate,
    foundBy: r.foundBy,
    deadline: r.deadline,
    responsiblePerson: r.responsiblePerson,
    responsibleLeader: r.responsibleLeader,
    status: r.status,
    recurrenceOfId: r.recurrenceOfId,
    majorCriterionId: r.majorCriterionId,
    cancelReason: r.cancelReason,
    closedAt: r.closedAt,
    returnReason: r.returnReason,
    createdById: r.createdById,
    version: r.version,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}
