import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsCalendarDate, QueryInt, PG_INT_MAX } from '../common/dto';
import { PERIOD_KINDS, type PeriodKind } from './rules/period';

/** The dashboard's charts, in the order the page, the API and the PDF show them. */
export const CHART_KEYS = [
  'byMonth',
  'overdueByUnit',
  'byLevel',
  'bySource',
  'rateByUnit',
  'refusedRules',
  'similarGroups',
  'weeklyByUnit',
] as const;

/** The dashboard's choice: a period and, optionally, one unit's subtree (inside the user's own scope). */
export class DashboardQuery {
  @ApiPropertyOptional({ enum: PERIOD_KINDS, default: 'month', description: '本月 / 本季度 / 本年 / 自定义' })
  @IsOptional()
  @IsIn(PERIOD_KINDS)
  period?: PeriodKind;

  @ApiPropertyOptional({
    description: 'A day inside the month, quarter or year to show (default: today)',
    example: '2023-02-15',
  })
  @IsOptional()
  @IsCalendarDate()
  at?: string;

  @ApiPropertyOptional({ description: 'Custom period: first day', example: '2023-01-01' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ description: 'Custom period: last day', example: '2023-03-31' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional({ description: 'Only this unit and its subtree' })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  unitId?: number;
}

export class DashboardFigureView {
  @ApiProperty({ example: 'overdue' }) key: string;
  @ApiProperty({ example: '超期' }) label: string;
  @ApiProperty({ nullable: true, type: Number }) value: number | null;
  @ApiProperty({ example: '项' }) unit: string;
  @ApiProperty({ nullable: true, type: String, description: 'The page listing what the figure counts' })
  href: string | null;
  @ApiProperty({ description: 'How the figure is counted' }) rule: string;
}

export class DashboardSeriesView {
  @ApiProperty() name: string;
  @ApiProperty({ type: [Number], description: 'One value per category (null: nothing to count)' })
  values: (number | null)[];
  @ApiProperty({ type: [String], description: 'One link per category: the list that value counts' })
  links: (string | null)[];
}

export class DashboardChartView {
  @ApiProperty({ example: 'overdueByUnit' }) key: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: ['bar', 'hbar'] }) kind: 'bar' | 'hbar';
  @ApiProperty({ example: '项' }) unit: string;
  @ApiProperty({ type: [String] }) categories: string[];
  @ApiProperty({ type: [DashboardSeriesView] }) series: DashboardSeriesView[];
  @ApiPropertyOptional({
    type: [String],
    description: 'The number shown beside each bar, when more than the value',
  })
  labels?: string[];
  @ApiProperty({ description: 'How the chart is counted' }) rule: string;
}

export class DashboardPeriodView {
  @ApiProperty({ enum: PERIOD_KINDS }) kind: PeriodKind;
  @ApiProperty({ example: '2023-01-01' }) from: string;
  @ApiProperty({ example: '2023-03-31' }) to: string;
  @ApiProperty({ example: '2023年第1季度' }) label: string;
}

export class DashboardView {
  @ApiProperty({ type: DashboardPeriodView }) period: DashboardPeriodView;
  @ApiProperty({ description: 'Today in the business time zone (open and overdue are as of today)' })
  today: string;
  @ApiProperty({ description: 'Whose findings: 全部单位 or the unit subtree' }) scopeLabel: string;
  @ApiProperty({ nullable: true, type: Number }) unitId: number | null;
  @ApiProperty({ type: [DashboardFigureView] }) figures: DashboardFigureView[];
  @ApiProperty({ type: [DashboardChartView] }) charts: DashboardChartView[];
}
