import { Controller, Get, Param, ParseIntPipe, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { HttpResponse } from '../common/http/platform';
import type { Actor } from '../common/access/actor';
import { CurrentActor } from '../common/access/current-actor.decorator';
import { AllowRoles } from '../common/access/roles.decorator';
import { contentDisposition } from '../common/http/content-disposition';
import { DashboardQuery } from '../dashboard/dashboard.dto';
import { ListFindingsQuery } from '../findings/finding.dto';
import { LedgerQuery } from '../hazard-reports/hazard-report.dto';
import { FINDING_READERS } from '../common/access/reader-roles';
import { WeekQuery } from '../weekly-reports/weekly-report.dto';
import { RenderedPdf, ReportsService } from './reports.service';

/** Every printout follows the same access rules as the data it prints: unit roles get their subtree only. */
@ApiTags('reports 打印报表')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  private send(res: HttpResponse, pdf: RenderedPdf): StreamableFile {
    res.header('Content-Disposition', contentDisposition(pdf.fileName, 'inline', pdf.asciiName));
    res.header('Cache-Control', 'no-store');
    return new StreamableFile(pdf.stream, { type: 'application/pdf' });
  }

  @Get('rounds/:id/ledger')
  @AllowRoles(...FINDING_READERS)
  @ApiProduces('application/pdf')
  @ApiOperation({
    summary:
      '整改台账 / A round’s rectification ledger (A4 landscape): header, statistics, one row per finding',
  })
  async roundLedger(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Res({ passthrough: true }) res: HttpResponse,
  ) {
    return this.send(res, await this.reports.roundLedger(actor, id));
  }

  @Get('findings/ledger')
  @AllowRoles(...FINDING_READERS)
  @ApiProduces('application/pdf')
  @ApiOperation({
    summary: '整改台账（筛选） / The ledger of any filtered finding list (same filters as GET /findings)',
  })
  async filteredLedger(
    @CurrentActor() actor: Actor,
    @Query() q: ListFindingsQuery,
    @Res({ passthrough: true }) res: HttpResponse,
  ) {
    return this.send(res, await this.reports.filteredLedger(actor, q));
  }

  @Get('dashboard')
  @AllowRoles(...FINDING_READERS)
  @ApiProduces('application/pdf')
  @ApiOperation({
    summary:
      '隐患排查治理概览 / The dashboard printed (A4): key figures and charts of a month, quarter, year or custom period',
  })
  async dashboard(
    @CurrentActor() actor: Actor,
    @Query() q: DashboardQuery,
    @Res({ passthrough: true }) res: HttpResponse,
  ) {
    return this.send(res, await this.reports.dashboardOverview(actor, q));
  }

  @Get('findings/:id/closeout-sheet')
  @AllowRoles(...FINDING_READERS)
  @ApiProduces('application/pdf')
  @ApiOperation({
    summary: '整改销号单 / One finding’s close-out sheet with the 五个不放过 checklist and signature blocks',
  })
  async closeoutSheet(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Res({ passthrough: true }) res: HttpResponse,
  ) {
    return this.send(res, await this.reports.closeoutSheet(actor, id));
  }

  @Get('weekly-summary')
  @AllowRoles(...FINDING_READERS)
  @ApiProduces('application/pdf')
  @ApiOperation({
    summary:
      '举一反三周报汇总 / A company’s week: who reported on time, late or not at all; the items by unit',
  })
  async weeklySummary(
    @CurrentActor() actor: Actor,
    @Query() q: WeekQuery,
    @Res({ passthrough: true }) res: HttpResponse,
  ) {
    return this.send(res, await this.reports.weeklySummary(actor, q));
  }

  @Get('bounties')
  @AllowRoles(...FINDING_READERS)
  @ApiProduces('application/pdf')
  @ApiOperation({
    summary: '隐患举报奖励发放表 / The bounties of a period with totals; reporters masked where hidden',
  })
  async bounties(
    @CurrentActor() actor: Actor,
    @Query() q: LedgerQuery,
    @Res({ passthrough: true }) res: HttpResponse,
  ) {
    return this.send(res, await this.reports.bountyList(actor, q));
  }

  @Get('notices/:id')
  @AllowRoles(...FINDING_READERS)
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: '通报 / A notice with the units and their assessments' })
  async notice(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Res({ passthrough: true }) res: HttpResponse,
  ) {
    return this.send(res, await this.reports.notice(actor, id));
  }
}
