import { conflict } from '../common/errors/domain-error';
import { STATUTORY_STATUS_LABEL, StatutoryReport, StatutoryReportStatus } from './statutory-report.entities';
import type { StatutoryTable } from './statutory-table.view';

/** A workflow step asked of a report in a status it does not start from (409). */
export const invalidStep = (report: StatutoryReport, step: string, needs: StatutoryReportStatus[]) =>
  conflict(
    'STATUTORY_INVALID_STEP',
    `报表当前为“${STATUTORY_STATUS_LABEL[report.status]}”，不能${step}（须为${needs
      .map((s) => `“${STATUTORY_STATUS_LABEL[s]}”`)
      .join('或')}）/ The report is ${report.status}: cannot ${step}`,
    { current: report.status, allowedFrom: needs },
  );

/** The table's cross-checks fail: it cannot be checked or locked (409 with every failed check). */
export const crossCheckFailed = (table: StatutoryTable) =>
  conflict(
    'STATUTORY_CROSS_CHECK_FAILED',
    '报表勾稽关系校验未通过，请核对后再报送 / The table’s cross-checks fail',
    { failed: table.crossChecks.filter((c) => !c.ok) },
  );
