import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Tx } from '../common/persistence/transactions';
import { HazardLevel } from './finding.enums';
import { countedSql, rectifiedSql } from './rules/counting';
import { OPEN_STATUSES } from './rules/open-and-overdue';

/**
 * What the statutory 隐患排查治理 statistics table (安监总局令第16号) counts, read from the findings tables: the
 * figures of a unit's subtree for a period running from 1 January (`yearStart`) to `periodEnd`, grouped as the table's
 * rows need them. Which findings count is the shared rule (counting.ts: cancelled findings never; 已整改 = closed out),
 * applied as of the period's end: found on or before it, closed out on or before it (the close-out date in the
 * business zone). The column rules themselves are in src/statutory-statistics/rules/.
 */
export interface StatutoryPeriodQuery {
  /** Materialised path of the unit the table is for (`/1/`): it and everything below. */
  subjectPath: string;
  yearStart: string;
  periodEnd: string;
  timeZone: string;
}

/**
 * One group of the counts: the whole subtree, one domain, one child unit (null: the subject unit itself), or one
 * category (for the written analysis).
 */
export interface StatutoryCountRow {
  group: 'TOTAL' | 'DOMAIN' | 'CHILD' | 'CATEGORY';
  domain: string | null;
  childUnitId: number | null;
  category: string | null;
  /** Counted findings of every level found in the period. */
  foundInPeriod: number;
  /** Distinct units in which a counted finding was found in the period. */
  unitsChecked: number;
  /** Counted GENERAL and SERIOUS findings found in the period, and those of them closed out by its end. */
  general: number;
  generalRectified: number;
  /** Counted MAJOR findings found in the period or carried over (found earlier, not closed out by 1 January). */
  major: number;
  majorCarriedOver: number;
  majorRectified: number;
}

/** A MAJOR finding of the period (as `major` counts them) with its 五落实 plan in force at the period's end. */
export interface StatutoryMajorRow {
  findingId: number;
  code: string;
  description: string;
  unitName: string;
  childUnitId: number | null;
  domain: string;
  status: string;
  foundDate: string;
  deadline: string;
  responsibleLeader: string | null;
  rectifiedByEnd: boolean;
  closedOn: string | null;
  /** The latest plan revision submitted by the period's end; null when there was none. */
  plan: {
    onTheSpot: boolean;
    measures: string | null;
    responsiblePerson: string | null;
    fundsAmount: number | null;
    fundsSource: string | null;
    fundsZeroReason: string | null;
    deadline: string | null;
    contingencyPlan: string | null;
    interimControls: string | null;
    stopProduction: boolean | null;
    stopProductionScope: string | null;
    /** The 治理方案 parts of 安监总局令第16号 (null on plans recorded before they existed). */
    goalsAndTasks: string | null;
    materials: string | null;
    responsibleOrganisation: string | null;
    timeRequirements: string | null;
    currentSituation: string | null;
    hazardAnalysis: string | null;
    /** A MAJOR plan is in force once the unit head confirmed it (by the period's end). */
    confirmed: boolean;
  } | null;
}

const MAJOR = `'${HazardLevel.MAJOR}'`;

/** Counted and not closed out, as a literal list (an index on status can serve it; `<>` could not). */
const OPEN = OPEN_STATUSES.map((st) => `'${st}'`).join(', ');
/** Midnight of 1 January in the business zone, as an instant ($2 year start, $4 time zone). */
const YEAR_START_INSTANT = `($2::date::timestamp AT TIME ZONE $4)`;

/**
 * The findings of the period: counted, found by its end, and either found in the year or a MAJOR hazard carried over
 * (not closed out before 1 January). `child` is the child of the subject unit the finding's unit lies in.
 * Parameters: $1 subject path, $2 year start, $3 period end, $4 time zone.
 *
 * Read as three disjoint branches, each narrowed by an index to a year's findings or what is open, never the whole
 * history (written as one OR, PostgreSQL read every MAJOR finding ever found: at 1M findings 20,000 majors over 50
 * years beside the year's 16,000 findings, p50 142 ms against 65 ms now):
 * - found from 1 January to the period's end (found_date);
 * - a MAJOR found before 1 January and still open (the MAJOR-only index with the status index);
 * - a MAJOR found before 1 January and closed out on or after it (the partial index on closed_at): the close-out
 *   date in the business zone is on or after 1 January exactly when the instant is on or after its midnight there.
 *
 * `rows` says what the caller reads: the counts (`COUNTED`) read only the columns idx_findings_found_date carries
 * (StatutoryCoveringIndex), so a year's findings come from the index alone; the MAJOR findings' listing (`LISTED`)
 * reads the whole row, for a few hundred findings, and the unit's name.
 */
function periodFindings(rows: 'COUNTED' | 'LISTED'): string {
  const columns =
    rows === 'COUNTED' ? 'unit_id, level, status, category, found_date, closed_at, round_id' : '*';
  const listed =
    rows === 'LISTED'
      ? ' f.id, f.code, f.description, f.deadline, f.responsible_leader, u.name AS unit_name,'
      : '';
  return `
  SELECT f.unit_id, f.level, f.status, f.category::text AS category, f.found_date,${listed}
         r.domain::text AS domain,
         (f.closed_at AT TIME ZONE $4)::date AS closed_on,
         NULLIF(split_part(substr(u.path, length($1) + 1), '/', 1), '')::int AS child
    FROM (SELECT ${columns} FROM findings
           WHERE found_date >= $2::date AND found_date <= $3::date AND ${countedSql('findings')}
          UNION ALL
          SELECT ${columns} FROM findings
           WHERE level = ${MAJOR} AND found_date < $2::date AND status IN (${OPEN})
          UNION ALL
          SELECT ${columns} FROM findings
           WHERE level = ${MAJOR} AND found_date < $2::date AND ${rectifiedSql('findings')}
             AND closed_at >= ${YEAR_START_INSTANT}) f
    JOIN units u ON u.id = f.unit_id
    JOIN rounds r ON r.id = f.round_id
   WHERE u.path LIKE $1 || '%'`;
}

const COUNTED_FINDINGS = periodFindings('COUNTED');
const LISTED_FINDINGS = periodFindings('LISTED');

@Injectable()
export class StatutoryCountsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The counts of columns (1)–(6) for the whole subtree, each domain, child unit and category, in one statement. */
  async counts(q: StatutoryPeriodQuery, tx?: Tx): Promise<StatutoryCountRow[]> {
    const rows: {
      g_child: number;
      g_domain: number;
      g_category: number;
      child: number | null;
      domain: string | null;
      category: string | null;
      found_in_period: number;
      units_checked: number;
      general: number;
      general_rectified: number;
      major: number;
      major_carried_over: number;
      major_rectified: number;
    }[] = await (tx ?? this.dataSource.manager).query(
      `WITH f AS (${COUNTED_FINDINGS})
       SELECT GROUPING(f.child)::int AS g_child, GROUPING(f.domain)::int AS g_domain,
              GROUPING(f.category)::int AS g_category, f.child, f.domain, f.category,
              count(*) FILTER (WHERE f.found_date >= $2::date)::int AS found_in_period,
              count(DISTINCT f.unit_id) FILTER (WHERE f.found_date >= $2::date)::int AS units_checked,
              count(*) FILTER (WHERE f.level <> ${MAJOR})::int AS general,
              count(*) FILTER (WHERE f.level <> ${MAJOR} AND ${rectifiedSql('f')}
                                 AND f.closed_on <= $3::date)::int AS general_rectified,
              count(*) FILTER (WHERE f.level = ${MAJOR})::int AS major,
              count(*) FILTER (WHERE f.level = ${MAJOR} AND f.found_date < $2::date)::int AS major_carried_over,
              count(*) FILTER (WHERE f.level = ${MAJOR} AND ${rectifiedSql('f')}
                                 AND f.closed_on <= $3::date)::int AS major_rectified
         FROM f
        GROUP BY GROUPING SETS ((), (f.domain), (f.child), (f.category))`,
      [q.subjectPath, q.yearStart, q.periodEnd, q.timeZone],
    );
    return rows.map((r) => ({
      group:
        r.g_child === 0 ? 'CHILD' : r.g_domain === 0 ? 'DOMAIN' : r.g_category === 0 ? 'CATEGORY' : 'TOTAL',
      domain: r.g_domain === 0 ? r.domain : null,
      childUnitId: r.g_child === 0 ? r.child : null,
      category: r.g_category === 0 ? r.category : null,
      foundInPeriod: r.found_in_period,
      unitsChecked: r.units_checked,
      general: r.general,
      generalRectified: r.general_rectified,
      major: r.major,
      majorCarriedOver: r.major_carried_over,
      majorRectified: r.major_rectified,
    }));
  }

  /** The MAJOR findings counted in column (5), each with the plan in force at the period's end (for (8)–(14)). */
  async majorPlans(q: StatutoryPeriodQuery, tx?: Tx): Promise<StatutoryMajorRow[]> {
    const rows: Record<string, unknown>[] = await (tx ?? this.dataSource.manager).query(
      `WITH f AS (${LISTED_FINDINGS})
       SELECT f.id, f.code, f.description, f.unit_name, f.child, f.domain, f.status::text AS status,
              to_char(f.found_date, 'YYYY-MM-DD') AS found_date, to_char(f.deadline, 'YYYY-MM-DD') AS deadline,
              f.responsible_leader, to_char(f.closed_on, 'YYYY-MM-DD') AS closed_on,
              (${rectifiedSql('f')} AND f.closed_on <= $3::date) AS rectified_by_end,
              p.id AS plan_id, p.on_the_spot, p.measures, p.responsible_person, p.funds_amount::bigint AS funds_amount,
              p.funds_source, p.funds_zero_reason, to_char(p.deadline, 'YYYY-MM-DD') AS plan_deadline,
              p.contingency_plan, p.interim_controls, p.stop_production, p.stop_production_scope,
              p.goals_and_tasks, p.materials, p.responsible_organisation, p.time_requirements,
              p.current_situation, p.hazard_analysis,
              (p.confirmed_at IS NOT NULL AND (p.confirmed_at AT TIME ZONE $4)::date <= $3::date) AS confirmed
         FROM f
         LEFT JOIN LATERAL (
              SELECT * FROM rectification_plans rp
               WHERE rp.finding_id = f.id AND (rp.submitted_at AT TIME ZONE $4)::date <= $3::date
               ORDER BY rp.revision DESC LIMIT 1) p ON true
        WHERE f.level = ${MAJOR}
        ORDER BY f.found_date, f.id`,
      [q.subjectPath, q.yearStart, q.periodEnd, q.timeZone],
    );
    return rows.map((r) => ({
      findingId: r.id as number,
      code: r.code as string,
      description: r.description as string,
      unitName: r.unit_name as string,
      childUnitId: (r.child as number | null) ?? null,
      domain: r.domain as string,
      status: r.status as string,
      foundDate: r.found_date as string,
      deadline: r.deadline as string,
      responsibleLeader: (r.responsible_leader as string | null) ?? null,
      rectifiedByEnd: r.rectified_by_end as boolean,
      closedOn: (r.closed_on as string | null) ?? null,
      plan:
        r.plan_id === null
          ? null
          : {
              onTheSpot: r.on_the_spot as boolean,
              measures: r.measures as string | null,
              responsiblePerson: r.responsible_person as string | null,
              fundsAmount: r.funds_amount === null ? null : Number(r.funds_amount),
              fundsSource: r.funds_source as string | null,
              fundsZeroReason: r.funds_zero_reason as string | null,
              deadline: r.plan_deadline as string | null,
              contingencyPlan: r.contingency_plan as string | null,
              interimControls: r.interim_controls as string | null,
              stopProduction: r.stop_production as boolean | null,
              stopProductionScope: r.stop_production_scope as string | null,
              goalsAndTasks: r.goals_and_tasks as string | null,
              materials: r.materials as string | null,
              responsibleOrganisation: r.responsible_organisation as string | null,
              timeRequirements: r.time_requirements as string | null,
              currentSituation: r.current_situation as string | null,
              hazardAnalysis: r.hazard_analysis as string | null,
              confirmed: r.confirmed as boolean,
            },
    }));
  }
}
