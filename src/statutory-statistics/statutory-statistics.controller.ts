import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  Post,
  Put,
  Query,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { HttpResponse } from '../common/http/platform';
import type { Actor } from '../common/access/actor';
import { CurrentActor } from '../common/access/current-actor.decorator';
import { FINDING_READERS } from '../common/access/reader-roles';
import { Role } from '../common/access/roles';
import { AllowRoles } from '../common/access/roles.decorator';
import { contentDisposition } from '../common/http/content-disposition';
import {
  AdjustStatutoryReportDto,
  CheckStatutoryReportDto,
  ListStatutoryReportsQuery,
  LockStatutoryReportDto,
  NotFiledQuery,
  PrepareStatutoryReportDto,
  ReopenStatutoryReportDto,
  StatutoryAnalysisDto,
  StatutoryTableQuery,
} from './statutory-statistics.dto';
import { StatutoryExportService } from './statutory-export.service';
import { StatutoryReportsService } from './statutory-reports.service';

/**
 * 隐患排查治理统计报表 (安监总局令第16号): the live table, the prepare → check → lock workflow by the safety office,
 * locked versions, corrections, who has not filed, and the .xlsx (the PDF is under the same path, from reports/).
 */
@ApiTags('statistics 统计报表')
@Controller('statistics/statutory')
export class StatutoryStatisticsController {
  constructor(
    private readonly reports: StatutoryReportsService,
    private readonly exports: StatutoryExportService,
  ) {}

  @Get('table')
  @AllowRoles(...FINDING_READERS)
  @ApiOperation({
    summary:
      '统计表（实时） / The table of a company or 二级单位 for a quarter or year, computed now, with its cross-checks',
  })
  table(@CurrentActor() actor: Actor, @Query() q: StatutoryTableQuery) {
    return this.reports.liveTable(actor, q.unitId, q.period);
  }

  @Get('table/xlsx')
  @AllowRoles(...FINDING_READERS)
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({
    summary:
      '导出统计表 / The table as .xlsx: the filed version once locked (or `version`), else the live draft',
  })
  async xlsx(
    @CurrentActor() actor: Actor,
    @Query() q: StatutoryTableQuery,
    @Res({ passthrough: true }) res: HttpResponse,
  ) {
    const file = await this.exports.xlsx(actor, q);
    res.header('Content-Disposition', contentDisposition(file.fileName));
    return new StreamableFile(file.content, {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
  }

  @Get('not-filed')
  @AllowRoles(...FINDING_READERS)
  @ApiOperation({
    summary:
      '未报送单位 / Companies (or, with companyUnitId, a company’s 二级单位) without a locked report for the period',
  })
  notFiled(@CurrentActor() actor: Actor, @Query() q: NotFiledQuery) {
    return this.reports.notFiled(actor, q.period, q.companyUnitId);
  }

  @Get('reports')
  @AllowRoles(...FINDING_READERS)
  @ApiOperation({ summary: '报表列表 / Reports of the units you may see, optionally of one period' })
  list(@CurrentActor() actor: Actor, @Query() q: ListStatutoryReportsQuery) {
    return this.reports.list(actor, q.period);
  }

  @Post('reports')
  @AllowRoles(Role.SAFETY_OFFICE)
  @ApiOperation({
    summary:
      '编制报表 / Prepare the report of a unit and period: live figures and a generated analysis draft',
  })
  prepare(@CurrentActor() actor: Actor, @Body() dto: PrepareStatutoryReportDto) {
    return this.reports.prepare(actor, dto);
  }

  @Get('reports/:id')
  @AllowRoles(...FINDING_READERS)
  @ApiOperation({
    summary: '报表 / A report: status, figures (filed once locked), analysis, locked versions',
  })
  get(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return this.reports.get(actor, id);
  }

  @Get('reports/:id/versions/:no')
  @AllowRoles(...FINDING_READERS)
  @ApiOperation({
    summary: '报表版本 / A locked version as filed (frozen figures, analysis, change-log hash)',
  })
  version(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Param('no', ParseIntPipe) no: number,
  ) {
    return this.reports.version(actor, id, no);
  }

  @Put('reports/:id/adjustments')
  @AllowRoles(Role.SAFETY_OFFICE)
  @ApiOperation({
    summary:
      '调整数据 / Adjust prepared figures (with the reason); percentages recomputed; needs checking again',
  })
  adjust(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: AdjustStatutoryReportDto,
  ) {
    return this.reports.adjust(actor, id, dto);
  }

  @Put('reports/:id/analysis')
  @AllowRoles(Role.SAFETY_OFFICE)
  @ApiOperation({ summary: '修改分析 / Edit the written analysis before locking' })
  analysis(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: StatutoryAnalysisDto,
  ) {
    return this.reports.editAnalysis(actor, id, dto);
  }

  @Post('reports/:id/check')
  @AllowRoles(Role.SAFETY_OFFICE)
  @HttpCode(200)
  @ApiOperation({
    summary: '审核 / Check: refused (409 STATUTORY_CROSS_CHECK_FAILED) while a cross-check fails',
  })
  check(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: CheckStatutoryReportDto,
  ) {
    return this.reports.check(actor, id, dto.version);
  }

  @Post('reports/:id/lock')
  @AllowRoles(Role.SAFETY_OFFICE)
  @HttpCode(200)
  @ApiOperation({
    summary:
      '锁定报送 / Lock a checked report with the 主要负责人 and date: figures frozen as a version with the change-log hash',
  })
  lock(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: LockStatutoryReportDto,
  ) {
    return this.reports.lock(actor, id, dto);
  }

  @Post('reports/:id/reopen')
  @AllowRoles(Role.SAFETY_OFFICE)
  @HttpCode(200)
  @ApiOperation({
    summary:
      '更正 / Reopen a locked report with the reason; the next lock files a new version (history kept)',
  })
  reopen(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: ReopenStatutoryReportDto,
  ) {
    return this.reports.reopen(actor, id, dto);
  }
}
