import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { UnitScope } from '../common/access/unit-scope';
import { FindingSource, FindingStatus, HazardLevel } from './finding.enums';
import { countedSql, rectifiedSql } from './rules/counting';
import { OPEN_STATUSES, overdueSql, UNIT_OWES_STATUSES } from './rules/open-and-overdue';

/** What every dashboard count is limited to: the caller's scope, an optional unit subtree, a period of dates. */
export interface DashboardFilter {
  scope: UnitScope;
  /** This unit and its subtree (the list's `unitId`). */
  unitId?: number;
  /** The period, business-zone calendar dates, inclusive. */
  from: string;
  to: string;
  /** Today in the business zone (for overdue) and the zone (for the day a finding was closed). */
  today: string;
  timeZone: string;
}

export interface DashboardFigureRow {
  found: number;
  found_closed: number;
  cancelled: number;
  closed: number;
  open: number;
  overdue: number;
  major_open: number;
  avg_days: number | null;
  p90_days: number | null;
}

/** One GROUPING SETS row: by level, by source or by unit (the other keys null). */
export interface DashboardBreakdownRow {
  level: HazardLevel | null;
  source: FindingSource | null;
  unit_id: number | null;
  found: number;
  found_closed: number;
  overdue: number;
  cancelled: number;
}

export interface DashboardMonthRow {
  month: string;
  found: number;
  closed: number;
}

export interface DashboardRefusalRow {
  rule: number;
  attempts: number;
  findings: number;
}

export interface DashboardGroupRow {
  anchor_id: number;
  anchor_code: string;
  label: string;
  n: number;
}

/**
 * The dashboard's figures over the findings table, counted in SQL with the shared rules (counting.ts,
 * open-and-overdue.ts) — the same conditions as the finding list's filters, so every figure is the count of the
 * list its link opens. Cancelled findings are counted apart. Hand-written SQL; scope via UnitScope.
 */
@Injectable()
export class DashboardStatisticsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The key figures. found/found_closed/cancelled: found in the period; closed, avg/p90 days: closed out in the
   * period; open, overdue, major_open: as of today, of the findings found up to the period's end.
   */
  async figures(d: DashboardFilter): Promise<DashboardFigureRow> {
    const q = this.where(d, [d.from, d.to, d.today, UNIT_OWES_STATUSES, OPEN_STATUSES, d.timeZone]);
    const inPeriod = `f.found_date BETWEEN $1 AND $2`;
    const closedOn = `(f.closed_at AT TIME ZONE $6)::date`;
    const closedIn = `${rectifiedSql('f')} AND ${closedOn} BETWEEN $1 AND $2`;
    const upToEnd = `f.found_date <= $2`;
    // Only the rows some figure counts (found in the period, open now, or closed out since its start), written so
    // that the date and status indexes find them: the whole history is not read for one period's figures.
    const counted = `(f.found_date >= $1 OR f.status = ANY($5)
                      OR (${rectifiedSql('f')} AND f.closed_at >= ($1::date::timestamp AT TIME ZONE $6)))`;
    const [row] = (await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE ${countedSql('f')} AND ${inPeriod})::int AS found,
              count(*) FILTER (WHERE ${rectifiedSql('f')} AND ${inPeriod})::int AS found_closed,
              count(*) FILTER (WHERE f.status = '${FindingStatus.CANCELLED}' AND ${inPeriod})::int AS cancelled,
              count(*) FILTER (WHERE ${closedIn})::int AS closed,
              count(*) FILTER (WHERE f.status = ANY($5) AND ${upToEnd})::int AS open,
              count(*) FILTER (WHERE ${overdueSql('f', '$4', '$3')} AND ${upToEnd})::int AS overdue,
              count(*) FILTER (WHERE f.status = ANY($5) AND f.level = '${HazardLevel.MAJOR}' AND ${upToEnd})::int AS major_open,
              round(avg(${closedOn} - f.found_date) FILTER (WHERE ${closedIn}), 1)::float AS avg_days,
              percentile_disc(0.9) WITHIN GROUP (ORDER BY ${closedOn} - f.found_date) FILTER (WHERE ${closedIn}) AS p90_days
         FROM findings f JOIN units u ON u.id = f.unit_id
        WHERE f.found_date <= $2 AND ${counted}${q.sql}`,
      q.params,
    )) as DashboardFigureRow[];
    return row;
  }

  /** Found in the period (counted, closed, cancelled) and overdue today, by level, by source and by unit. */
  breakdowns(d: DashboardFilter): Promise<DashboardBreakdownRow[]> {
    const q = this.where(d, [d.from, d.to, d.today, UNIT_OWES_STATUSES]);
    const inPeriod = `f.found_date BETWEEN $1 AND $2`;
    return this.dataSource.query(
      `SELECT f.level, f.source, f.unit_id,
              count(*) FILTER (WHERE ${countedSql('f')} AND ${inPeriod})::int AS found,
              count(*) FILTER (WHERE ${rectifiedSql('f')} AND ${inPeriod})::int AS found_closed,
              count(*) FILTER (WHERE ${overdueSql('f', '$4', '$3')})::int AS overdue,
              count(*) FILTER (WHERE f.status = '${FindingStatus.CANCELLED}' AND ${inPeriod})::int AS cancelled
         FROM findings f JOIN units u ON u.id = f.unit_id
        WHERE f.found_date <= $2${q.sql}
        GROUP BY GROUPING SETS ((f.level), (f.source), (f.unit_id))`,
      q.params,
    );
  }

  /** Per calendar month from `d.from` to `d.to`: counted findings found, and findings closed out (business zone). */
  byMonth(d: DashboardFilter): Promise<DashboardMonthRow[]> {
    const q = this.where(d, [d.from, d.to, d.timeZone]);
    const closedOn = `(f.closed_at AT TIME ZONE $3)::date`;
    return this.dataSource.query(
      `SELECT to_char(m.month, 'YYYY-MM') AS month, coalesce(sum(m.found), 0)::int AS found, coalesce(sum(m.closed), 0)::int AS closed
         FROM (SELECT date_trunc('month', f.found_date) AS month, 1 AS found, 0 AS closed
                 FROM findings f JOIN units u ON u.id = f.unit_id
                WHERE ${countedSql('f')} AND f.found_date BETWEEN $1 AND $2${q.sql}
               UNION ALL
               SELECT date_trunc('month', ${closedOn}), 0, 1
                 FROM findings f JOIN units u ON u.id = f.unit_id
                WHERE ${rectifiedSql('f')} AND ${closedOn} BETWEEN $1 AND $2
                  AND f.closed_at >= ($1::date::timestamp AT TIME ZONE $3)${q.sql}) m
        GROUP BY m.month ORDER BY m.month`,
      q.params,
    );
  }

  /** Refused close-out attempts in the period, per unmet 五个不放过 rule: attempts and distinct findings. */
  refusalsByRule(d: DashboardFilter): Promise<DashboardRefusalRow[]> {
    const q = this.where(d, [d.from, d.to, d.timeZone]);
    return this.dataSource.query(
      `SELECT r.rule::int AS rule, count(*)::int AS attempts, count(DISTINCT x.finding_id)::int AS findings
         FROM closeout_refusals x CROSS JOIN LATERAL unnest(x.unmet_rules) AS r(rule)
         JOIN findings f ON f.id = x.finding_id JOIN units u ON u.id = f.unit_id
        WHERE (x.refused_at AT TIME ZONE $3)::date BETWEEN $1 AND $2${q.sql}
        GROUP BY r.rule ORDER BY r.rule`,
      q.params,
    );
  }

  /**
   * The largest similar-finding groups (同类问题) among the counted findings found in the period: a group is a
   * finding others were linked to as similar, with every finding linked to it either way (the list's
   * `similarGroup`). Labelled with the description of its first member the caller may see.
   */
  similarGroups(d: DashboardFilter, limit: number): Promise<DashboardGroupRow[]> {
    const q = this.where(d, [d.from, d.to, limit]);
    return this.dataSource.query(
      `WITH anchors AS (SELECT DISTINCT similar_to_id AS a FROM finding_similar_links),
            members AS (SELECT a.a, a.a AS m FROM anchors a
                        UNION SELECT a.a, l.finding_id FROM anchors a JOIN finding_similar_links l ON l.similar_to_id = a.a
                        UNION SELECT a.a, l.similar_to_id FROM anchors a JOIN finding_similar_links l ON l.finding_id = a.a)
       SELECT g.a AS anchor_id, (array_agg(f.code ORDER BY f.id))[1] AS anchor_code,
              (array_agg(f.description ORDER BY f.id))[1] AS label, count(*)::int AS n
         FROM members g JOIN findings f ON f.id = g.m JOIN units u ON u.id = f.unit_id
        WHERE ${countedSql('f')} AND f.found_date BETWEEN $1 AND $2${q.sql}
        GROUP BY g.a HAVING count(*) >= 2
        ORDER BY n DESC, g.a LIMIT $3`,
      q.params,
    );
  }

  /** The scope and unit conditions appended after the query's own parameters. */
  private where(d: DashboardFilter, params: unknown[]): { sql: string; params: unknown[] } {
    const all = [...params];
    let sql = '';
    if (d.unitId) {
      all.push(d.unitId);
      sql += ` AND u.path LIKE (SELECT p.path FROM units p WHERE p.id = $${all.length}) || '%'`;
    }
    const scope = d.scope.sqlCondition('u.path', all.length + 1);
    return { sql: sql + scope.sql, params: [...all, ...scope.params] };
  }
}
