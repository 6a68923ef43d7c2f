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
 * The CTEs of the largest similar-finding groups among the counted findings found in the period ($1–$2): `counted`
 * holds each group's anchor `a`, size `n` and first member's id, the largest `limit` first. `scopeSql` are the scope
 * conditions over `u`. Each member is looked up by id (LATERAL … OFFSET 0 keeps it a nested loop: the groups are a
 * few hundred findings, the period tens of thousands). The bench's best handler sends the same.
 */
export const similarGroupsCtes = (scopeSql: string, limit: string): string =>
  `WITH anchors AS (SELECT DISTINCT similar_to_id AS a FROM finding_similar_links),
            members AS (SELECT a.a, a.a AS m FROM anchors a
                        UNION SELECT a.a, l.finding_id FROM anchors a JOIN finding_similar_links l ON l.similar_to_id = a.a
                        UNION SELECT a.a, l.similar_to_id FROM anchors a JOIN finding_similar_links l ON l.finding_id = a.a),
            counted AS (SELECT g.a, count(*)::int AS n, min(f.id) AS first_id
                          FROM members g CROSS JOIN LATERAL (
                               SELECT f.id FROM findings f JOIN units u ON u.id = f.unit_id
                                WHERE f.id = g.m AND ${countedSql('f')} AND f.found_date BETWEEN $1 AND $2${scopeSql}
                               OFFSET 0) f
                         GROUP BY g.a HAVING count(*) >= 2
                         ORDER BY n DESC, g.a LIMIT ${limit})`;

/** The units join the scope conditions need (none for the whole organisation: a hash join per counted row saved). */
const unitsJoin = (scopeSql: string): string => (scopeSql ? ' JOIN units u ON u.id = f.unit_id' : '');

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
    const closedIn = `${rectifiedSql('f')} AND f.closed_on BETWEEN $1 AND $2`;
    const upToEnd = `f.found_date <= $2`;
    const [row] = (await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE ${countedSql('f')} AND ${inPeriod})::int AS found,
              count(*) FILTER (WHERE ${rectifiedSql('f')} AND ${inPeriod})::int AS found_closed,
              count(*) FILTER (WHERE f.status = '${FindingStatus.CANCELLED}' AND ${inPeriod})::int AS cancelled,
              count(*) FILTER (WHERE ${closedIn})::int AS closed,
              count(*) FILTER (WHERE f.status = ANY($5) AND ${upToEnd})::int AS open,
              count(*) FILTER (WHERE ${overdueSql('f', '$4', '$3')} AND ${upToEnd})::int AS overdue,
              count(*) FILTER (WHERE f.status = ANY($5) AND f.level = '${HazardLevel.MAJOR}' AND ${upToEnd})::int AS major_open,
              round(avg(f.closed_on - f.found_date) FILTER (WHERE ${closedIn}), 1)::float AS avg_days,
              percentile_disc(0.9) WITHIN GROUP (ORDER BY f.closed_on - f.found_date) FILTER (WHERE ${closedIn}) AS p90_days
         FROM (${this.countedRows(q.sql, { closedSince: true })}) f`,
      q.params,
    )) as DashboardFigureRow[];
    return row;
  }

  /** Found in the period (counted, closed, cancelled) and overdue today, by level, by source and by unit. */
  breakdowns(d: DashboardFilter): Promise<DashboardBreakdownRow[]> {
    const q = this.where(d, [d.from, d.to, d.today, UNIT_OWES_STATUSES, OPEN_STATUSES, d.timeZone]);
    const inPeriod = `f.found_date BETWEEN $1 AND $2`;
    // Only rows some count reads (found in the period, or open and overdue today): a level, source or unit with
    // none has no row, and the charts read a missing row as 0. OFFSET 0 keeps that condition out of the parts: pushed
    // into "found before the period and open now" it read every overdue finding's heap page through a BitmapOr
    // (this year at 100k: 68 ms against 19–29 ms, the dashboard's slowest statement).
    return this.dataSource.query(
      `SELECT f.level, f.source, f.unit_id,
              count(*) FILTER (WHERE ${countedSql('f')} AND ${inPeriod})::int AS found,
              count(*) FILTER (WHERE ${rectifiedSql('f')} AND ${inPeriod})::int AS found_closed,
              count(*) FILTER (WHERE ${overdueSql('f', '$4', '$3')})::int AS overdue,
              count(*) FILTER (WHERE f.status = '${FindingStatus.CANCELLED}' AND ${inPeriod})::int AS cancelled
         FROM (SELECT * FROM (${this.countedRows(q.sql, { closedSince: false })}) x OFFSET 0) f
        WHERE f.found_date BETWEEN $1 AND $2 OR ${overdueSql('f', '$4', '$3')}
        GROUP BY GROUPING SETS ((f.level), (f.source), (f.unit_id))`,
      q.params,
    );
  }

  /**
   * The findings a period's figures can count, as disjoint parts each read from its own index alone: found in the
   * period (idx_findings_found_date), found before it and open now (idx_findings_open_found_date, partial), and —
   * with `closedSince` — found before it and closed out since its start (idx_findings_closed_at, partial). The
   * whole history is not read for one period. Parameters: $1/$2 the period, $5 OPEN_STATUSES, $6 the time zone;
   * `scopeSql` the scope conditions over `u`. `closed_on` is the business-zone day of the close-out.
   */
  private countedRows(scopeSql: string, { closedSince }: { closedSince: boolean }): string {
    // Written out (not $5) so that the planner can prove the partial index's predicate.
    const open = OPEN_STATUSES.map((s) => `'${s}'`).join(', ');
    const closedOn = `(f.closed_at AT TIME ZONE $6)::date`;
    const units = unitsJoin(scopeSql);
    const parts = [
      `SELECT f.unit_id, f.level, f.source, f.status, f.found_date, f.deadline,
              CASE WHEN ${rectifiedSql('f')} THEN ${closedOn} END AS closed_on
         FROM findings f${units}
        WHERE f.found_date BETWEEN $1 AND $2${scopeSql}`,
      `SELECT f.unit_id, f.level, f.source, f.status, f.found_date, f.deadline, NULL
         FROM findings f${units}
        WHERE f.found_date < $1 AND f.status IN (${open}) AND f.status = ANY($5)${scopeSql}`,
    ];
    if (closedSince)
      parts.push(`SELECT f.unit_id, NULL, NULL, '${FindingStatus.CLOSED}', f.found_date, NULL, ${closedOn}
         FROM findings f${units}
        WHERE f.found_date < $1 AND ${rectifiedSql('f')} AND f.closed_at >= ($1::date::timestamp AT TIME ZONE $6)${scopeSql}`);
    return parts.join('\n        UNION ALL\n');
  }

  /**
   * Per calendar month from `d.from` to `d.to`: counted findings found, and findings closed out (business zone). The
   * close-out days as a closed_at range, not a cast: the cast hid the row count from the planner (a nested loop of
   * 13 units × 10,866 close-outs, 72 ms, for one 二级单位).
   */
  byMonth(d: DashboardFilter): Promise<DashboardMonthRow[]> {
    const q = this.where(d, [d.from, d.to, d.timeZone]);
    const closedOn = `(f.closed_at AT TIME ZONE $3)::date`;
    const units = unitsJoin(q.sql);
    return this.dataSource.query(
      `SELECT to_char(m.month, 'YYYY-MM') AS month, coalesce(sum(m.found), 0)::int AS found, coalesce(sum(m.closed), 0)::int AS closed
         FROM (SELECT date_trunc('month', f.found_date) AS month, 1 AS found, 0 AS closed
                 FROM findings f${units}
                WHERE ${countedSql('f')} AND f.found_date BETWEEN $1 AND $2${q.sql}
               UNION ALL
               SELECT date_trunc('month', ${closedOn}), 0, 1
                 FROM findings f${units}
                WHERE ${rectifiedSql('f')} AND f.closed_at >= ($1::date::timestamp AT TIME ZONE $3)
                  AND f.closed_at < (($2::date + 1)::timestamp AT TIME ZONE $3)${q.sql}) m
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
      `${similarGroupsCtes(q.sql, '$3')}
       SELECT c.a AS anchor_id, f.code AS anchor_code, f.description AS label, c.n
         FROM counted c JOIN findings f ON f.id = c.first_id
        ORDER BY c.n DESC, c.a`,
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
