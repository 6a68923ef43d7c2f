import { Controller, Get, Injectable, ParseIntPipe, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/access/actor';
import { CurrentActor } from '../common/access/current-actor.decorator';
import { FINDING_READERS } from '../common/access/reader-roles';
import { AllowRoles } from '../common/access/roles.decorator';
import { UnitScope } from '../common/access/unit-scope';
import { Clock } from '../common/time/clock';
import { HazardSourcesService, type GapCounts } from '../inspections/hazard-sources.service';
import { InspectionTasksRepository } from '../inspections/inspection-tasks.repository';
import { UnitsService } from '../org/units.service';
import type { DashboardFigureView } from './dashboard.dto';

/**
 * The 驾驶舱's 重要危险源 figures, as of now in the user's subtree (and `unitId`'s subtree, 404 outside the scope):
 * missed inspections (open when their window ended, rules/schedule.ts isMissed), and sources with open gaps
 * (rules/gaps.ts). Each links to the list that shows them, with the same unit filter.
 */
@Injectable()
export class InspectionFigures {
  constructor(
    private readonly sources: HazardSourcesService,
    private readonly tasks: InspectionTasksRepository,
    private readonly units: UnitsService,
    private readonly clock: Clock,
  ) {}

  async forActor(actor: Actor, unitId?: number) {
    const path = unitId ? (await this.units.get(actor, unitId)).path : undefined;
    const [gaps, missed] = await Promise.all([
      this.sources.gapCounts(actor, path),
      this.tasks.countMissed(UnitScope.of(actor), this.clock.now(), undefined, path),
    ]);
    return inspectionFigureLinks(missed, gaps, unitId);
  }

  /** The three figures as the dashboard shows them (key figures next to the findings' ones). */
  async figures(actor: Actor, unitId?: number): Promise<DashboardFigureView[]> {
    return inspectionFigureViews(await this.forActor(actor, unitId));
  }
}

/** Missed inspections and 重要危险源 gaps, each with the list that shows them (with the same unit filter). */
export function inspectionFigureLinks(missed: number, gaps: GapCounts, unitId?: number) {
  const unit = unitId ? `unitId=${unitId}` : '';
  const gapped = `/inspections/sources?withGaps=true${unit ? `&${unit}` : ''}`;
  return {
    missedInspections: { value: missed, href: `/inspections${unit ? `?${unit}` : ''}#missed` },
    sources: { value: gaps.sources, href: `/inspections/sources${unit ? `?${unit}` : ''}` },
    sourcesWithGaps: { value: gaps.sourcesWithGaps, href: gapped },
    openGaps: { value: gaps.openGaps, href: gapped },
  };
}

/** The three figures of `inspectionFigureLinks` as the dashboard shows them. */
export function inspectionFigureViews(f: ReturnType<typeof inspectionFigureLinks>): DashboardFigureView[] {
  const fig = (
    key: string,
    label: string,
    v: { value: number; href: string },
    unit: string,
    rule: string,
  ) => ({
    key,
    label,
    value: v.value,
    unit,
    href: v.href,
    rule,
  });
  return [
    fig(
      'missedInspections',
      '漏检',
      f.missedInspections,
      '次',
      '截至现在，检查时段已结束仍未完成的重要危险源检查',
    ),
    fig(
      'sourcesWithGaps',
      '危险源缺项',
      f.sourcesWithGaps,
      '处',
      `在用重要危险源 ${f.sources.value} 处中，今日仍有缺项（应备文件缺失或过期、应急演练缺失或超期）的`,
    ),
    fig('openGaps', '未补缺项', f.openGaps, '项', '上述危险源今日仍未补齐的缺项合计'),
  ];
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
  @ApiQuery({ name: 'unitId', required: false, type: Number, description: 'Only this unit and its subtree' })
  get(@CurrentActor() actor: Actor, @Query('unitId', new ParseIntPipe({ optional: true })) unitId?: number) {
    return this.figures.forActor(actor, unitId);
  }
}
