import { Injectable } from '@nestjs/common';
import { Actor } from '../common/access/actor';
import type { ComplianceCell } from './rules/compliance-cell';
import { ObligationsService } from './obligations.service';
import type { ReportingObligation } from './weekly-report.entities';
import {
  CreateObligationDto,
  HistoryQuery,
  SubmitWeeklyReportDto,
  WeekQuery,
  WeekRangeQuery,
} from './weekly-report.dto';
import { WeeklyDeadlinesService } from './weekly-deadlines.service';
import { WeeklySubmissionService } from './weekly-submission.service';
import { WeeklyViewsService } from './weekly-views.service';

export type { ComplianceCell };
export type { ReportingObligation, WeeklyReportItem, WeeklyReportVersion } from './weekly-report.entities';

/**
 * The weekly 举一反三 reports as the rest of the application uses them (controller, pages, reports, demo data): one
 * entry point over the obligations, the submission, the views and the deadline job.
 */
@Injectable()
export class WeeklyReportsService {
  constructor(
    private readonly obligations: ObligationsService,
    private readonly submission: WeeklySubmissionService,
    private readonly views: WeeklyViewsService,
    private readonly deadlines: WeeklyDeadlinesService,
  ) {}

  createObligation(actor: Actor, dto: CreateObligationDto) {
    return this.obligations.createObligation(actor, dto);
  }

  listObligations(actor: Actor) {
    return this.obligations.listObligations(actor);
  }

  /** Each obligation's last day (end date or its round's close; null while open), by id: which weeks it asks for. */
  lastDays(obligations: ReportingObligation[]) {
    return this.obligations.lastDays(obligations);
  }

  submit(actor: Actor, dto: SubmitWeeklyReportDto) {
    return this.submission.submit(actor, dto);
  }

  history(actor: Actor, q: HistoryQuery) {
    return this.views.history(actor, q);
  }

  get(actor: Actor, id: number) {
    return this.views.get(actor, id);
  }

  compliance(actor: Actor, q: WeekRangeQuery) {
    return this.views.compliance(actor, q);
  }

  weekSummary(actor: Actor, q: WeekQuery) {
    return this.views.weekSummary(actor, q);
  }

  runDeadlines(instance?: string): Promise<{ processed: string[] }> {
    return this.deadlines.runDeadlines(instance);
  }
}
