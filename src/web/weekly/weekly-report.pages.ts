import { Get, Param, ParseIntPipe, Req, Res } from '@nestjs/common';
import type { HttpResponse } from '../../common/http/platform';
import { Actor } from '../../common/access/actor';
import { FINDING_READERS } from '../../common/access/reader-roles';
import { UNIT_ROLES } from '../../common/access/roles';
import { AllowRoles } from '../../common/access/roles.decorator';
import { Clock } from '../../common/time/clock';
import { findingView, FindingsService } from '../../findings/findings.service';
import { UnitsService } from '../../org/units.service';
import { parseWeek } from '../../weekly-reports/rules/iso-week';
import { isLocked } from '../../weekly-reports/rules/weekly-report-state';
import { WeeklyReportsService } from '../../weekly-reports/weekly-reports.service';
import { can, renderPage, type WebRequest } from '../view';
import { WebPages } from '../web-pages.decorator';
import { deadlineText } from './weekly-home-card';
import { WeeklyPageData } from './weekly-page-data';
import { weeklyFormPath } from '../../weekly-reports/weekly-form-path';

type Report = Awaited<ReturnType<WeeklyReportsService['get']>>;

/** One report with every version it went through. Listed last in the module: `:id` must not shadow other routes. */
@WebPages('weekly-reports')
export class WeeklyReportPages {
  constructor(
    private readonly weekly: WeeklyReportsService,
    private readonly units: UnitsService,
    private readonly findings: FindingsService,
    private readonly data: WeeklyPageData,
    private readonly clock: Clock,
  ) {}

  @Get(':id')
  @AllowRoles(...FINDING_READERS)
  async report(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Param('id', ParseIntPipe) id: number,
  ): Promise<void> {
    const actor = req.actor!;
    const report = await this.weekly.get(actor, id);
    const [obligations, unit, roundNames] = await Promise.all([
      this.weekly.listObligations(actor),
      this.units.get(actor, report.unitId),
      this.data.roundNames(actor),
    ]);
    const obligation = obligations.items.find((o) => o.id === report.obligationId);
    const findings = await this.findingViews(actor, report);
    const duePassed = report.dueAt <= this.clock.now();
    renderPage(req, res, 'weekly/report', {
      title: `${unit.name} ${report.week} 举一反三周报`,
      report: { ...report, ...this.data.statusOf(report) },
      unit,
      obligation,
      roundName: obligation ? roundNames.get(obligation.roundId) : undefined,
      deadline: obligation ? deadlineText(parseWeek(report.week)!, obligation.dueTime) : '',
      versions: [...report.versions].reverse(),
      findings: Object.fromEntries(findings),
      duePassed,
      canCorrect: can(actor, ...UNIT_ROLES) && !isLocked(report, duePassed) && !!obligation?.active,
      formUrl: weeklyFormPath(report.obligationId, report.unitId, report.week),
    });
  }

  /** The findings the report's items became or cite, as far as the user may see them. */
  private async findingViews(actor: Actor, report: Report) {
    const ids = [
      ...new Set(
        report.versions.flatMap((v) => v.items.flatMap((i) => [i.findingId, i.promptedByFindingId ?? 0])),
      ),
    ].filter((x) => x > 0);
    const today = this.clock.today();
    const findings = new Map<number, ReturnType<typeof findingView>>();
    await Promise.all(
      ids.map(async (fid) => {
        try {
          findings.set(fid, findingView(await this.findings.getScoped(actor, fid), today));
        } catch {
          // A prompting finding outside the user's units is shown by its number only.
        }
      }),
    );
    return findings;
  }
}
