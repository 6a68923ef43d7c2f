import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/access/actor';
import { UnitScope } from '../common/access/unit-scope';
import { AuditLogService } from '../audit-log/audit-log.service';
import { conflict, notFound, validationFailed } from '../common/errors/domain-error';
import { assertVersion } from '../common/persistence/version';
import { Transactions, type Tx } from '../common/persistence/transactions';
import { Clock } from '../common/time/clock';
import { dateInZone } from '../common/time/business-date';
import { UnitKind, UNIT_TIER } from '../org/unit-kind';
import { UnitsRepository } from '../org/units.repository';
import type { Unit } from '../org/unit.entity';
import { draftAnalysis } from './rules/analysis-draft';
import { daysFiledLate, previousPeriod, StatutoryPeriod } from './rules/period';
import type { Adjustment } from './rules/statutory-table';
import { STATUTORY_STATUS_LABEL, StatutoryReport, StatutoryReportStatus } from './statutory-report.entities';
import { crossCheckFailed, invalidStep } from './statutory-report.errors';
import { notFiledView, reportView, versionSummary } from './statutory-report.view';
import {
  AdjustStatutoryReportDto,
  LockStatutoryReportDto,
  PrepareStatutoryReportDto,
  ReopenStatutoryReportDto,
  StatutoryAnalysisDto,
} from './statutory-statistics.dto';
import { StatutoryReportsRepository } from './statutory-reports.repository';
import { StatutoryTableService } from './statutory-table.service';
import type { StatutoryTable } from './statutory-table.view';

const { PREPARED, CHECKED, LOCKED } = StatutoryReportStatus;

/**
 * The statutory report's workflow — prepare (the figures and a draft analysis), check (the cross-checks hold), lock
 * (the 主要负责人's name and date; the figures are frozen into a version with the change-log head), reopen for a
 * correction (with a reason; the next lock is a new version) — and which units have not filed for a period.
 */
@Injectable()
export class StatutoryReportsService {
  constructor(
    private readonly tx: Transactions,
    private readonly reports: StatutoryReportsRepository,
    private readonly tables: StatutoryTableService,
    private readonly units: UnitsRepository,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
  ) {}

  /** The live table of a unit and period (what would be filed now). */
  async liveTable(actor: Actor, unitId: number, periodKey: string): Promise<StatutoryTable> {
    const unit = await this.tables.subject(actor, unitId);
    return this.tables.table(unit, this.tables.period(periodKey));
  }

  /**
   * The table to export: a filed version (the one asked for, or the latest) when the report has one, else the live
   * table with the prepared report's adjustments. `filed` says which it is.
   */
  async exportTable(actor: Actor, unitId: number, periodKey: string, versionNo?: number) {
    const unit = await this.tables.subject(actor, unitId);
    const period = this.tables.period(periodKey);
    const report = await this.reports.findFor(unit.id, period.key);
    if (report && (versionNo || report.lockedVersions > 0)) {
      const v = await this.reports.version(report.id, versionNo ?? report.lockedVersions);
      if (!v) throw notFound('报表版本 / Report version', versionNo);
      const first = v.versionNo === 1 ? v : await this.reports.version(report.id, 1);
      const daysLate = daysFiledLate(period, first ? dateInZone(first.lockedAt, this.clock.timeZone) : null);
      return { table: v.table, analysis: v.analysis, version: v, report, daysLate };
    }
    if (versionNo) throw notFound('报表版本 / Report version', versionNo);
    const table = await this.tables.table(unit, period, report?.adjustments ?? []);
    return { table, analysis: report?.analysis ?? null, version: null, report, daysLate: null };
  }

  async prepare(actor: Actor, dto: PrepareStatutoryReportDto) {
    const unit = await this.tables.subject(actor, dto.unitId);
    const period = this.tables.period(dto.period);
    return this.tx.run(async (tx) => {
      const existing = await this.reports.findFor(unit.id, period.key, tx);
      if (existing)
        throw conflict(
          'STATUTORY_REPORT_EXISTS',
          `${unit.name}${period.label}的报表已存在 / This report already exists`,
          { reportId: existing.id },
        );
      const analysis = await this.draft(unit, period, [], tx);
      const report = await this.reports.insert(tx, {
        unitId: unit.id,
        period: period.key,
        status: PREPARED,
        lockedVersions: 0,
        adjustments: [],
        analysis,
        preparedById: actor.id,
      });
      await this.record(tx, actor, report, 'STATUTORY_REPORT_PREPARED', null, { status: PREPARED });
      return this.view(actor, report.id, tx);
    });
  }

  /** The report, its table (the latest filed version once locked, otherwise live), and every locked version. */
  async get(actor: Actor, id: number) {
    return this.view(actor, id);
  }

  async version(actor: Actor, id: number, versionNo: number) {
    await this.load(actor, id);
    const v = await this.reports.version(id, versionNo);
    if (!v) throw notFound('报表版本 / Report version', versionNo);
    return { ...versionSummary(v), table: v.table, analysis: v.analysis };
  }

  async list(actor: Actor, period?: string) {
    const scope = UnitScope.of(actor);
    const units = (await this.units.treeRows(UnitScope.ORGANISATION, true)).filter((u) =>
      scope.includesPath(u.path),
    );
    const byId = new Map(units.map((u) => [u.id, u]));
    const reports = await this.reports.listFor([...byId.keys()], period);
    return {
      items: reports.map((r) => ({
        id: r.id,
        unitId: r.unitId,
        unitName: byId.get(r.unitId)!.name,
        period: r.period,
        status: r.status,
        statusLabel: STATUTORY_STATUS_LABEL[r.status],
        lockedVersions: r.lockedVersions,
        version: r.version,
      })),
      total: reports.length,
    };
  }

  /** Replaces the prepared figures' adjustments (with the reason); the report needs checking again. */
  async adjust(actor: Actor, id: number, dto: AdjustStatutoryReportDto) {
    return this.step(actor, id, dto.version, [PREPARED, CHECKED], '调整数据', async (report, unit, tx) => {
      const table = await this.tables.table(unit, this.tables.period(report.period), [], tx);
      const problems = dto.adjustments
        .map((a, i) => ({ a, i }))
        .filter(({ a }) => !table.rows.some((r) => r.key === a.row))
        .map(({ a, i }) => ({
          field: `adjustments.${i}.row`,
          messages: [`报表中没有行 ${a.row} / No such row`],
        }));
      if (problems.length) throw validationFailed(problems);
      const before = { adjustments: report.adjustments, status: report.status };
      report.adjustments = dto.adjustments.map((a) => ({ row: a.row, column: a.column, value: a.value }));
      report.adjustmentReason = dto.reason;
      report.status = PREPARED;
      report.checkedById = null;
      report.checkedAt = null;
      return {
        action: 'STATUTORY_REPORT_ADJUSTED',
        before,
        after: { adjustments: report.adjustments, reason: dto.reason, status: PREPARED },
      };
    });
  }

  async editAnalysis(actor: Actor, id: number, dto: StatutoryAnalysisDto) {
    return this.step(actor, id, dto.version, [PREPARED, CHECKED], '修改分析', async (report) => {
      const before = { analysis: report.analysis };
      report.analysis = dto.analysis;
      return { action: 'STATUTORY_ANALYSIS_EDITED', before, after: { analysis: dto.analysis } };
    });
  }

  /** 审核: the cross-checks must hold (409 with every failed check otherwise). */
  async check(actor: Actor, id: number, version: number) {
    return this.step(actor, id, version, [PREPARED], '审核', async (report, unit, tx) => {
      const table = await this.tables.table(unit, this.tables.period(report.period), report.adjustments, tx);
      if (!table.consistent) throw crossCheckFailed(table);
      report.status = CHECKED;
      report.checkedById = actor.id;
      report.checkedAt = this.clock.now();
      return { action: 'STATUTORY_REPORT_CHECKED', before: { status: PREPARED }, after: { status: CHECKED } };
    });
  }

  /**
   * 锁定报送: the change-log entry is written first, which holds the chain's head until commit, so the figures read
   * next reflect exactly the changes up to that entry; they are checked again and frozen into a new version.
   */
  async lock(actor: Actor, id: number, dto: LockStatutoryReportDto) {
    return this.tx.run(async (tx) => {
      const { report, unit } = await this.lockForStep(actor, id, dto.version, [CHECKED], '锁定报送', tx);
      const versionNo = report.lockedVersions + 1;
      const event = await this.audit.recordHoldingHead(tx, actor, {
        action: 'STATUTORY_REPORT_LOCKED',
        entityType: 'StatutoryReport',
        entityId: report.id,
        unitId: report.unitId,
        before: { status: report.status, lockedVersions: report.lockedVersions },
        after: {
          status: LOCKED,
          lockedVersions: versionNo,
          principalName: dto.principalName,
          signedOn: dto.signedOn,
          preparerName: dto.preparerName,
        },
        note: report.correctionReason ? { correctionReason: report.correctionReason } : undefined,
      });
      const table = await this.tables.table(unit, this.tables.period(report.period), report.adjustments, tx, {
        seq: event.seq,
        hash: event.hash,
      });
      if (!table.consistent) throw crossCheckFailed(table);
      await this.reports.insertVersion(tx, {
        reportId: report.id,
        versionNo,
        table,
        analysis: report.analysis,
        principalName: dto.principalName,
        signedOn: dto.signedOn,
        preparerName: dto.preparerName,
        phone: dto.phone ?? null,
        correctionReason: report.correctionReason,
        lockedById: actor.id,
        changeLogSeq: event.seq,
        changeLogHash: event.hash,
      });
      report.status = LOCKED;
      report.lockedVersions = versionNo;
      report.correctionReason = null;
      await this.reports.save(tx, report);
      return this.view(actor, report.id, tx);
    });
  }

  /** A correction: the locked report is reopened with the reason; the next lock files it as a new version. */
  async reopen(actor: Actor, id: number, dto: ReopenStatutoryReportDto) {
    return this.step(actor, id, dto.version, [LOCKED], '更正', async (report) => {
      report.status = PREPARED;
      report.correctionReason = dto.reason;
      report.checkedById = null;
      report.checkedAt = null;
      return {
        action: 'STATUTORY_REPORT_REOPENED',
        before: { status: LOCKED },
        after: { status: PREPARED, correctionReason: dto.reason },
      };
    });
  }

  /**
   * Who has not filed (no locked version) for a period: the companies, or — for the internal version — a company's
   * 二级单位. Only units inside the caller's scope are listed.
   */
  async notFiled(actor: Actor, periodKey: string, companyUnitId?: number) {
    const period = this.tables.period(periodKey);
    const scope = UnitScope.of(actor);
    const all = await this.units.treeRows(UnitScope.ORGANISATION, false);
    let candidates: Unit[];
    let company: Unit | null = null;
    if (companyUnitId) {
      company = all.find((u) => u.id === companyUnitId && u.kind === UnitKind.COMPANY) ?? null;
      if (!company || !scope.includesPath(company.path))
        throw validationFailed([
          { field: 'companyUnitId', messages: ['不是可见的公司 / Not a company you can see'] },
        ]);
      candidates = all.filter((u) => u.parentId === company!.id && UNIT_TIER[u.kind] === 2);
    } else candidates = all.filter((u) => u.kind === UnitKind.COMPANY && u.parentId === null);
    candidates = candidates.filter((u) => scope.includesPath(u.path));
    const reports = new Map(
      (
        await this.reports.forPeriod(
          period.key,
          candidates.map((u) => u.id),
        )
      ).map((r) => [r.unitId, r]),
    );
    return notFiledView(period, this.clock.today(), company, candidates, reports);
  }

  // ---------- helpers ----------

  private async draft(unit: Unit, period: StatutoryPeriod, adjustments: Adjustment[], tx: Tx) {
    // Sequential: both run on the transaction's one connection.
    const table = await this.tables.table(unit, period, adjustments, tx);
    const previous = await this.tables.table(unit, previousPeriod(period), [], tx);
    return draftAnalysis(table, previous);
  }

  private async load(actor: Actor, id: number, tx?: Tx, lock = false) {
    const report = lock && tx ? await this.reports.lock(tx, id) : await this.reports.findById(id, tx);
    if (!report) throw notFound('统计报表 / Statutory report', id);
    // The unit decides who may see it: a unit outside the caller's subtree makes the report not exist for them.
    const unit = await this.tables.subject(actor, report.unitId, tx);
    return { report, unit };
  }

  private async lockForStep(
    actor: Actor,
    id: number,
    version: number,
    allowed: StatutoryReportStatus[],
    step: string,
    tx: Tx,
  ) {
    const loaded = await this.load(actor, id, tx, true);
    assertVersion(loaded.report, version);
    if (!allowed.includes(loaded.report.status)) throw invalidStep(loaded.report, step, allowed);
    return loaded;
  }

  private async step(
    actor: Actor,
    id: number,
    version: number,
    allowed: StatutoryReportStatus[],
    stepName: string,
    change: (
      report: StatutoryReport,
      unit: Unit,
      tx: Tx,
    ) => Promise<{ action: string; before: object; after: object }>,
  ) {
    return this.tx.run(async (tx) => {
      const { report, unit } = await this.lockForStep(actor, id, version, allowed, stepName, tx);
      const { action, before, after } = await change(report, unit, tx);
      await this.reports.save(tx, report);
      await this.record(tx, actor, report, action, before, after);
      return this.view(actor, report.id, tx);
    });
  }

  private record(
    tx: Tx,
    actor: Actor,
    report: StatutoryReport,
    action: string,
    before: object | null,
    after: object,
  ) {
    return this.audit.record(tx, actor, {
      action,
      entityType: 'StatutoryReport',
      entityId: report.id,
      unitId: report.unitId,
      before: before ? { period: report.period, ...before } : null,
      after: { period: report.period, ...after },
    });
  }

  private async view(actor: Actor, id: number, tx?: Tx) {
    const { report, unit } = await this.load(actor, id, tx);
    const versions = await this.reports.versionsOf(id, tx);
    const latest = versions[versions.length - 1];
    const table =
      report.status === LOCKED && latest
        ? latest.table
        : await this.tables.table(unit, this.tables.period(report.period), report.adjustments, tx);
    const period = this.tables.period(report.period);
    const daysLate = daysFiledLate(
      period,
      versions.length ? dateInZone(versions[0].lockedAt, this.clock.timeZone) : null,
    );
    return reportView(report, unit, versions, table, { dueDate: period.dueDate, daysLate });
  }
}
