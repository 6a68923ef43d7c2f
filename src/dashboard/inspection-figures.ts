import { Controller, Get, Injectable } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/access/actor';
import { CurrentActor } from '../common/access/current-actor.decorator';
import { FINDING_READERS } from '../common/access/reader-roles';
import { AllowRoles } from '../common/access/roles.decorator';
import { UnitScope } from '../common/access/unit-scope';
import { Clock } from '../common/time/clock';
import { HazardSourcesService } from '../inspections/hazard-sources.service';
import { InspectionTasksRepository } from '../inspections/inspection-tasks.repository';

/**
 * The 驾驶舱's 重要危险源 figures, as of now in the user's subtree: missed inspections (open when their window ended,
 * rules/schedule.ts isMissed), and sources with open gaps (rules/gaps.ts). Each links to the list that shows them.
 */
@Injectable()
export class InspectionFigures {
  constructor(
    private readonly sources: HazardSourcesService,
    private readonly tasks: InspectionTasksRepository,
    private readonly clock: Clock,
  ) {}

  async forActor(actor: Actor) {
    const gaps = await this.sources.gapCounts(actor);
    const missed = await this.tasks.countMissed(UnitScope.of(actor), this.clock.now());
    return {
      missedInspections: { value: missed, href: '/inspections#missed' },
      sources: { value: gaps.sources, href: '/inspections/sources' },
      sourcesWithGaps: { value: gaps.sourcesWithGaps, href: '/inspections/sources' },
      openGaps: { value: gaps.openGaps, href: '/inspections/sources' },
    };
  }
}

@ApiTags('statistics 统计')
@Controller('statistics')
export class InspectionFiguresController {
  constructor(private readonly figures: InspectionFigures) {}

  @Get('dashboard/inspections')
  @AllowRoles(...FINDING_READERS)
  @ApiOperation({
    summary: '驾驶舱：漏检与危险源缺项 / Missed inspections and 重要危险源 gaps now, in your subtree',
  })
  get(@CurrentActor() actor: Actor) {
    return this.figures.forActor(actor);
  }
}
