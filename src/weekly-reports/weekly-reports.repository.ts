import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { UnitScope } from '../common/access/unit-scope';
import { preparedQuery } from '../common/persistence/prepared';
import { ancestorNamesSql } from '../org/units.repository';
import type { Tx } from '../common/persistence/transactions';
import { UNSUBMITTED_STATUS } from './rules/weekly-report-state';
import type { IsoWeek } from './rules/iso-week';
import { WeeklyReport, WeeklyReportItem, WeeklyReportVersion } from './weekly-report.entities';
import type { WeeklyReportStatus } from './weekly-report.enums';

/** One report's identity: a unit's report for a week under an obligation. */
export interface ReportKey {
  obligationId: number;
  unitId: number;
  isoYear: number;
  isoWeek: number;
}

export type NewVersion = Pick<
  WeeklyReportVersion,
  'reportId' | 'version' | 'noneFound' | 'statement' | 'items' | 'late' | 'submittedById' | 'submittedAt'
>;

export interface HistoryFilter {
  /** The subtree of this unit path only; undefined: no such filter. */
  unitPath?: string;
  obligationId?: number;
  from: IsoWeek | null;
  to: IsoWeek | null;
  limit: number;
  offset: number;
}

/** The columns of a report the compliance matrix needs. */
export interface WeeklyComplianceFilter {
  scope: UnitScope;
  unitId?: number;
  from: string;
  to: string;
  now: Date;
  timeZone: string;
}

/** A reporting unit's weekly reports due in a period, by outcome. */
export interface WeeklyUnitComplianceRow {
  unit_id: number;
  unit_name: string;
  unit_path: string;
  /** The names of the unit's ancestors, the company first: the chart tells twin units apart by them. */
  ancestor_names: string[];
  due: number;
  on_time: number;
  late: number;
  missing: number;
}

/** One report of the compliance matrix: `year*100+week:status:none_found(0|1):current_version`, joined by commas. */
export const COMPLIANCE_REPORTS = `SELECT obligation_id, unit_id,
         string_agg(concat_ws(':', iso_year * 100 + iso_week, status, none_found::int, current_version), ',') AS reports
    FROM weekly_reports WHERE obligation_id = ANY($1) AND (iso_year, iso_week) BETWEEN ($2, $3) AND ($4, $5)
   GROUP BY obligation_id, unit_id`;

/** A row of COMPLIANCE_REPORTS: one (obligation, unit) with its reports folded into a string. */
export interface FoldedComplianceRow {
  obligation_id: number;
  unit_id: number;
  reports: string;
}

/** COMPLIANCE_REPORTS' folded rows as one row per report (the bench's bare handler unfolds them the same way). */
export function unfoldComplianceReports(folded: FoldedComplianceRow[]): ComplianceRow[] {
  const rows: ComplianceRow[] = [];
  for (const { obligation_id, unit_id, reports } of folded)
    for (const report of reports.split(',')) {
      const [yearWeek, status, noneFound, currentVersion] = report.split(':');
      const yw = Number(yearWeek);
      rows.push({
        obligation_id,
        unit_id,
        iso_year: Math.trunc(yw / 100),
        iso_week: yw % 100,
        status: status as WeeklyReportStatus,
        none_found: noneFound === '1',
        current_version: Number(currentVersion),
      });
    }
  return rows;
}

export interface ComplianceRow {
  obligation_id: number;
  unit_id: number;
  iso_year: number;
  iso_week: number;
  status: WeeklyReportStatus;
  none_found: boolean;
  current_version: number;
}

/** Weekly reports and their versions (weekly_reports, weekly_report_versions). Units are joined for scope and names. */
@Injectable()
export class WeeklyReportsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Makes the report row (unsubmitted) unless it exists. */
  async ensure(tx: Tx, key: ReportKey, dueAt: Date): Promise<void> {
    await tx.query(
      `INSERT INTO weekly_reports (obligation_id, unit_id, iso_year, iso_week, due_at, status, version) VALUES ($1, $2, $3, $4, $5, $6, 1)
       ON CONFLICT (obligation_id, unit_id, iso_year, iso_week) DO NOTHING`,
      [key.obligationId, key.unitId, key.isoYear, key.isoWeek, dueAt, UNSUBMITTED_STATUS],
    );
  }

  findByKey(tx: Tx, key: ReportKey): Promise<WeeklyReport> {
    return tx.getRepository(WeeklyReport).findOneByOrFail({ ...key });
  }

  lockByKey(tx: Tx, key: ReportKey): Promise<WeeklyReport> {
    return tx
      .getRepository(WeeklyReport)
      .findOneOrFail({ where: { ...key }, lock: { mode: 'pessimistic_write' } });
  }

  save(tx: Tx, report: WeeklyReport): Promise<WeeklyReport> {
    return tx.getRepository(WeeklyReport).save(report);
  }

  findVersion(tx: Tx, reportId: number, version: number): Promise<WeeklyReportVersion> {
    return tx.getRepository(WeeklyReportVersion).findOneByOrFail({ reportId, version });
  }

  async addVersion(tx: Tx, values: NewVersion): Promise<WeeklyReportVersion> {
    const repo = tx.getRepository(WeeklyReportVersion);
    return repo.save(repo.create(values));
  }

  /** Reports in the scope, newest week first then in tree order, with their unit's name. */
  async history(scope: UnitScope, f: HistoryFilter) {
    const qb = this.dataSource
      .getRepository(WeeklyReport)
      .createQueryBuilder('w')
      .innerJoin('units', 'u', 'u.id = w.unitId')
      .addSelect('u.name', 'unit_name');
    scope.applyTo(qb, 'u.path');
    if (f.unitPath !== undefined) qb.andWhere('u.path LIKE :subtree', { subtree: `${f.unitPath}%` });
    if (f.obligationId) qb.andWhere('w.obligationId = :oid', { oid: f.obligationId });
    if (f.from) qb.andWhere('(w.isoYear, w.isoWeek) >= (:fy, :fw)', { fy: f.from.year, fw: f.from.week });
    if (f.to) qb.andWhere('(w.isoYear, w.isoWeek) <= (:ty, :tw)', { ty: f.to.year, tw: f.to.week });
    qb.orderBy('w.isoYear', 'DESC').addOrderBy('w.isoWeek', 'DESC').addOrderBy('u.path', 'ASC');
    const total = await qb.getCount();
    const { entities, raw } = await qb.limit(f.limit).offset(f.offset).getRawAndEntities();
    const names = new Map((raw as { w_id: number; unit_name: string }[]).map((r) => [r.w_id, r.unit_name]));
    return { items: entities.map((report) => ({ report, unitName: names.get(report.id) })), total };
  }

  /** A report whose unit is in the scope, or null. */
  findVisible(scope: UnitScope, id: number): Promise<WeeklyReport | null> {
    const qb = this.dataSource
      .getRepository(WeeklyReport)
      .createQueryBuilder('w')
      .innerJoin('units', 'u', 'u.id = w.unitId')
      .where('w.id = :id', { id });
    return scope.applyTo(qb, 'u.path').getOne();
  }

  versionsOf(reportId: number): Promise<WeeklyReportVersion[]> {
    return this.dataSource
      .getRepository(WeeklyReportVersion)
      .find({ where: { reportId }, order: { version: 'ASC' } });
  }

  /**
   * The reports of a range for the compliance matrix. PostgreSQL sends one row per (obligation, unit) with its reports
   * folded into a string, unfolded here into the same rows: a company-year is ~5,000 reports, and as rows pg spent
   * ~14 ms of Node CPU decoding them against ~4 ms for ~500 folded rows (issue 22: the matrix's one-client p99).
   * Prepared: one fixed text.
   */
  async complianceRows(obligationIds: number[], from: IsoWeek, to: IsoWeek): Promise<ComplianceRow[]> {
    if (!obligationIds.length) return [];
    const folded = await preparedQuery<FoldedComplianceRow>(this.dataSource, COMPLIANCE_REPORTS, [
      obligationIds,
      from.year,
      from.week,
      to.year,
      to.week,
    ]);
    return unfoldComplianceReports(folded);
  }

  /**
   * Per reporting unit (in the scope, optionally one unit's subtree): the reports whose deadline fell in the period
   * (business-zone dates) and has passed by `now` — on time (a submitted report, with or without findings), late,
   * missing. For the dashboard.
   */
  complianceByUnit(f: WeeklyComplianceFilter): Promise<WeeklyUnitComplianceRow[]> {
    const params: unknown[] = [f.from, f.to, f.now, f.timeZone];
    let unitSql = '';
    if (f.unitId) {
      params.push(f.unitId);
      unitSql = ` AND u.path LIKE (SELECT p.path FROM units p WHERE p.id = $${params.length}) || '%'`;
    }
    const scope = f.scope.sqlCondition('u.path', params.length + 1);
    // The period's days as a due_at range (idx_weekly_reports_due_at), counted per unit before the names join.
    return this.dataSource.query(
      `SELECT r.unit_id, n.name AS unit_name, n.path AS unit_path,
              ${ancestorNamesSql('n.path')} AS ancestor_names,
              r.due, r.on_time, r.late, r.missing
         FROM (SELECT r.unit_id, count(*)::int AS due,
                      count(*) FILTER (WHERE r.status = 'ON_TIME')::int AS on_time,
                      count(*) FILTER (WHERE r.status = 'LATE')::int AS late,
                      count(*) FILTER (WHERE r.status = 'MISSING')::int AS missing
                 FROM weekly_reports r JOIN units u ON u.id = r.unit_id
                WHERE r.due_at <= $3 AND r.due_at >= ($1::date::timestamp AT TIME ZONE $4)
                  AND r.due_at < (($2::date + 1)::timestamp AT TIME ZONE $4)${unitSql}${scope.sql}
                GROUP BY r.unit_id) r
         JOIN units n ON n.id = r.unit_id
        ORDER BY n.path`,
      [...params, ...scope.params],
    );
  }

  /** The obligations' reports of one week. */
  async findForWeek(obligationIds: number[], week: IsoWeek): Promise<WeeklyReport[]> {
    if (!obligationIds.length) return [];
    return this.dataSource.getRepository(WeeklyReport).find({
      where: { obligationId: In(obligationIds), isoYear: week.year, isoWeek: week.week },
    });
  }

  /** The items of each report's current version. */
  async currentItems(reportIds: number[]): Promise<Map<number, WeeklyReportItem[]>> {
    if (!reportIds.length) return new Map();
    const rows: { report_id: number; items: WeeklyReportItem[] }[] = await this.dataSource.query(
      `SELECT v.report_id, v.items FROM weekly_report_versions v JOIN weekly_reports w ON w.id = v.report_id AND v.version = w.current_version WHERE w.id = ANY($1)`,
      [reportIds],
    );
    return new Map(rows.map((v) => [v.report_id, v.items]));
  }
}
