import { Get, Query, Req, Res } from '@nestjs/common';
import type { HttpResponse } from '../../common/http/platform';
import { FINDING_READERS } from '../../common/access/reader-roles';
import { AllowRoles } from '../../common/access/roles.decorator';
import { addDays } from '../../common/time/business-date';
import { Clock } from '../../common/time/clock';
import { FindingCategory, HazardLevel } from '../../findings/finding.enums';
import { ReportsService } from '../../reports/reports.service';
import { formatWeek, isoWeekOf, parseWeek, thursdayOf } from '../../weekly-reports/rules/iso-week';
import { WeekQuery, WeekRangeQuery } from '../../weekly-reports/weekly-report.dto';
import { WeeklyReportsService } from '../../weekly-reports/weekly-reports.service';
import { sendPdf } from '../files';
import { FormState, formState, text, validForm } from '../forms';
import { renderPage, type WebRequest } from '../view';
import { WebPages } from '../web-pages.decorator';
import { RANGE_LABELS } from './weekly-form';
import type { FormBody } from './weekly-form';
import { CELL_HINT, CELL_LABEL, companyIdOf } from './weekly-home-card';
import { CELLS, WeeklyPageData } from './weekly-page-data';

type Matrix = Awaited<ReturnType<WeeklyReportsService['compliance']>>;
type Summary = Awaited<ReturnType<WeeklyReportsService['weekSummary']>>;

/** The compliance matrix (units × weeks) and one week's summary of a company, with its PDF. */
@WebPages('weekly-reports')
export class WeeklyMatrixPages {
  constructor(
    private readonly weekly: WeeklyReportsService,
    private readonly reports: ReportsService,
    private readonly data: WeeklyPageData,
    private readonly clock: Clock,
  ) {}

  @Get('compliance')
  @AllowRoles(...FINDING_READERS)
  async compliance(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Query() query: FormBody,
  ): Promise<void> {
    const actor = req.actor!;
    const today = this.clock.today();
    const [companies, obligations] = await Promise.all([
      this.data.companies(actor),
      this.weekly.listObligations(actor),
    ]);
    const values = {
      companyUnitId: text(query.companyUnitId) ?? String(companyIdOf(actor) ?? companies[0]?.id ?? ''),
      from: text(query.from) ?? formatWeek(isoWeekOf(addDays(today, -49))),
      to: text(query.to) ?? formatWeek(isoWeekOf(today)),
    };
    let state: FormState | undefined;
    let matrix: Matrix | null = null;
    try {
      matrix = await this.weekly.compliance(actor, await validForm(WeekRangeQuery, values, RANGE_LABELS));
    } catch (err) {
      state = formState(err, 'range', values, RANGE_LABELS);
      res.status(400);
    }
    renderPage(req, res, 'weekly/compliance', {
      title: '举一反三周报报送情况',
      formState: state,
      values,
      companies,
      companyName: companies.find((c) => String(c.id) === values.companyUnitId)?.name ?? '',
      matrix: matrix && withCounts(matrix),
      thisWeek: formatWeek(isoWeekOf(today)),
      weekOptions: this.data.weekOptions(obligations.items),
      cells: CELLS,
      cellLabel: CELL_LABEL,
      cellHint: CELL_HINT,
    });
  }

  @Get('summary')
  @AllowRoles(...FINDING_READERS)
  async summary(@Req() req: WebRequest, @Res() res: HttpResponse, @Query() query: FormBody): Promise<void> {
    const actor = req.actor!;
    const [companies, obligations] = await Promise.all([
      this.data.companies(actor),
      this.weekly.listObligations(actor),
    ]);
    const values = this.data.weekValues(actor, query, companies);
    let state: FormState | undefined;
    let summary: Summary | null = null;
    try {
      summary = await this.weekly.weekSummary(actor, await validForm(WeekQuery, values, RANGE_LABELS));
    } catch (err) {
      state = formState(err, 'week', values, RANGE_LABELS);
      res.status(400);
    }
    const week = parseWeek(values.week);
    renderPage(req, res, 'weekly/summary', {
      title: `举一反三周报汇总 ${values.week}`,
      formState: state,
      values,
      companies,
      companyName: companies.find((c) => String(c.id) === values.companyUnitId)?.name ?? '',
      summary,
      prevWeek: week ? formatWeek(isoWeekOf(addDays(thursdayOf(week), -7))) : null,
      nextWeek: week ? formatWeek(isoWeekOf(addDays(thursdayOf(week), 7))) : null,
      pdfUrl: `/weekly-reports/summary/pdf?companyUnitId=${encodeURIComponent(values.companyUnitId)}&week=${encodeURIComponent(values.week)}`,
      cellLabel: CELL_LABEL,
      weekOptions: this.data.weekOptions(obligations.items),
      levels: Object.values(HazardLevel),
      categories: Object.values(FindingCategory),
    });
  }

  @Get('summary/pdf')
  @AllowRoles(...FINDING_READERS)
  async summaryPdf(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Query() query: FormBody,
  ): Promise<void> {
    const actor = req.actor!;
    const q = await validForm(WeekQuery, this.data.weekValues(actor, query, []), RANGE_LABELS);
    sendPdf(res, await this.reports.weeklySummary(actor, q));
  }
}

/** The matrix with each row's and each week's count per cell. */
function withCounts(matrix: Matrix) {
  return {
    ...matrix,
    rows: matrix.rows.map((r) => ({
      ...r,
      counts: Object.fromEntries(CELLS.map((c) => [c, r.cells.filter((x) => x.status === c).length])),
    })),
    weekTotals: matrix.weeks.map((w, i) =>
      Object.fromEntries(CELLS.map((c) => [c, matrix.rows.filter((r) => r.cells[i].status === c).length])),
    ),
  };
}
