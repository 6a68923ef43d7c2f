/**
 * The best handler's 驾驶舱 (`GET /statistics/dashboard`, issue 22): the service's answer byte for byte, from four
 * prepared statements sent at once on four connections instead of the service's eleven (PostgreSQL works on both
 * cores for one answer):
 *   1. the findings a period's figures can count, read once (MATERIALIZED) for the key figures *and* the breakdowns
 *      by level, source and unit (the service reads them twice), with the units and ancestors the roll-up needs;
 *   2. the twelve months (found and closed per month);
 *   3. everything small in one round trip: refusals by rule, similar-finding groups, paid bounties, 挂牌督办 counts,
 *      missed inspections, the 重要危险源 facts' stamp and the unit asked for;
 *   4. the weekly-report compliance per unit.
 * The gap counts are kept per stamp, as the service keeps them; the figures and charts are built by the service's
 * own pure functions (dashboard-figures.ts, dashboard-chart-views.ts), so only the reading differs.
 */
import type pg from 'pg';
import { statementName } from '../src/common/persistence/prepared';
import { dateInZone } from '../src/common/time/business-date';
import {
  dashboardCharts,
  rollUpToSecondaryUnits,
  unitBreakdownRows,
} from '../src/dashboard/dashboard-chart-views';
import { keyFigures, periodLists } from '../src/dashboard/dashboard-figures';
import { inspectionFigureLinks, inspectionFigureViews } from '../src/dashboard/inspection-figures';
import { majorHazardFigureViews } from '../src/dashboard/major-hazard-figures';
import {
  PERIOD_KINDS,
  resolvePeriod,
  twelveMonthsEnding,
  type PeriodKind,
} from '../src/dashboard/rules/period';
import type { UnitNode } from '../src/dashboard/rules/secondary-unit';
import {
  similarGroupsCtes,
  type DashboardBreakdownRow,
  type DashboardFigureRow,
  type DashboardGroupRow,
  type DashboardMonthRow,
  type DashboardRefusalRow,
} from '../src/findings/dashboard-statistics.repository';
import { countedSql, rectifiedSql } from '../src/findings/rules/counting';
import { OPEN_STATUSES, overdueSql, UNIT_OWES_STATUSES } from '../src/findings/rules/open-and-overdue';
import type { GapCounts } from '../src/inspections/hazard-sources.service';
import type { GapFacts } from '../src/inspections/hazard-sources.repository';
import { sourceGaps } from '../src/inspections/rules/gaps';
import { ancestorNamesSql } from '../src/org/units.repository';
import type { WeeklyUnitComplianceRow } from '../src/weekly-reports/weekly-reports.repository';
import { HttpError, ZONE } from './reference-server';

export interface DashboardActor {
  id: number;
  /** The actor's subtree path, null for the whole organisation. */
  scope: string | null;
  /** The home unit's path. */
  home: string | null;
}

const TOP_GROUPS = 8;
const open = OPEN_STATUSES.map((s) => `'${s}'`).join(', ');

/** Conditions over a units alias for the actor's scope and the unit asked for, their parameters from `first`. */
function unitConditions(alias: string, actor: DashboardActor, unitId: number | undefined, first: number) {
  const params: unknown[] = [];
  let sql = '';
  if (unitId) {
    params.push(unitId);
    sql += ` AND ${alias}.path LIKE (SELECT p.path FROM units p WHERE p.id = $${first}) || '%'`;
  }
  if (actor.scope !== null) {
    params.push(`${actor.scope}%`);
    sql += ` AND ${alias}.path LIKE $${first + params.length - 1}`;
  }
  return { sql, params };
}

async function one<T>(pool: pg.Pool, text: string, values: unknown[]): Promise<T> {
  const { rows } = await pool.query({ name: statementName(text), text, values });
  return rows[0] as T;
}

/** 1: the period's counted findings once, for the figures and the breakdowns; the roll-up's units. */
function findingsFigures(pool: pg.Pool, actor: DashboardActor, unitId: number | undefined, p: string[]) {
  const u = unitConditions('u', actor, unitId, 7);
  const units = u.sql ? ' JOIN units u ON u.id = f.unit_id' : '';
  const closedOn = `(f.closed_at AT TIME ZONE $6)::date`;
  const inPeriod = `c.found_date BETWEEN $1 AND $2`;
  const closedIn = `${rectifiedSql('c')} AND c.closed_on BETWEEN $1 AND $2`;
  const overdue = overdueSql('c', '$4', '$3');
  const text = `WITH c AS MATERIALIZED (
       SELECT f.unit_id, f.level, f.source, f.status, f.found_date, f.deadline,
              CASE WHEN ${rectifiedSql('f')} THEN ${closedOn} END AS closed_on
         FROM findings f${units} WHERE f.found_date BETWEEN $1 AND $2${u.sql}
       UNION ALL
       SELECT f.unit_id, f.level, f.source, f.status, f.found_date, f.deadline, NULL
         FROM findings f${units} WHERE f.found_date < $1 AND f.status IN (${open}) AND f.status = ANY($5)${u.sql}
       UNION ALL
       SELECT f.unit_id, NULL, NULL, 'CLOSED', f.found_date, NULL, ${closedOn}
         FROM findings f${units}
        WHERE f.found_date < $1 AND ${rectifiedSql('f')} AND f.closed_at >= ($1::date::timestamp AT TIME ZONE $6)${u.sql}),
     b AS (SELECT c.level, c.source, c.unit_id,
                  count(*) FILTER (WHERE ${countedSql('c')} AND ${inPeriod})::int AS found,
                  count(*) FILTER (WHERE ${rectifiedSql('c')} AND ${inPeriod})::int AS found_closed,
                  count(*) FILTER (WHERE ${overdue})::int AS overdue,
                  count(*) FILTER (WHERE c.status = 'CANCELLED' AND ${inPeriod})::int AS cancelled
             FROM c WHERE ${inPeriod} OR ${overdue}
            GROUP BY GROUPING SETS ((c.level), (c.source), (c.unit_id)))
SELECT (SELECT json_build_object(
          'found', count(*) FILTER (WHERE ${countedSql('c')} AND ${inPeriod}),
          'found_closed', count(*) FILTER (WHERE ${rectifiedSql('c')} AND ${inPeriod}),
          'cancelled', count(*) FILTER (WHERE c.status = 'CANCELLED' AND ${inPeriod}),
          'closed', count(*) FILTER (WHERE ${closedIn}),
          'open', count(*) FILTER (WHERE c.status = ANY($5) AND c.found_date <= $2),
          'overdue', count(*) FILTER (WHERE ${overdue} AND c.found_date <= $2),
          'major_open', count(*) FILTER (WHERE c.status = ANY($5) AND c.level = 'MAJOR' AND c.found_date <= $2),
          'avg_days', round(avg(c.closed_on - c.found_date) FILTER (WHERE ${closedIn}), 1)::float,
          'p90_days', percentile_disc(0.9) WITHIN GROUP (ORDER BY c.closed_on - c.found_date) FILTER (WHERE ${closedIn}))
          FROM c) AS figures,
       (SELECT coalesce(json_agg(b), '[]') FROM b) AS breakdowns,
       (SELECT coalesce(json_agg(json_build_object('id', x.id, 'name', x.name, 'kind', x.kind, 'path', x.path)), '[]')
          FROM units x
         WHERE x.id = ANY (SELECT DISTINCT unnest(string_to_array(trim(both '/' from o.path), '/')::int[])
                             FROM units o JOIN b ON b.unit_id = o.id
                            WHERE b.level IS NULL AND b.source IS NULL)) AS units`;
  return one<{ figures: DashboardFigureRow; breakdowns: DashboardBreakdownRow[]; units: UnitNode[] }>(
    pool,
    text,
    [...p, ...u.params],
  );
}

/** 2: found and closed per month over the twelve months ending with the period. */
function byMonth(pool: pg.Pool, actor: DashboardActor, unitId: number | undefined, p: string[]) {
  const u = unitConditions('u', actor, unitId, 4);
  const units = u.sql ? ' JOIN units u ON u.id = f.unit_id' : '';
  const text = `SELECT coalesce(json_agg(json_build_object('month', m.month, 'found', m.found, 'closed', m.closed) ORDER BY m.month), '[]') AS months
  FROM (SELECT to_char(m.month, 'YYYY-MM') AS month, sum(m.found)::int AS found, sum(m.closed)::int AS closed
          FROM (SELECT date_trunc('month', f.found_date) AS month, 1 AS found, 0 AS closed
                  FROM findings f${units} WHERE ${countedSql('f')} AND f.found_date BETWEEN $1 AND $2${u.sql}
                UNION ALL
                SELECT date_trunc('month', (f.closed_at AT TIME ZONE $3)::date), 0, 1
                  FROM findings f${units}
                 WHERE ${rectifiedSql('f')} AND f.closed_at >= ($1::date::timestamp AT TIME ZONE $3)
                   AND f.closed_at < (($2::date + 1)::timestamp AT TIME ZONE $3)${u.sql}) m
         GROUP BY m.month) m`;
  return one<{ months: DashboardMonthRow[] }>(pool, text, [...p, ...u.params]);
}

/** 3: the small counts of the other modules in one round trip. */
function smallCounts(pool: pg.Pool, actor: DashboardActor, unitId: number | undefined, p: unknown[]) {
  const u = unitConditions('u', actor, unitId, 6);
  const text = `${similarGroupsCtes(u.sql, String(TOP_GROUPS))}
SELECT (SELECT coalesce(json_agg(json_build_object('anchor_id', c.a, 'anchor_code', f.code, 'label', f.description, 'n', c.n)
                                 ORDER BY c.n DESC, c.a), '[]')
          FROM counted c JOIN findings f ON f.id = c.first_id) AS groups,
       (SELECT coalesce(json_agg(json_build_object('rule', r.rule, 'attempts', r.attempts, 'findings', r.findings) ORDER BY r.rule), '[]')
          FROM (SELECT r.rule::int AS rule, count(*)::int AS attempts, count(DISTINCT x.finding_id)::int AS findings
                  FROM closeout_refusals x CROSS JOIN LATERAL unnest(x.unmet_rules) AS r(rule)
                  JOIN findings f ON f.id = x.finding_id JOIN units u ON u.id = f.unit_id
                 WHERE (x.refused_at AT TIME ZONE $3)::date BETWEEN $1 AND $2${u.sql}
                 GROUP BY r.rule) r) AS refusals,
       (SELECT json_build_object('count', count(*), 'yuan', coalesce(sum(b.amount_yuan), 0)::int)
          FROM bounties b JOIN hazard_reports h ON h.id = b.hazard_report_id JOIN units u ON u.id = h.hazard_unit_id
         WHERE b.status = 'PAID' AND b.paid_on BETWEEN $1 AND $2${u.sql}) AS bounties,
       (SELECT json_build_object(
                 'open', count(*) FILTER (WHERE l.status <> 'DELISTED'),
                 'byLevel', json_build_object(
                   'GROUP', count(*) FILTER (WHERE l.status <> 'DELISTED' AND l.level = 'GROUP'),
                   'COMPANY', count(*) FILTER (WHERE l.status <> 'DELISTED' AND l.level = 'COMPANY'),
                   'SECOND_LEVEL', count(*) FILTER (WHERE l.status <> 'DELISTED' AND l.level = 'SECOND_LEVEL')),
                 'overdue', count(*) FILTER (WHERE l.status IN ('LISTED', 'SERVED', 'SIGNED') AND l.deadline < $4::date),
                 'awaitingAcceptance', count(*) FILTER (WHERE l.status = 'ACCEPTANCE_REQUESTED'),
                 'acceptanceOverdue', count(*) FILTER (WHERE l.status = 'ACCEPTANCE_REQUESTED' AND l.acceptance_due_on < $4::date),
                 'delisted', count(*) FILTER (WHERE l.status = 'DELISTED'))
          FROM supervision_listings l JOIN findings f ON f.id = l.finding_id JOIN units u ON u.id = f.unit_id
         WHERE true${u.sql}) AS listings,
       (SELECT count(*)::int FROM inspection_tasks t JOIN units u ON u.id = t.unit_id
         WHERE t.status = 'OPEN' AND t.due_until <= $5${u.sql}) AS missed,
       (SELECT md5(coalesce(string_agg(s.id || ':' || s.xmin::text || ':' || coalesce(df.stamp, ''), ',' ORDER BY s.id), ''))
          FROM hazard_sources s JOIN units u ON u.id = s.unit_id
          LEFT JOIN LATERAL (SELECT string_agg(df.id || ':' || df.xmin::text, ';' ORDER BY df.id) AS stamp
                               FROM hazard_source_document_files df
                              WHERE df.source_id = s.id AND df.replaced_at IS NULL) df ON true
         WHERE s.status = 'ACTIVE'${u.sql}) AS stamp`;
  return one<{
    groups: DashboardGroupRow[];
    refusals: DashboardRefusalRow[];
    bounties: { count: number; yuan: number };
    listings: Parameters<typeof majorHazardFigureViews>[0];
    missed: number;
    stamp: string;
  }>(pool, text, [...p, ...u.params]);
}

/** 4: the weekly reports due in the period per unit. */
function weekly(pool: pg.Pool, actor: DashboardActor, unitId: number | undefined, p: unknown[]) {
  const u = unitConditions('u', actor, unitId, 5);
  const text = `SELECT coalesce(json_agg(json_build_object('unit_id', r.unit_id, 'unit_name', n.name, 'unit_path', n.path,
                   'ancestor_names', ${ancestorNamesSql('n.path')}, 'due', r.due, 'on_time', r.on_time, 'late', r.late, 'missing', r.missing) ORDER BY n.path), '[]') AS rows
  FROM (SELECT r.unit_id, count(*)::int AS due, count(*) FILTER (WHERE r.status = 'ON_TIME')::int AS on_time,
               count(*) FILTER (WHERE r.status = 'LATE')::int AS late,
               count(*) FILTER (WHERE r.status = 'MISSING')::int AS missing
          FROM weekly_reports r JOIN units u ON u.id = r.unit_id
         WHERE r.due_at <= $3 AND r.due_at >= ($1::date::timestamp AT TIME ZONE $4)
           AND r.due_at < (($2::date + 1)::timestamp AT TIME ZONE $4)${u.sql}
         GROUP BY r.unit_id) r JOIN units n ON n.id = r.unit_id
`;
  return one<{ rows: WeeklyUnitComplianceRow[] }>(pool, text, [...p, ...u.params]);
}

/** The gap counts of the active sources in scope, kept per stamp of their facts (as the service keeps them). */
const gapCountsKept = new Map<string, GapCounts>();
async function gapCounts(
  pool: pg.Pool,
  actor: DashboardActor,
  unitPath: string | undefined,
  today: string,
  stamp: string,
): Promise<GapCounts> {
  const key = JSON.stringify([actor.scope, unitPath ?? null, today, stamp]);
  const kept = gapCountsKept.get(key);
  if (kept) return kept;
  const params = [unitPath ? `${unitPath}%` : '%', actor.scope === null ? '%' : `${actor.scope}%`];
  const text = `SELECT s.grade, s.documents, s.drills, s.closed_gaps AS "closedGaps",
         coalesce((SELECT json_agg(json_build_object('documentType', f.document_type,
                             'documentNumber', f.document_number, 'documentVersion', f.document_version))
                     FROM hazard_source_document_files f WHERE f.source_id = s.id AND f.replaced_at IS NULL), '[]') AS "documentFiles"
    FROM hazard_sources s JOIN units u ON u.id = s.unit_id
   WHERE s.status = 'ACTIVE' AND u.path LIKE $1 AND u.path LIKE $2`;
  const { rows } = await pool.query<GapFacts>({ name: statementName(text), text, values: params });
  const openGaps = rows.map((s) => sourceGaps(s, today).filter((g) => !g.closed).length);
  const counts = {
    sources: rows.length,
    sourcesWithGaps: openGaps.filter((n) => n > 0).length,
    openGaps: openGaps.reduce((a, b) => a + b, 0),
  };
  if (gapCountsKept.size >= 100) gapCountsKept.clear();
  gapCountsKept.set(key, counts);
  return counts;
}

/** GET /statistics/dashboard for the query's period (month, quarter or year; `unitId` optional). */
export async function dashboard(pool: pg.Pool, actor: DashboardActor, q: URLSearchParams): Promise<string> {
  for (const key of q.keys())
    if (!['period', 'unitId', 'at'].includes(key)) throw new HttpError(404, 'FILTER_NOT_BUILT');
  const now = new Date();
  const today = dateInZone(now, ZONE);
  const kind = (q.get('period') ?? 'month') as PeriodKind;
  if (!PERIOD_KINDS.includes(kind) || kind === 'custom') throw new HttpError(404, 'FILTER_NOT_BUILT');
  const period = resolvePeriod(kind, q.get('at') ?? today, undefined, undefined);
  if ('field' in period) throw new HttpError(400, 'VALIDATION_FAILED');
  const unitId = q.get('unitId') ? Number(q.get('unitId')) : undefined;
  const months = twelveMonthsEnding(period.to);
  const owes = UNIT_OWES_STATUSES as string[];
  const [counted, monthly, small, compliance, unit] = await Promise.all([
    findingsFigures(pool, actor, unitId, [
      period.from,
      period.to,
      today,
      owes as never,
      OPEN_STATUSES as never,
      ZONE,
    ]),
    byMonth(pool, actor, unitId, [months[0].from, period.to, ZONE]),
    smallCounts(pool, actor, unitId, [period.from, period.to, ZONE, today, now]),
    weekly(pool, actor, unitId, [period.from, period.to, now, ZONE]),
    unitId
      ? pool
          .query<UnitNode>({
            name: 'dashboard-unit',
            text: 'SELECT id, name, kind, path FROM units WHERE id = $1',
            values: [unitId],
          })
          .then((r) => r.rows[0])
      : undefined,
  ]);
  if (unitId && (!unit || (actor.scope !== null && !unit.path.startsWith(actor.scope))))
    throw new HttpError(404, 'NOT_FOUND');
  const gaps = await gapCounts(pool, actor, unit?.path, today, small.stamp);
  const lists = periodLists(period, unitId);
  const figures = keyFigures({
    period,
    lists,
    figures: counted.figures,
    weekly: compliance.rows,
    bounties: small.bounties,
    homePath: unit?.path ?? actor.home,
  });
  figures.push(
    ...majorHazardFigureViews(small.listings, unitId),
    ...inspectionFigureViews(inspectionFigureLinks(small.missed, gaps, unitId)),
  );
  const visible = (path: string) => actor.scope === null || path.startsWith(actor.scope);
  const charts = dashboardCharts({
    period,
    lists,
    months,
    byMonth: monthly.months,
    breakdowns: counted.breakdowns,
    rolled: rollUpToSecondaryUnits(unitBreakdownRows(counted.breakdowns), counted.units, visible),
    refusals: small.refusals,
    groups: small.groups,
    weekly: compliance.rows,
  });
  return JSON.stringify({
    period,
    today,
    scopeLabel: unit ? unit.name : actor.scope === null ? '全部单位' : '本单位及下级单位',
    unitId: unitId ?? null,
    figures,
    charts,
  });
}
