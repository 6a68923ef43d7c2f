import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/access/actor';
import { CurrentActor } from '../common/access/current-actor.decorator';
import { FINDING_READERS } from '../common/access/reader-roles';
import { AllowRoles } from '../common/access/roles.decorator';
import { notFound } from '../common/errors/domain-error';
import { renderChartSvg } from './dashboard-charts';
import { CHART_KEYS, DashboardFigureView, DashboardQuery, DashboardView } from './dashboard.dto';
import { DashboardService } from './dashboard.service';

/** 驾驶舱 as JSON (and each chart as SVG) for other systems: the figures of the dashboard page, same scope. */
@ApiTags('statistics 统计')
@Controller('statistics')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get('dashboard')
  @AllowRoles(...FINDING_READERS)
  @ApiOkResponse({ type: DashboardView })
  @ApiOperation({
    summary:
      '驾驶舱 / Dashboard: key figures and charts of a period (month, quarter, year, custom) in the caller’s unit subtree; every number carries the link of the list it counts',
  })
  view(@CurrentActor() actor: Actor, @Query() q: DashboardQuery): Promise<DashboardView> {
    return this.dashboard.view(actor, q);
  }

  @Get('dashboard/figures')
  @AllowRoles(...FINDING_READERS)
  @ApiOkResponse({ type: [DashboardFigureView] })
  @ApiOperation({ summary: '关键指标 / The dashboard’s key figures only' })
  async figures(@CurrentActor() actor: Actor, @Query() q: DashboardQuery): Promise<DashboardFigureView[]> {
    return (await this.dashboard.view(actor, q)).figures;
  }

  @Get('dashboard/charts/:key')
  @AllowRoles(...FINDING_READERS)
  @ApiParam({ name: 'key', enum: CHART_KEYS })
  @ApiProduces('image/svg+xml')
  @Header('Content-Type', 'image/svg+xml; charset=utf-8')
  @ApiOperation({ summary: '图表 / One dashboard chart as SVG (Apache ECharts, rendered on the server)' })
  async chart(
    @CurrentActor() actor: Actor,
    @Param('key') key: string,
    @Query() q: DashboardQuery,
  ): Promise<string> {
    const chart = (await this.dashboard.view(actor, q)).charts.find((c) => c.key === key);
    if (!chart) throw notFound('图表', key);
    return renderChartSvg(chart);
  }
}
