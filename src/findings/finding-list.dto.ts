import { ApiPropertyOptional } from '@nestjs/swagger';

import {
  IsArray,
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
} from 'class-validator';
import { IsCalendarDate, QueryBool, QueryInt, QueryList, Trim, PG_INT_MAX } from '../common/dto';
import { FindingCategory, FindingSource, FindingStatus, HazardLevel } from './finding.enums';
import { Domain } from '../rounds/domain';

export const FINDING_SORTS = [
  'code',
  'deadline',
  'foundDate',
  'level',
  'status',
  'createdAt',
  'unit',
] as const;

export class ListFindingsQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  roundId?: number;

  @ApiPropertyOptional({ description: 'This unit and its whole subtree' })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  unitId?: number;

  @ApiPropertyOptional({
    description:
      'true: with unitId, that unit itself only, not its subtree (as a round’s table by unit counts it)',
  })
  @IsOptional()
  @QueryBool()
  @IsBoolean()
  unitOnly?: boolean;

  @ApiPropertyOptional({ description: 'Comma-separated statuses', example: 'ASSIGNED,RECTIFYING' })
  @IsOptional()
  @QueryList()
  @IsArray()
  @IsEnum(FindingStatus, { each: true })
  status?: FindingStatus[];

  @ApiPropertyOptional({ enum: HazardLevel })
  @IsOptional()
  @IsEnum(HazardLevel)
  level?: HazardLevel;

  @ApiPropertyOptional({ enum: Domain })
  @IsOptional()
  @IsEnum(Domain)
  domain?: Domain;

  @ApiPropertyOptional({ enum: FindingSource })
  @IsOptional()
  @IsEnum(FindingSource)
  source?: FindingSource;

  @ApiPropertyOptional({ enum: FindingCategory })
  @IsOptional()
  @IsEnum(FindingCategory)
  category?: FindingCategory;

  @ApiPropertyOptional({ description: 'true: only overdue; false: only not overdue' })
  @IsOptional()
  @QueryBool()
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({
    description:
      'true: only 重大隐患 still owed whose latest 五落实 plan waits for the unit head’s 确认 (what POST …/plan/confirm ' +
      'takes); false: all others',
  })
  @IsOptional()
  @QueryBool()
  @IsBoolean()
  planAwaitingConfirmation?: boolean;

  @ApiPropertyOptional({ description: 'Found (发现日期) on or after this date', example: '2023-01-01' })
  @IsOptional()
  @IsCalendarDate()
  foundFrom?: string;

  @ApiPropertyOptional({ description: 'Found (发现日期) on or before this date', example: '2023-03-31' })
  @IsOptional()
  @IsCalendarDate()
  foundTo?: string;

  @ApiPropertyOptional({ description: 'Closed out (销号) on or after this date (business time zone)' })
  @IsOptional()
  @IsCalendarDate()
  closedFrom?: string;

  @ApiPropertyOptional({ description: 'Closed out (销号) on or before this date (business time zone)' })
  @IsOptional()
  @IsCalendarDate()
  closedTo?: string;

  @ApiPropertyOptional({
    description: 'A similar-finding group (同类问题): this finding and every finding linked to it as similar',
  })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  similarGroup?: number;

  @ApiPropertyOptional({
    description:
      'Findings whose close-out was refused with this 五个不放过 rule (1–5) unmet (within refusedFrom–refusedTo)',
  })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(5)
  refusedRule?: number;

  @ApiPropertyOptional({
    description: 'With refusedRule: refused on or after this date (business time zone)',
  })
  @IsOptional()
  @IsCalendarDate()
  refusedFrom?: string;

  @ApiPropertyOptional({
    description: 'With refusedRule: refused on or before this date (business time zone)',
  })
  @IsOptional()
  @IsCalendarDate()
  refusedTo?: string;

  @ApiPropertyOptional({ description: 'Text in code, description, location or tags' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({ enum: FINDING_SORTS, default: 'code' })
  @IsOptional()
  @IsIn(FINDING_SORTS)
  sort?: (typeof FINDING_SORTS)[number];

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';

  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(0)
  @Max(PG_INT_MAX)
  offset?: number;
}
