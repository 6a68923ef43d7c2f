import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Tx } from '../common/persistence/transactions';
import type { HazardLevel } from '../findings/finding.enums';
import { HazardReport, HazardReportPhoto } from './hazard-report.entities';
import { BountyStatus, HazardReportStatus } from './hazard-report.enums';

/** A report as listed: the report, its people and units by name, its finding's code and its latest bounty. */
export interface ReportRow {
  id: number;
  reporter_id: number;
  reporter_name: string;
  reporter_unit_name: string | null;
  on_behalf_of_unit_id: number | null;
  on_behalf_of_unit_name: string | null;
  hide_identity: boolean;
  hazard_unit_id: number;
  hazard_unit_name: string;
  location: string;
  description: string;
  status: HazardReportStatus;
  level: HazardLevel | null;
  triage_note: string | null;
  finding_id: number | null;
  finding_code: string | null;
  duplicate_of_report_id: number | null;
  reported_at: Date;
  bounty_id: number | null;
  bounty_status: BountyStatus | null;
  bounty_amount: number | null;
  bounty_decision_note: string | null;
}

/**
 * Which reports a viewer sees: null for all; otherwise their own (`reporterId`) and, for unit roles, those about
 * hazards whose unit path matches `unitPathPattern` (a LIKE pattern from UnitScope).
 */
export type ReportVisibility = { reporterId: number; unitPathPattern: string | null } | null;

export interface ReportFilter {
  status?: string;
  reporterId?: number;
}

export type NewHazardReport = Pick<
  HazardReport,
  'reporterId' | 'onBehalfOfUnitId' | 'hideIdentity' | 'hazardUnitId' | 'location' | 'description' | 'status'
>;
export type NewPhoto = Pick<
  HazardReportPhoto,
  'reportId' | 'fileName' | 'mimeType' | 'sizeBytes' | 'sha256' | 'content'
>;

const REPORT_SELECT = `SELECT h.id, h.reporter_id, ru.display_name AS reporter_name, rhu.name AS reporter_unit_name, h.on_behalf_of_unit_id, bu.name AS on_behalf_of_unit_name,
                   h.hide_identity, h.hazard_unit_id, hu.name AS hazard_unit_name, h.location, h.description, h.status, h.level, h.triage_note,
                   h.finding_id, f.code AS finding_code, h.duplicate_of_report_id, h.reported_at,
                   b.id AS bounty_id, b.status AS bounty_status, b.amount_yuan AS bounty_amount, b.decision_note AS bounty_decision_note
              FROM hazard_reports h
              JOIN users ru ON ru.id = h.reporter_id
              LEFT JOIN units rhu ON rhu.id = ru.home_unit_id
              LEFT JOIN units bu ON bu.id = h.on_behalf_of_unit_id
              JOIN units hu ON hu.id = h.hazard_unit_id
              LEFT JOIN findings f ON f.id = h.finding_id
              LEFT JOIN LATERAL (SELECT * FROM bounties x WHERE x.hazard_report_id = h.id ORDER BY x.id DESC LIMIT 1) b ON true`;

/** The hazard_reports and hazard_report_photos tables (the read model joins the names it shows). */
@Injectable()
export class HazardReportsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private reportQuery(visibility: ReportVisibility, where: string, params: unknown[]) {
    const conditions = [where];
    if (visibility) {
      params.push(visibility.reporterId);
      const own = `h.reporter_id = $${params.length}`;
      if (visibility.unitPathPattern !== null) {
        params.push(visibility.unitPathPattern);
        conditions.push(`(${own} OR hu.path LIKE $${params.length})`);
      } else conditions.push(own);
    }
    return { sql: `${REPORT_SELECT}\n             WHERE ${conditions.join(' AND ')}`, params };
  }

  /** A page of the reports this viewer sees, newest first, and how many there are. */
  async listRows(
    visibility: ReportVisibility,
    filter: ReportFilter,
    page: { limit: number; offset: number },
  ) {
    const params: unknown[] = [];
    let where = 'true';
    if (filter.status) {
      params.push(filter.status);
      where += ` AND h.status = $${params.length}`;
    }
    if (filter.reporterId !== undefined) {
      params.push(filter.reporterId);
      where += ` AND h.reporter_id = $${params.length}`;
    }
    const base = this.reportQuery(visibility, where, params);
    const [{ total }] = (await this.dataSource.query(
      `SELECT count(*)::int AS total FROM (${base.sql}) x`,
      base.params,
    )) as { total: number }[];
    const rows = (await this.dataSource.query(
      `${base.sql} ORDER BY h.id DESC LIMIT ${page.limit} OFFSET ${page.offset}`,
      base.params,
    )) as ReportRow[];
    return { rows, total };
  }

  /** One report as listed, if this viewer sees it. */
  async rowById(id: number, visibility: ReportVisibility, tx: Tx = this.dataSource.manager) {
    const q = this.reportQuery(visibility, 'h.id = $1', [id]);
    const [row] = (await tx.query(q.sql, q.params)) as ReportRow[];
    return row as ReportRow | undefined;
  }

  async insert(tx: Tx, report: NewHazardReport): Promise<HazardReport> {
    const repo = tx.getRepository(HazardReport);
    return repo.save(repo.create(report));
  }

  /** The report, locked for a change of its state. */
  async lock(tx: Tx, id: number): Promise<HazardReport | null> {
    return tx.getRepository(HazardReport).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async findById(tx: Tx, id: number): Promise<HazardReport | null> {
    return tx.getRepository(HazardReport).findOneBy({ id });
  }

  async save(tx: Tx, report: HazardReport): Promise<HazardReport> {
    return tx.getRepository(HazardReport).save(report);
  }

  /** The photos of a report (without their content), in upload order. */
  async photosOf(reportId: number, tx: Tx = this.dataSource.manager): Promise<HazardReportPhoto[]> {
    return tx.getRepository(HazardReportPhoto).find({ where: { reportId }, order: { id: 'ASC' } });
  }

  async insertPhoto(tx: Tx, photo: NewPhoto): Promise<HazardReportPhoto> {
    const repo = tx.getRepository(HazardReportPhoto);
    return repo.save(repo.create(photo));
  }
}
