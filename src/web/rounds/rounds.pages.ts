import {
  Body,
  Get,
  Param,
  ParseIntPipe,
  Post,
  Query,
  Req,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { redirect, type HttpResponse } from '../../common/http/platform';
import { AllowRoles } from '../../common/access/roles.decorator';
import { Role } from '../../common/access/roles';
import { DomainError } from '../../common/errors/domain-error';
import { FindingExcelService } from '../../findings/finding-excel.service';
import { FindingsService } from '../../findings/findings.service';
import { RoundOverviewService } from '../../findings/round-overview.service';
import { UnitKind } from '../../org/unit-kind';
import { UnitsService } from '../../org/units.service';
import { ReportsService } from '../../reports/reports.service';
import { CreateRoundDto, ListRoundsQuery } from '../../rounds/round.dto';
import { ROUND_KIND_LABEL, ROUND_STATUS_LABEL } from '../../rounds/round.enums';
import { FINDING_READERS } from '../../common/access/reader-roles';
import { RoundsService } from '../../rounds/rounds.service';
import { SupervisionGroupsService } from '../../supervision-groups/supervision-groups.service';
import { sendPdf } from '../files';
import { chinesePart, formState, int, text, validForm, type FormState } from '../forms';
import { flash, renderPage, type WebRequest } from '../view';
import { WebPages } from '../web-pages.decorator';
import {
  formatBytes,
  refuseOversizeUpload,
  UploadInterceptor,
} from '../../common/files/upload-limit.interceptor';
import { AppConfig } from '../../config/app-config';
import { COUNTED_STATUSES } from '../../dashboard/rules/list-links';

/** The Chinese names of the round form's fields (CreateRoundDto), used in every message about them. */
export const ROUND_FIELD_LABELS: Record<string, string> = {
  name: '轮次名称',
  kind: '轮次类型',
  domain: '专业',
  companyUnitId: '被督察单位',
  auditTeam: '督察组',
  startDate: '开始日期',
  endDate: '结束日期',
  reportRef: '督察报告文号',
  originalRoundId: '原督察轮次',
  planMeetingDate: '整改方案会议日期',
  supervisionGroupId: '督导组',
};

const LIST_FILTER_LABELS: Record<string, string> = { kind: '类型', domain: '专业', status: '状态' };

/** Labels of round enums the round pages show (the shared `it.labels` has the finding enums only). */
const ROUND_LABELS = { kind: ROUND_KIND_LABEL, status: ROUND_STATUS_LABEL };

/** The look-back outcome of an original finding, in words. */
const OUTCOME_LABEL: Record<string, string> = {
  RECURRED: '复发',
  CLOSED_AND_HELD: '已销号，未复发',
  STILL_OPEN: '仍未销号',
};

/** One problem of a refused import file: the row, the column, and what is wrong, in Chinese. */
export interface ImportRowError {
  row: number | null;
  column: string;
  message: string;
}

/**
 * 督察轮次 pages: the list, a new round (safety office), one round with its statistics, findings, print and export,
 * the “回头看” comparison, and importing an audit report's problem list from Excel.
 */
@WebPages('rounds')
export class RoundsPages {
  constructor(
    private readonly rounds: RoundsService,
    private readonly overview: RoundOverviewService,
    private readonly findings: FindingsService,
    private readonly excel: FindingExcelService,
    private readonly units: UnitsService,
    private readonly groups: SupervisionGroupsService,
    private readonly reports: ReportsService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @AllowRoles(...FINDING_READERS)
  async list(@Req() req: WebRequest, @Res() res: HttpResponse, @Query() query: Record<string, unknown>) {
    const actor = req.actor!;
    const filters = {
      kind: text(query.kind),
      domain: text(query.domain),
      status: text(query.status),
      offset: int(query.offset),
    };
    let state: FormState | undefined;
    let q: ListRoundsQuery = { limit: 50 };
    try {
      q = await validForm(ListRoundsQuery, { ...filters, limit: 50 }, LIST_FILTER_LABELS);
    } catch (err) {
      state = formState(err, 'filters', filters, LIST_FILTER_LABELS);
      res.status(400);
    }
    const page = state ? { items: [], total: 0 } : await this.rounds.list(actor, q);
    const summaries = await this.overview.summaries(actor, page.items);
    renderPage(req, res, 'rounds/list', {
      title: '督察轮次',
      rounds: page.items.map((r) => {
        const { companyName, originalName, ...stats } = summaries.get(r.id)!;
        return { ...r, companyName, originalName, stats };
      }),
      total: page.total,
      offset: q.offset ?? 0,
      limit: q.limit ?? 50,
      filters,
      roundLabels: ROUND_LABELS,
      formState: state,
    });
  }

  @Get('new')
  @AllowRoles(Role.SAFETY_OFFICE)
  async newForm(@Req() req: WebRequest, @Res() res: HttpResponse) {
    await this.showNewForm(req, res);
  }

  @Post()
  @AllowRoles(Role.SAFETY_OFFICE)
  async create(@Req() req: WebRequest, @Res() res: HttpResponse, @Body() body: Record<string, unknown>) {
    const values = {
      name: text(body.name),
      kind: text(body.kind),
      domain: text(body.domain),
      companyUnitId: int(body.companyUnitId),
      auditTeam: text(body.auditTeam),
      startDate: text(body.startDate),
      endDate: text(body.endDate),
      reportRef: text(body.reportRef),
      originalRoundId: int(body.originalRoundId),
      planMeetingDate: text(body.planMeetingDate),
      supervisionGroupId: int(body.supervisionGroupId),
    };
    try {
      const dto = await validForm(CreateRoundDto, values, ROUND_FIELD_LABELS);
      const round = await this.rounds.create(req.actor!, dto);
      flash(res, `已新建督察轮次「${round.name}」，状态为“计划”。可导入或登记问题，然后开始整改。`);
      redirect(res, `/rounds/${round.id}`);
    } catch (err) {
      const state = formState(err, 'round', body, ROUND_FIELD_LABELS);
      res.status(state.status);
      await this.showNewForm(req, res, state);
    }
  }

  @Get(':id')
  @AllowRoles(...FINDING_READERS)
  async detail(@Req() req: WebRequest, @Res() res: HttpResponse, @Param('id', ParseIntPipe) id: number) {
    await this.showDetail(req, res, id);
  }

  @Post(':id/start')
  @AllowRoles(Role.SAFETY_OFFICE)
  async start(@Req() req: WebRequest, @Res() res: HttpResponse, @Param('id', ParseIntPipe) id: number) {
    try {
      await this.rounds.start(req.actor!, id);
      flash(res, '已发布整改方案，本轮进入“整改中”。');
      redirect(res, `/rounds/${id}`);
    } catch (err) {
      const state = formState(err, 'status', {});
      res.status(409);
      await this.showDetail(req, res, id, state);
    }
  }

  @Post(':id/close')
  @AllowRoles(Role.SAFETY_OFFICE, Role.SUPERVISION_LEADER)
  async close(@Req() req: WebRequest, @Res() res: HttpResponse, @Param('id', ParseIntPipe) id: number) {
    try {
      await this.rounds.close(req.actor!, id);
      flash(res, '本轮所有问题均已销号或作废，轮次已关闭。');
      redirect(res, `/rounds/${id}`);
    } catch (err) {
      const state = formState(err, 'status', {});
      res.status(409);
      await this.showDetail(req, res, id, state);
    }
  }

  @Get(':id/look-back')
  @AllowRoles(...FINDING_READERS)
  async lookBack(@Req() req: WebRequest, @Res() res: HttpResponse, @Param('id', ParseIntPipe) id: number) {
    const lb = await this.overview.lookBack(req.actor!, id);
    renderPage(req, res, 'rounds/look-back', {
      title: `“回头看”对照：${lb.round.name}`,
      lb,
      outcomeLabel: OUTCOME_LABEL,
    });
  }

  @Get(':id/print')
  @AllowRoles(...FINDING_READERS)
  async print(@Req() req: WebRequest, @Res() res: HttpResponse, @Param('id', ParseIntPipe) id: number) {
    sendPdf(res, await this.reports.roundLedger(req.actor!, id));
  }

  @Get(':id/import')
  @AllowRoles(Role.SAFETY_OFFICE)
  async importForm(@Req() req: WebRequest, @Res() res: HttpResponse, @Param('id', ParseIntPipe) id: number) {
    await this.showImport(req, res, id);
  }

  @Post(':id/import')
  @AllowRoles(Role.SAFETY_OFFICE)
  @UseInterceptors(UploadInterceptor('IMPORT_MAX_BYTES', { for: 'page' }))
  async import(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Param('id', ParseIntPipe) id: number,
    @UploadedFile() file: { originalname: string; buffer: Buffer; size: number } | undefined,
  ) {
    const upload = file && file.size > 0 ? file : undefined;
    try {
      refuseOversizeUpload(req);
      const result = await this.excel.importIntoRound(req.actor!, id, upload);
      const codes = result.codes;
      const range = codes.length > 1 ? `${codes[0]} 至 ${codes[codes.length - 1]}` : codes[0];
      flash(res, `已从 Excel 导入 ${result.imported} 个问题（编号 ${range}），均已交办给责任单位。`);
      redirect(res, `/rounds/${id}`);
    } catch (err) {
      const fileName = upload?.originalname ?? '';
      const rows = importRowErrors(err);
      const state = formState(err, 'import', { fileName });
      if (!upload && state.status !== 413) state.fields = { file: ['请选择要导入的 .xlsx 文件'] };
      else if (rows.length) state.fields = {};
      res.status(state.status);
      await this.showImport(req, res, id, state, rows, fileName, importErrorTotal(err));
    }
  }

  private async showNewForm(req: WebRequest, res: HttpResponse, state?: FormState) {
    const actor = req.actor!;
    const [companies, rounds, groups] = await Promise.all([
      this.units.list(actor, { kind: UnitKind.COMPANY, limit: 1000 }),
      this.rounds.list(actor, { limit: 500 }),
      this.groups.list(),
    ]);
    renderPage(req, res, 'rounds/new', {
      title: '新建督察轮次',
      companies: companies.items,
      rounds: rounds.items,
      groups: groups.items,
      roundLabels: ROUND_LABELS,
      formState: state,
    });
  }

  private async showDetail(req: WebRequest, res: HttpResponse, id: number, state?: FormState) {
    const actor = req.actor!;
    const round = await this.overview.detail(actor, id);
    const [findings, all] = await Promise.all([
      this.findings.list(actor, { roundId: id, sort: 'deadline', order: 'asc', limit: 20 }),
      this.rounds.list(actor, { limit: 500 }),
    ]);
    renderPage(req, res, 'rounds/detail', {
      title: round.name,
      round,
      stats: round.statistics,
      byCategory: round.statistics.byCategory,
      countedStatuses: COUNTED_STATUSES,
      findings,
      lookBacks: all.items.filter((r) => r.originalRoundId === id),
      roundLabels: ROUND_LABELS,
      formState: state,
    });
  }

  private async showImport(
    req: WebRequest,
    res: HttpResponse,
    id: number,
    state?: FormState,
    rowErrors: ImportRowError[] = [],
    fileName = '',
    errorTotal?: number,
  ) {
    const round = await this.rounds.get(req.actor!, id);
    renderPage(req, res, 'rounds/import', {
      title: `导入问题清单：${round.name}`,
      round,
      roundLabels: ROUND_LABELS,
      rowErrors,
      errorTotal,
      fileName,
      maxFileSize: formatBytes(this.config.IMPORT_MAX_BYTES),
      maxRows: this.config.IMPORT_MAX_ROWS,
      formState: state,
    });
  }
}

/** How many problems a refused import had in all (its list holds the first ones and a last entry with the total). */
function importErrorTotal(err: unknown): number | undefined {
  if (!(err instanceof DomainError) || !Array.isArray(err.details)) return undefined;
  const last = err.details[err.details.length - 1] as { truncated?: boolean; total?: number } | undefined;
  return last?.truncated ? last.total : undefined;
}

/** The row-by-row problems of a refused import (IMPORT_INVALID), ready for a table. */
export function importRowErrors(err: unknown): ImportRowError[] {
  if (!(err instanceof DomainError) || !Array.isArray(err.details)) return [];
  if (err.code !== 'IMPORT_INVALID') return [];
  return (
    err.details as {
      field: string;
      row?: number;
      column?: string;
      messages?: string[];
      truncated?: boolean;
    }[]
  ).map((p) => ({
    row: typeof p.row === 'number' ? p.row : null,
    column: p.truncated ? '…' : (p.column ?? p.field),
    message: (p.messages ?? []).map(chinesePart).join('；'),
  }));
}
