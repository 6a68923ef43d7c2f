import { Get, Query, Req, Res } from '@nestjs/common';
import type { HttpResponse } from '../../common/http/platform';
import { FINDING_READERS } from '../../common/access/reader-roles';
import { AllowRoles } from '../../common/access/roles.decorator';
import { renderChartSvg } from '../../dashboard/dashboard-charts';
import { DashboardQuery, type DashboardView } from '../../dashboard/dashboard.dto';
import { DashboardService } from '../../dashboard/dashboard.service';
import { UnitsService } from '../../org/units.service';
import { ReportsService } from '../../reports/reports.service';
import { sendPdf } from '../files';
import { formState, text, validForm, type FormState } from '../forms';
import { unitOptions } from '../lookups';
import { renderPage, type WebRequest } from '../view';
import { WebPages } from '../web-pages.decorator';

const LABELS: Record<string, string> = {
  period: '期间',
  at: '日期',
  from: '起始日期',
  to: '结束日期',
  unitId: '单位',
};
const PERIODS = [
  { value: 'month', label: '本月' },
  { value: 'quarter', label: '本季度' },
  { value: 'year', label: '本年' },
  { value: 'custom', label: '自定义' },
];

/** What the browser sent, as strings, blanks dropped. */
const readQuery = (query: Record<string, unknown>) => ({
  period: text(query.period),
  at: text(query.at),
  from: text(query.from),
  to: text(query.to),
  unitId: text(query.unitId),
});

/**
 * 驾驶舱: the dashboard's figures and charts (SVG rendered on the server, each bar a link to the list it counts) for
 * the chosen period and unit, and its printable overview PDF. Same service, roles and scope as the statistics API.
 */
@WebPages('dashboard')
export class DashboardPages {
  constructor(
    private readonly dashboard: DashboardService,
    private readonly units: UnitsService,
    private readonly reports: ReportsService,
  ) {}

  @Get()
  @AllowRoles(...FINDING_READERS)
  async page(@Req() req: WebRequest, @Res() res: HttpResponse, @Query() query: Record<string, unknown>) {
    const actor = req.actor!;
    const values = readQuery(query);
    let state: FormState | undefined;
    let view: DashboardView | null = null;
    try {
      view = await this.dashboard.view(actor, await validForm(DashboardQuery, values, LABELS));
    } catch (err) {
      state = formState(err, 'period', values, LABELS);
      res.status(state.status);
    }
    // The units to choose: the user's top units and the level below (二级单位 for the organisation-wide roles).
    const options = await unitOptions(this.units, actor);
    const top = Math.min(...options.map((u) => u.depth));
    renderPage(req, res, 'dashboard/index', {
      title: '驾驶舱',
      values: { ...values, period: values.period ?? 'month' },
      periods: PERIODS,
      units: options.filter((u) => u.depth <= top + 1).map((u) => ({ ...u, depth: u.depth - top })),
      view,
      charts: view?.charts.map((c) => ({ ...c, svg: renderChartSvg(c) })) ?? [],
      printQuery: new URLSearchParams(
        Object.entries(values).filter(([, v]) => v) as [string, string][],
      ).toString(),
      formState: state,
    });
  }

  @Get('print')
  @AllowRoles(...FINDING_READERS)
  async print(@Req() req: WebRequest, @Res() res: HttpResponse, @Query() query: Record<string, unknown>) {
    const q = await validForm(DashboardQuery, readQuery(query), LABELS);
    sendPdf(res, await this.reports.dashboardOverview(req.actor!, q));
  }
}
