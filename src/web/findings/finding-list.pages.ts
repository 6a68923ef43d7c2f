import { MajorHazardCriteriaRepository } from '../../findings/major-hazard-criteria.repository';
import { criterionField } from './criterion-field';
import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import { redirect, type HttpResponse } from '../../common/http/platform';
import type { Actor } from '../../common/access/actor';
import { AllowRoles } from '../../common/access/roles.decorator';
import { Role } from '../../common/access/roles';
import { Clock } from '../../common/time/clock';
import { buildImportTemplate } from '../../findings/excel/finding-sheet';
import { CreateFindingDto, ListFindingsQuery } from '../../findings/finding.dto';
import { FINDING_STATUS_LABEL, FindingStatus } from '../../findings/finding.enums';
import { OPEN_STATUSES, UNIT_OWES_STATUSES } from '../../findings/rules/open-and-overdue';
import { FindingExcelService } from '../../findings/finding-excel.service';
import { FindingsService } from '../../findings/findings.service';
import { UnitsService } from '../../org/units.service';
import { ReportsService } from '../../reports/reports.service';
import { RoundStatus } from '../../rounds/round.enums';
import { FINDING_READERS } from '../../common/access/reader-roles';
import { RoundsService } from '../../rounds/rounds.service';
import { sendDownload, sendPdf } from '../files';
import { DomainError } from '../../common/errors/domain-error';
import { allProblems } from '../../common/errors/field-problems';
import { draftProblems } from '../../findings/finding-input-checks';
import { checkForm, FORM_REFUSED, formState, int, list, text, validForm, type FormState } from '../forms';
import { personOptions } from '../lookups';
import { flash, renderPage, type WebRequest } from '../view';
import { UsersService } from '../../users/users.service';
import { WebPages } from '../web-pages.decorator';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PAGE_SIZE = 50;

/** The Chinese names of the list's filters (ListFindingsQuery). */
const FILTER_LABELS: Record<string, string> = {
  roundId: '督察轮次',
  unitId: '责任单位',
  status: '状态',
  level: '隐患等级',
  domain: '专业',
  source: '来源',
  category: '问题类别',
  overdue: '超期',
  planAwaitingConfirmation: '整改方案确认',
  foundFrom: '发现日期起',
  foundTo: '发现日期止',
  closedFrom: '销号日期起',
  closedTo: '销号日期止',
  similarGroup: '同类问题组',
  refusedRule: '销号被拒的条目',
  refusedFrom: '被拒日期起',
  refusedTo: '被拒日期止',
  q: '关键词',
  sort: '排序',
  order: '顺序',
  limit: '每页条数',
  offset: '起始位置',
};

/** The Chinese names of the fields of 登记问题 (CreateFindingDto). */
export const FINDING_FIELD_LABELS: Record<string, string> = {
  majorCriterionId: '判定依据',
  majorCriterionCode: '判定依据',
  roundId: '督察轮次',
  unitId: '责任单位',
  description: '问题描述',
  location: '地点/部位',
  level: '隐患等级',
  category: '问题类别',
  tags: '标签',
  source: '来源',
  foundDate: '发现日期',
  foundBy: '发现人',
  deadline: '整改时限',
  responsiblePerson: '责任人',
  responsibleLeader: '责任领导',
};

/** Status choices of the filter: each status, plus the two groups people ask for most. */
const STATUS_GROUPS: { value: string; label: string }[] = [
  { value: UNIT_OWES_STATUSES.join(','), label: '待整改（已交办、整改中）' },
  { value: OPEN_STATUSES.join(','), label: '未销号（全部未完成）' },
];

const SORTS: { value: string; label: string }[] = [
  { value: 'code', label: '编号' },
  { value: 'deadline', label: '整改时限' },
  { value: 'foundDate', label: '发现日期' },
  { value: 'level', label: '隐患等级' },
  { value: 'status', label: '状态' },
  { value: 'unit', label: '责任单位' },
];

type Filters = Record<(typeof FILTER_KEYS)[number], string | undefined>;
const FILTER_KEYS = [
  'roundId',
  'unitId',
  'unitOnly',
  'status',
  'level',
  'domain',
  'source',
  'category',
  'overdue',
  'planAwaitingConfirmation',
  'foundFrom',
  'foundTo',
  'closedFrom',
  'closedTo',
  'similarGroup',
  'refusedRule',
  'refusedFrom',
  'refusedTo',
  'q',
  'sort',
  'order',
  'limit',
  'offset',
] as const;

/** What the browser sent as the list's query, as strings (repeated statuses joined), blanks dropped. */
function readFilters(query: Record<string, unknown>): Filters {
  const out = {} as Filters;
  for (const k of FILTER_KEYS) {
    const raw = query[k];
    out[k] = text(Array.isArray(raw) ? raw.filter((x) => typeof x === 'string').join(',') : raw);
  }
  return out;
}

/**
 * 问题清单: the findings list with its filters, paging and sorting, its Excel export and printed ledger (same filters,
 * same unit scope as the API), the import template, and 登记问题 (logging a finding by hand, safety office).
 */
@WebPages('findings')
export class FindingListPages {
  constructor(
    private readonly findings: FindingsService,
    private readonly excel: FindingExcelService,
    private readonly rounds: RoundsService,
    private readonly units: UnitsService,
    private readonly reports: ReportsService,
    private readonly clock: Clock,
    private readonly users: UsersService,
    private readonly criteria: MajorHazardCriteriaRepository,
  ) {}

  @Get()
  @AllowRoles(...FINDING_READERS)
  async list(@Req() req: WebRequest, @Res() res: HttpResponse, @Query() query: Record<string, unknown>) {
    const actor = req.actor!;
    const filters = readFilters(query);
    let state: FormState | undefined;
    let q: ListFindingsQuery = {};
    try {
      q = await validForm(ListFindingsQuery, filters, FILTER_LABELS);
    } catch (err) {
      state = formState(err, 'filters', filters, FILTER_LABELS);
      res.status(400);
    }
    const limit = q.limit ?? PAGE_SIZE;
    const offset = q.offset ?? 0;
    const [page, rounds, units] = await Promise.all([
      state ? { items: [], total: 0 } : this.findings.list(actor, { ...q, limit, offset }),
      this.rounds.list(actor, { limit: 500 }),
      this.unitChoices(actor),
    ]);
    const statusChoices = [
      ...Object.values(FindingStatus).map((s) => ({ value: s as string, label: FINDING_STATUS_LABEL[s] })),
      ...STATUS_GROUPS,
    ];
    if (filters.status && !statusChoices.some((s) => s.value === filters.status))
      statusChoices.push({
        value: filters.status,
        label: filters.status
          .split(',')
          .map((s) => FINDING_STATUS_LABEL[s as FindingStatus] ?? s)
          .join('、'),
      });
    const { limit: _l, offset: _o, ...kept } = filters;
    // The filters that narrow the list (the order does not): the phone's filter button counts them.
    const filterCount = Object.entries(kept).filter(
      ([k, v]) => v !== undefined && k !== 'sort' && k !== 'order',
    ).length;
    renderPage(req, res, 'findings/list', {
      title: '问题清单',
      page,
      limit,
      offset,
      filters,
      /** The filters without paging: for export, print, and the pager's links. */
      kept,
      rounds: rounds.items,
      units,
      statusChoices,
      sorts: SORTS,
      formState: state,
      filterCount,
    });
  }

  @Get('export')
  @AllowRoles(...FINDING_READERS)
  async export(@Req() req: WebRequest, @Res() res: HttpResponse, @Query() query: Record<string, unknown>) {
    const q = await validForm(ListFindingsQuery, readFilters(query), FILTER_LABELS);
    const file = await this.excel.exportList(req.actor!, { ...q, limit: undefined, offset: undefined });
    sendDownload(res, file, `问题整改台账-${this.clock.today()}.xlsx`, XLSX);
  }

  @Get('print')
  @AllowRoles(...FINDING_READERS)
  async print(@Req() req: WebRequest, @Res() res: HttpResponse, @Query() query: Record<string, unknown>) {
    const q = await validForm(ListFindingsQuery, readFilters(query), FILTER_LABELS);
    sendPdf(
      res,
      await this.reports.filteredLedger(req.actor!, { ...q, limit: undefined, offset: undefined }),
    );
  }

  @Get('import-template')
  @AllowRoles(...FINDING_READERS)
  async importTemplate(@Res() res: HttpResponse) {
    sendDownload(res, await buildImportTemplate(), '问题清单导入模板.xlsx', XLSX);
  }

  @Get('new')
  @AllowRoles(Role.SAFETY_OFFICE)
  async newForm(@Req() req: WebRequest, @Res() res: HttpResponse, @Query('roundId') roundId?: string) {
    await this.showNewForm(req, res, undefined, { roundId: text(roundId) });
  }

  @Post()
  @AllowRoles(Role.SAFETY_OFFICE)
  async create(@Req() req: WebRequest, @Res() res: HttpResponse, @Body() body: Record<string, unknown>) {
    const values = {
      roundId: int(body.roundId),
      unitId: int(body.unitId),
      description: text(body.description),
      location: text(body.location),
      level: text(body.level),
      category: text(body.category),
      tags: list(body.tags),
      source: text(body.source),
      foundDate: text(body.foundDate),
      foundBy: text(body.foundBy),
      deadline: text(body.deadline),
      responsiblePerson: text(body.responsiblePerson),
      responsibleLeader: text(body.responsibleLeader),
      ...(await criterionField(this.criteria, body.majorCriterionCode)),
    };
    try {
      const { dto, problems } = await checkForm(CreateFindingDto, values, FINDING_FIELD_LABELS);
      // Refused: with the checks of dates and leader on what was well-formed, every fault in one answer.
      if (problems.length)
        throw new DomainError(
          'BAD_REQUEST',
          'VALIDATION_FAILED',
          FORM_REFUSED,
          allProblems(Object.keys(FINDING_FIELD_LABELS), problems, draftProblems(dto, this.clock.today())),
        );
      const finding = await this.findings.create(req.actor!, dto);
      flash(res, `已登记问题 ${finding.code}，已交办给责任单位。`);
      redirect(res, `/findings/${finding.id}`);
    } catch (err) {
      const state = formState(err, 'finding', body, FINDING_FIELD_LABELS);
      res.status(state.status);
      await this.showNewForm(req, res, state);
    }
  }

  private async showNewForm(
    req: WebRequest,
    res: HttpResponse,
    state?: FormState,
    defaults: Record<string, unknown> = {},
  ) {
    const actor = req.actor!;
    const [rounds, units, persons, criteria] = await Promise.all([
      this.rounds.list(actor, { limit: 500 }),
      this.unitChoices(actor),
      personOptions(this.users, this.units, actor),
      this.criteria.search(undefined, false, 500),
    ]);
    renderPage(req, res, 'findings/new', {
      title: '登记问题',
      rounds: rounds.items
        .filter((r) => r.status !== RoundStatus.CLOSED)
        .map((r) => ({ id: r.id, name: r.name, companyUnitId: r.companyUnitId })),
      units,
      persons,
      criteria,
      defaults: { foundDate: this.clock.today(), ...defaults },
      formState: state,
    });
  }

  /** The unit directory the actor may see, in tree order, with the depth for indenting. */
  private async unitChoices(actor: Actor) {
    const { items } = await this.units.list(actor, { limit: 1000 });
    const depth = (path: string) => path.split('/').filter(Boolean).length;
    const top = items.length ? Math.min(...items.map((u) => depth(u.path))) : 1;
    return items.map((u) => ({
      id: u.id,
      name: u.name,
      code: u.code,
      path: u.path,
      depth: depth(u.path) - top,
    }));
  }
}
