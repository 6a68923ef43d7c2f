import { Body, Get, Param, ParseIntPipe, Post, Query, Req, Res } from '@nestjs/common';
import { redirect, type HttpResponse } from '../../common/http/platform';
import { FINDING_READERS } from '../../common/access/reader-roles';
import { Role } from '../../common/access/roles';
import { AllowRoles } from '../../common/access/roles.decorator';
import { Clock } from '../../common/time/clock';
import { UNIT_TIER } from '../../org/unit-kind';
import { UnitsService } from '../../org/units.service';
import { StatutoryTablePrintout } from '../../reports/printouts/statutory-table.printout';
import { lastDuePeriod } from '../../statutory-statistics/rules/period';
import {
  LockStatutoryReportDto,
  PrepareStatutoryReportDto,
  ReopenStatutoryReportDto,
  StatutoryAnalysisDto,
} from '../../statutory-statistics/statutory-statistics.dto';
import { StatutoryExportService } from '../../statutory-statistics/statutory-export.service';
import { StatutoryReportsService } from '../../statutory-statistics/statutory-reports.service';
import { sendDownload, sendPdf } from '../files';
import { formState, type FormState, int, text, validForm } from '../forms';
import { flash, renderPage, type WebRequest } from '../view';
import { WebPages } from '../web-pages.decorator';

const LABELS = {
  unitId: '填报单位',
  period: '报告期',
  principalName: '主要负责人',
  signedOn: '填报日期',
  preparerName: '填表人',
  phone: '联系电话',
  reason: '更正原因',
  analysis: '分析',
};
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * 隐患排查治理统计报表 page: choose a company or 二级单位 and a period; the table (filed once locked) with its
 * cross-checks, the workflow for the safety office (编制, 审核, 锁定 with the 主要负责人, 更正), the analysis, the
 * versions, the downloads and who has not filed.
 */
@WebPages('statistics/statutory')
export class StatutoryPages {
  constructor(
    private readonly reports: StatutoryReportsService,
    private readonly exports: StatutoryExportService,
    private readonly printout: StatutoryTablePrintout,
    private readonly units: UnitsService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @AllowRoles(...FINDING_READERS)
  async page(@Req() req: WebRequest, @Res() res: HttpResponse, @Query() raw: Record<string, unknown>) {
    await this.show(req, res, text(raw.unitId), text(raw.period));
  }

  @Get('xlsx')
  @AllowRoles(...FINDING_READERS)
  async xlsx(@Req() req: WebRequest, @Res() res: HttpResponse, @Query() raw: Record<string, unknown>) {
    const file = await this.exports.xlsx(req.actor!, this.query(raw));
    sendDownload(res, file.content, file.fileName, XLSX);
  }

  @Get('pdf')
  @AllowRoles(...FINDING_READERS)
  async pdf(@Req() req: WebRequest, @Res() res: HttpResponse, @Query() raw: Record<string, unknown>) {
    sendPdf(res, await this.printout.statutoryTable(req.actor!, this.query(raw)));
  }

  @Post('prepare')
  @AllowRoles(Role.SAFETY_OFFICE)
  async prepare(@Req() req: WebRequest, @Res() res: HttpResponse, @Body() body: Record<string, unknown>) {
    const values = { unitId: int(body.unitId), period: text(body.period) };
    await this.act(req, res, 'prepare', values, async () => {
      const dto = await validForm(PrepareStatutoryReportDto, values, LABELS);
      await this.reports.prepare(req.actor!, dto);
      return '报表已编制：数据为实时计算，分析为系统生成的初稿，请核对修改后审核。';
    });
  }

  @Post(':id/analysis')
  @AllowRoles(Role.SAFETY_OFFICE)
  async analysis(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: Record<string, unknown>,
  ) {
    const values = { version: int(body.version), analysis: text(body.analysis) };
    await this.act(req, res, 'analysis', { ...body }, async () => {
      const dto = await validForm(StatutoryAnalysisDto, values, LABELS);
      await this.reports.editAnalysis(req.actor!, id, dto);
      return '分析已保存。';
    });
  }

  @Post(':id/check')
  @AllowRoles(Role.SAFETY_OFFICE)
  async check(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: Record<string, unknown>,
  ) {
    await this.act(req, res, 'check', { ...body }, async () => {
      await this.reports.check(req.actor!, id, Number(body.version));
      return '审核通过：勾稽关系全部成立，可以锁定报送。';
    });
  }

  @Post(':id/lock')
  @AllowRoles(Role.SAFETY_OFFICE)
  async lock(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: Record<string, unknown>,
  ) {
    const values = {
      version: int(body.version),
      principalName: text(body.principalName),
      signedOn: text(body.signedOn),
      preparerName: text(body.preparerName),
      phone: text(body.phone),
    };
    await this.act(req, res, 'lock', { ...body }, async () => {
      const dto = await validForm(LockStatutoryReportDto, values, LABELS);
      await this.reports.lock(req.actor!, id, dto);
      return '报表已锁定报送：数据已冻结。';
    });
  }

  @Post(':id/reopen')
  @AllowRoles(Role.SAFETY_OFFICE)
  async reopen(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: Record<string, unknown>,
  ) {
    const values = { version: int(body.version), reason: text(body.reason) };
    await this.act(req, res, 'reopen', { ...body }, async () => {
      const dto = await validForm(ReopenStatutoryReportDto, values, LABELS);
      await this.reports.reopen(req.actor!, id, dto);
      return '已退回更正：审核并再次锁定后生成新版本，原版本保留。';
    });
  }

  // ---------- helpers ----------

  private query(raw: Record<string, unknown>) {
    return {
      unitId: Number(raw.unitId),
      period: text(raw.period) ?? '',
      version: raw.version ? Number(raw.version) : undefined,
    };
  }

  /** Runs a form's action; success goes back to the page with a message, a refusal shows the page with it. */
  private async act(
    req: WebRequest,
    res: HttpResponse,
    form: string,
    values: Record<string, unknown>,
    action: () => Promise<string>,
  ) {
    try {
      flash(res, await action());
      redirect(
        res,
        `/statistics/statutory?${new URLSearchParams({ unitId: String(values.unitId ?? ''), period: String(values.period ?? '') })}`,
      );
    } catch (err) {
      const state = formState(err, form, values, LABELS);
      res.status(state.status);
      await this.show(req, res, text(values.unitId), text(values.period), state);
    }
  }

  private async show(
    req: WebRequest,
    res: HttpResponse,
    unitId?: string,
    periodKey?: string,
    state?: FormState,
  ) {
    const actor = req.actor!;
    const tree = await this.units.tree(actor);
    const choices = flatten(tree).filter((u) => UNIT_TIER[u.kind as keyof typeof UNIT_TIER] <= 2);
    const unit = choices.find((u) => String(u.id) === unitId) ?? choices[0];
    const period = periodKey || lastDuePeriod(this.clock.today()).key;
    const [table, list, notFiled] = unit
      ? await Promise.all([
          this.reports.liveTable(actor, unit.id, period),
          this.reports.list(actor, period),
          this.reports.notFiled(actor, period),
        ])
      : [null, { items: [] }, null];
    const listed = list.items.find((r) => r.unitId === unit?.id);
    const report = listed ? await this.reports.get(actor, listed.id) : null;
    const company = unit && UNIT_TIER[unit.kind as keyof typeof UNIT_TIER] === 1 ? unit : null;
    const internal = company ? await this.reports.notFiled(actor, period, company.id) : null;
    renderPage(req, res, 'statutory/table', {
      title: '隐患排查治理统计报表',
      formState: state,
      choices,
      unit,
      period,
      periods: periodOptions(this.clock.today()),
      table: report ? report.table : table,
      report,
      notFiled,
      internal,
      today: this.clock.today(),
      query: unit ? new URLSearchParams({ unitId: String(unit.id), period }).toString() : '',
    });
  }
}

interface TreeUnit {
  id: number;
  name: string;
  kind: string;
  children?: TreeUnit[];
}
/** Companies and their 二级单位 in tree order (the 二级单位 indented in the select). */
function flatten(nodes: unknown[], depth = 0): (TreeUnit & { depth: number })[] {
  return (nodes as TreeUnit[]).flatMap((n) => [{ ...n, depth }, ...flatten(n.children ?? [], depth + 1)]);
}

/** The quarters and years of this and the two previous years, newest first. */
function periodOptions(today: string): { key: string; label: string }[] {
  const year = Number(today.slice(0, 4));
  const out: { key: string; label: string }[] = [];
  const names = ['第一季度', '第二季度', '第三季度', '第四季度'];
  for (let y = year; y >= year - 3; y--) {
    out.push({ key: String(y), label: `${y}年度` });
    for (let q = 4; q >= 1; q--) out.push({ key: `${y}-Q${q}`, label: `${y}年${names[q - 1]}` });
  }
  return out;
}
