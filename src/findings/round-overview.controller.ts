import { Controller, Get, Param, ParseIntPipe } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/access/actor';
import { CurrentActor } from '../common/access/current-actor.decorator';
import { FINDING_READERS } from '../common/access/reader-roles';
import { AllowRoles } from '../common/access/roles.decorator';
import { RoundOverviewService } from './round-overview.service';

/**
 * The rounds' routes that count findings (the rest of /rounds is the rounds module's RoundsController). They keep
 * the operationIds they had when RoundsController served them, so the OpenAPI document (and generated clients) stay
 * the same.
 */
@ApiTags('rounds 督察轮次')
@Controller('rounds')
export class RoundOverviewController {
  constructor(private readonly overview: RoundOverviewService) {}

  @Get(':id')
  @AllowRoles(...FINDING_READERS)
  @ApiOperation({
    operationId: 'RoundsController_get',
    summary: '轮次详情与统计 / A round with statistics (unit roles: counts of their subtree)',
  })
  get(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return this.overview.detail(actor, id);
  }

  @Get(':id/statistics')
  @AllowRoles(...FINDING_READERS)
  @ApiOperation({
    operationId: 'RoundsController_statistics',
    summary: '轮次统计 / Counts by status, level and unit; closure rate; overdue',
  })
  statistics(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return this.overview.statisticsOfVisible(actor, id);
  }

  @Get(':id/look-back')
  @AllowRoles(...FINDING_READERS)
  @ApiOperation({
    operationId: 'RoundsController_lookBack',
    summary: '“回头看”对照 / The original round’s findings beside the look-back’s: re-checked, recurred, new',
  })
  lookBack(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return this.overview.lookBack(actor, id);
  }
}
