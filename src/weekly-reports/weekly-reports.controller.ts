import { Body, Controller, Get, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/access/actor';
import { CurrentActor } from '../common/access/current-actor.decorator';
import { AllowRoles } from '../common/access/roles.decorator';
import { Role } from '../common/access/roles';
import { FINDING_READERS } from '../common/access/reader-roles';
import {
  CreateObligationDto,
  HistoryQuery,
  SubmitWeeklyReportDto,
  WeekQuery,
  WeekRangeQuery,
} from './weekly-report.dto';
import { WeeklyReportsService } from './weekly-reports.service';

@ApiTags('weekly-reports 举一反三周报')
@Controller('weekly-reports')
export class WeeklyReportsController {
  constructor(private readonly reports: WeeklyReportsService) {}

  @Get('obligations')
  @AllowRoles(...FINDING_READERS)
  @ApiOperation({ summary: '周报要求 / Reporting obligations (unit roles: those naming their units)' })
  obligations(@CurrentActor() actor: Actor) {
    return this.reports.listObligations(actor);
  }

  @Post('obligations')
  @AllowRoles(Role.SAFETY_OFFICE)
  @ApiOperation({
    summary: '设定周报要求 / Who must report for a campaign, from when, and the Thursday deadline time',
    description:
      'Counts from the first week whose deadline is still ahead: earlier weeks (a start date in the past) are for the ' +
      'record only, never missing nor assessed; the answer gives `uncountedPastWeeks` and `firstCountedWeek`. ' +
      '409 OBLIGATION_OVERLAPS when the round already obliges one of the units for an overlapping period.',
  })
  createObligation(@CurrentActor() actor: Actor, @Body() dto: CreateObligationDto) {
    return this.reports.createObligation(actor, dto);
  }

  @Get('compliance')
  @AllowRoles(...FINDING_READERS)
  @ApiOperation({
    summary: '报送情况矩阵 / Units × weeks: ON_TIME, NONE_FOUND, LATE, MISSING, PENDING, NOT_REQUIRED',
  })
  compliance(@CurrentActor() actor: Actor, @Query() q: WeekRangeQuery) {
    return this.reports.compliance(actor, q);
  }

  @Get('summary')
  @AllowRoles(...FINDING_READERS)
  @ApiOperation({
    summary: '周汇总 / One week of a company: who reported what; counts by category and level',
  })
  summary(@CurrentActor() actor: Actor, @Query() q: WeekQuery) {
    return this.reports.weekSummary(actor, q);
  }

  @Get()
  @AllowRoles(...FINDING_READERS)
  @ApiOperation({ summary: '周报记录 / Reports of a unit (subtree) over a period, newest first' })
  history(@CurrentActor() actor: Actor, @Query() q: HistoryQuery) {
    return this.reports.history(actor, q);
  }

  @Get(':id')
  @AllowRoles(...FINDING_READERS)
  @ApiOperation({ summary: '周报详情 / A report with every submitted version' })
  get(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return this.reports.get(actor, id);
  }

  @Post()
  @AllowRoles(Role.UNIT_OFFICER, Role.UNIT_HEAD)
  @ApiOperation({
    summary:
      '提交周报 / Submit (or correct before the deadline) the week’s report: self-found problems or “none found”',
    description:
      'An item fixed on the spot (fixedOnTheSpot) brings measures, rootCause and evidence (base64 files): its ' +
      'finding goes the 边检查边整改 way straight to PENDING_VERIFICATION, with no deadline to miss.',
  })
  submit(@CurrentActor() actor: Actor, @Body() dto: SubmitWeeklyReportDto) {
    return this.reports.submit(actor, dto);
  }
}
