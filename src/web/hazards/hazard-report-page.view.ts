import { Injectable } from '@nestjs/common';
import type { HttpResponse } from '../../common/http/platform';
import { Actor, hasRole } from '../../common/access/actor';
import { Role } from '../../common/access/roles';
import { AuditLogService } from '../../audit-log/audit-log.service';
import { hashVersion } from '../../common/http/file-by-hash';
import { addDays } from '../../common/time/business-date';
import { Clock } from '../../common/time/clock';
import { AppConfig } from '../../config/app-config';
import { FindingCategory, HAZARD_LEVEL_LABEL, HazardLevel } from '../../findings/finding.enums';
import { HazardReportsService } from '../../hazard-reports/hazard-reports.service';
import { awaitsBounty, awaitsTriage } from '../../hazard-reports/rules/report-states';
import type { FormState } from '../forms';
import { renderPage, type WebRequest } from '../view';
import { BOUNTY_STATUS_LABEL, CHANGE_LABEL, HAZARD_REPORT_STATUS_LABEL } from './hazard-labels';

/**
 * A report photo's addresses on the page: the thumbnail it shows, the medium size a tap opens, and the original
 * (原图). Each carries the start of the original's SHA-256 (`v`), so the browser keeps it for a year.
 */
export function photoLinks(reportId: number, p: { id: number; fileName: string; sha256: string }) {
  const base = `/hazard-reports/${reportId}/photos/${p.id}?v=${hashVersion(p.sha256)}`;
  return {
    id: p.id,
    fileName: p.fileName,
    thumb: `${base}&size=thumb`,
    medium: `${base}&size=medium`,
    original: base,
  };
}

export type HazardReportView = Awaited<ReturnType<HazardReportsService['get']>>;

/**
 * One hazard report's page, shared by the report pages (hazard-reports.pages.ts) and the triage and bounty forms
 * (hazard-triage.pages.ts), which show it again with the form's problems.
 */
@Injectable()
export class HazardReportPageView {
  constructor(
    private readonly reports: HazardReportsService,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** The report's page: the report, its photos and history, and the forms this user may use on it now. */
  async showReport(req: WebRequest, res: HttpResponse, id: number, state?: FormState) {
    const actor = req.actor!;
    const report: HazardReportView = await this.reports.get(actor, id);
    const history =
      hasRole(actor, Role.REPORTER) && actor.roles.length === 1 ? null : await this.history(actor, report);
    const isReporter = report.reporter.id === actor.id;
    const today = this.clock.today();
    renderPage(req, res, 'hazards/detail', {
      title: `隐患举报 第 ${report.id} 号`,
      maxBytes: this.config.EVIDENCE_MAX_BYTES,
      report,
      photos: report.photos.map((p) => photoLinks(report.id, p)),
      history,
      isReporter,
      canAddPhoto: isReporter && awaitsTriage(report.status),
      canTriage: hasRole(actor, Role.SAFETY_OFFICE) && awaitsTriage(report.status),
      canPropose: hasRole(actor, Role.SAFETY_OFFICE) && awaitsBounty(report),
      defaultAmount: report.level ? this.defaultAmount(report.level) : null,
      defaults: {
        GENERAL: this.config.BOUNTY_GENERAL_YUAN,
        SERIOUS: this.config.BOUNTY_SERIOUS_YUAN,
        MAJOR: this.config.BOUNTY_MAJOR_YUAN,
      },
      defaultDeadline: addDays(today, 30),
      today,
      levels: Object.values(HazardLevel),
      categories: Object.values(FindingCategory),
      statusLabels: HAZARD_REPORT_STATUS_LABEL,
      bountyLabels: BOUNTY_STATUS_LABEL,
      formState: state,
    });
  }

  private defaultAmount(level: HazardLevel): number {
    return {
      GENERAL: this.config.BOUNTY_GENERAL_YUAN,
      SERIOUS: this.config.BOUNTY_SERIOUS_YUAN,
      MAJOR: this.config.BOUNTY_MAJOR_YUAN,
    }[level];
  }

  /** The report's and its bounty's change log, as the audit-log API shows it to this user (not to reporters). */
  private async history(actor: Actor, report: HazardReportView) {
    const [own, bounty] = await Promise.all([
      this.audit.list(actor, {
        entityType: 'HazardReport',
        entityId: String(report.id),
        limit: 50,
        offset: 0,
      }),
      report.bounty
        ? this.audit.list(actor, {
            entityType: 'Bounty',
            entityId: String(report.bounty.id),
            limit: 50,
            offset: 0,
          })
        : { items: [] },
    ]);
    return [...own.items, ...bounty.items]
      .sort((a, b) => a.seq - b.seq)
      .map((e) => {
        const after = (field: string) => e.changes?.[field]?.after as string | number | null | undefined;
        const status = after('status');
        const parts: string[] = [];
        if (typeof status === 'string')
          parts.push(
            e.entityType === 'Bounty'
              ? (BOUNTY_STATUS_LABEL[status] ?? status)
              : (HAZARD_REPORT_STATUS_LABEL[status] ?? status),
          );
        const level = after('level');
        if (typeof level === 'string' && level in HAZARD_LEVEL_LABEL)
          parts.push(`${HAZARD_LEVEL_LABEL[level as HazardLevel]}隐患`);
        if (after('amountYuan')) parts.push(`${after('amountYuan')} 元`);
        if (after('paidOn')) parts.push(`发放日期 ${after('paidOn')}`);
        if (after('paymentRef')) parts.push(String(after('paymentRef')));
        if (after('note')) parts.push(String(after('note')));
        if (after('cancelReason')) parts.push(String(after('cancelReason')));
        return {
          at: e.occurredAt,
          who: e.actorName,
          what: CHANGE_LABEL[e.action] ?? e.action,
          detail: parts.join('；'),
        };
      });
  }
}
