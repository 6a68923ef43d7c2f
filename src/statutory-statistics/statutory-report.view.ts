import type { Unit } from '../org/unit.entity';
import type { StatutoryPeriod } from './rules/period';
import {
  STATUTORY_STATUS_LABEL,
  StatutoryReport,
  StatutoryReportStatus,
  StatutoryReportVersion,
} from './statutory-report.entities';
import type { StatutoryTable } from './statutory-table.view';

// What the statutory report's API and pages show: a report with its versions, and who has (not) filed a period.

/** A version as listed with its report (without the frozen table). */
export const versionSummary = (v: StatutoryReportVersion) => ({
  versionNo: v.versionNo,
  principalName: v.principalName,
  signedOn: v.signedOn,
  preparerName: v.preparerName,
  phone: v.phone,
  correctionReason: v.correctionReason,
  lockedById: v.lockedById,
  lockedAt: v.lockedAt,
  changeLogSeq: v.changeLogSeq,
  changeLogHash: v.changeLogHash,
});

/** A report as answered: `table` is the filed version's once locked, else the live (adjusted) table. */
export function reportView(
  report: StatutoryReport,
  unit: Unit,
  versions: StatutoryReportVersion[],
  table: StatutoryTable,
  filing: { dueDate: string; daysLate: number | null },
) {
  const latest = versions[versions.length - 1];
  const LOCKED = StatutoryReportStatus.LOCKED;
  return {
    id: report.id,
    unitId: report.unitId,
    unitName: unit.name,
    period: report.period,
    status: report.status,
    statusLabel: STATUTORY_STATUS_LABEL[report.status],
    version: report.version,
    lockedVersions: report.lockedVersions,
    adjustments: report.adjustments,
    adjustmentReason: report.adjustmentReason,
    correctionReason: report.correctionReason,
    analysis: report.status === LOCKED && latest ? latest.analysis : report.analysis,
    checkedById: report.checkedById,
    checkedAt: report.checkedAt,
    /** The filed figures once locked; the live (adjusted) figures while prepared or checked. */
    table,
    filed: report.status === LOCKED,
    /** The period's due date, and how many days after it the first version was locked (0 on time, null unfiled). */
    dueDate: filing.dueDate,
    daysFiledLate: filing.daysLate,
    versions: versions.map(versionSummary),
  };
}

/** Who has filed a period (a locked version) and who has not, among the candidate units. */
export function notFiledView(
  period: StatutoryPeriod,
  today: string,
  company: Unit | null,
  candidates: Unit[],
  reports: Map<number, StatutoryReport>,
) {
  const item = (u: Unit) => {
    const r = reports.get(u.id);
    return {
      unitId: u.id,
      code: u.code,
      name: u.name,
      reportId: r?.id ?? null,
      status: r?.status ?? null,
      statusLabel: r ? STATUTORY_STATUS_LABEL[r.status] : '未编制',
      lockedVersions: r?.lockedVersions ?? 0,
    };
  };
  return {
    period: { key: period.key, label: period.label, dueDate: period.dueDate },
    overdue: today > period.dueDate,
    level: company ? 'SECOND_LEVEL' : 'COMPANY',
    company: company ? { id: company.id, name: company.name } : null,
    notFiled: candidates.filter((u) => !reports.get(u.id)?.lockedVersions).map(item),
    filed: candidates.filter((u) => reports.get(u.id)?.lockedVersions).map(item),
  };
}
