import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import {
  ArrayMaxSize,
  ArrayUnique,
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
  ValidateIf,
} from 'class-validator';
import { IsCalendarDate, QueryBool, QueryInt, QueryList, Trim } from '../common/dto';
import { EvidenceKind, FindingCategory, FindingSource, FindingStatus, HazardLevel } from './finding.enums';
import { Domain } from '../rounds/domain';

export class CreateFindingDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  roundId: number;

  @ApiProperty({ description: 'The responsible unit (must be inside the round’s company)' })
  @IsInt()
  @Min(1)
  unitId: number;

  @ApiProperty({ example: '2号皮带廊地面及托辊积尘严重，未按规定定期清扫' })
  @Trim()
  @IsString()
  @Length(1, 2000)
  description: string;

  @ApiProperty({ example: '燃化工区2号皮带廊' })
  @Trim()
  @IsString()
  @Length(1, 200)
  location: string;

  @ApiProperty({ enum: HazardLevel })
  @IsEnum(HazardLevel)
  level: HazardLevel;

  @ApiProperty({ enum: FindingCategory })
  @IsEnum(FindingCategory)
  category: FindingCategory;

  @ApiPropertyOptional({ type: [String], example: ['扬尘', '皮带廊'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 30, { each: true })
  tags?: string[];

  @ApiProperty({ enum: FindingSource })
  @IsEnum(FindingSource)
  source: FindingSource;

  @ApiProperty({ example: '2023-01-06' })
  @IsCalendarDate()
  foundDate: string;

  @ApiProperty({ example: '督察组' })
  @Trim()
  @IsString()
  @Length(1, 100)
  foundBy: string;

  @ApiProperty({ example: '2023-03-31', description: '整改时限 (not before the found date)' })
  @IsCalendarDate()
  deadline: string;

  @ApiProperty({ example: '燃化工区主任' })
  @Trim()
  @IsString()
  @Length(1, 100)
  responsiblePerson: string;

  @ApiPropertyOptional({ description: '责任领导: required for MAJOR' })
  @ValidateIf((o: CreateFindingDto) => o.level === HazardLevel.MAJOR || o.responsibleLeader !== undefined)
  @Trim()
  @IsString({ message: '重大隐患须指定责任领导 / responsibleLeader is required for a MAJOR finding' })
  @Length(1, 100)
  responsibleLeader?: string;

  @ApiPropertyOptional({ description: 'A closed finding this one re-found (复发)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  recurrenceOfId?: number;

  @ApiPropertyOptional({ type: [Number], description: 'Findings this one is similar to (同类问题)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  similarToIds?: number[];
}

export class UpdateFindingDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 2000)
  description?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 200)
  location?: string;

  @ApiPropertyOptional({ enum: HazardLevel })
  @IsOptional()
  @IsEnum(HazardLevel)
  level?: HazardLevel;

  @ApiPropertyOptional({ enum: FindingCategory })
  @IsOptional()
  @IsEnum(FindingCategory)
  category?: FindingCategory;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 30, { each: true })
  tags?: string[];

  @ApiPropertyOptional({ description: 'Re-assign to another unit (only while ASSIGNED)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  unitId?: number;

  @ApiPropertyOptional({ description: 'Change the deadline (only while ASSIGNED; later: extensions)' })
  @IsOptional()
  @IsCalendarDate()
  deadline?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 100)
  responsiblePerson?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 100)
  responsibleLeader?: string;
}

export class CancelFindingDto {
  @ApiProperty({ example: '与 XCL-2023-AQ-0003 重复' })
  @Trim()
  @IsString()
  @Length(2, 500)
  reason: string;
}

export class RecordPlanDto {
  @ApiPropertyOptional({
    description: '边检查边整改: fixed on the spot (then evidence replaces the five elements)',
  })
  @IsOptional()
  @IsBoolean()
  onTheSpot?: boolean;

  @ApiPropertyOptional({
    type: [Number],
    description: 'Evidence (uploaded first) showing the on-the-spot fix',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsInt({ each: true })
  onTheSpotEvidenceIds?: number[];

  @ApiPropertyOptional({ description: '整改措施' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(0, 4000)
  measures?: string;

  @ApiPropertyOptional({ description: '整改责任人' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(0, 100)
  responsiblePerson?: string;

  @ApiPropertyOptional({ description: '整改资金, whole yuan ≥ 0' })
  @IsOptional()
  @IsInt({ message: '整改资金须为整数元 / fundsAmount must be whole yuan' })
  @Min(0)
  @Max(1_000_000_000)
  fundsAmount?: number;

  @ApiPropertyOptional({ description: '资金来源' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(0, 200)
  fundsSource?: string;

  @ApiPropertyOptional({ description: 'Why no funds are needed (when fundsAmount is 0)' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(0, 500)
  fundsZeroReason?: string;

  @ApiPropertyOptional({ description: '整改时限' })
  @IsOptional()
  @IsCalendarDate()
  deadline?: string;

  @ApiPropertyOptional({ description: '应急预案' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(0, 4000)
  contingencyPlan?: string;

  @ApiPropertyOptional({ description: 'MAJOR: 临时管控措施' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(0, 4000)
  interimControls?: string;

  @ApiPropertyOptional({ description: 'MAJOR: 是否停产停工' })
  @IsOptional()
  @IsBoolean()
  stopProduction?: boolean;

  @ApiPropertyOptional({ description: 'MAJOR: 停产停工范围' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(0, 500)
  stopProductionScope?: string;
}

export class ProgressDto {
  @ApiProperty({ example: '已完成2号皮带廊清扫，喷淋装置采购中' })
  @Trim()
  @IsString()
  @Length(1, 4000)
  note: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 100 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  percent?: number;
}

export class SummaryDto {
  @ApiProperty({ description: '整改完成情况' })
  @Trim()
  @IsString()
  @Length(1, 4000)
  whatWasDone: string;

  @ApiProperty({ description: '源头整改: the root cause and how it was removed' })
  @Trim()
  @IsString()
  @Length(1, 4000)
  rootCause: string;

  @ApiPropertyOptional({ type: [Number], description: 'Evidence ids of this finding' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsInt({ each: true })
  evidenceIds?: number[];
}

export class EvidenceUploadDto {
  @ApiProperty({ enum: EvidenceKind })
  @IsEnum(EvidenceKind)
  kind: EvidenceKind;

  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @Length(0, 200)
  caption?: string;
}

export class ExtensionRequestDto {
  @ApiProperty({ example: '2023-04-30' })
  @IsCalendarDate()
  requestedDeadline: string;

  @ApiProperty({ example: '喷淋设备到货延迟' })
  @Trim()
  @IsString()
  @Length(2, 1000)
  reason: string;
}

export class ExtensionDecisionDto {
  @ApiProperty()
  @IsBoolean()
  approve: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @Length(0, 1000)
  note?: string;
}

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
  roundId?: number;

  @ApiPropertyOptional({ description: 'This unit and its whole subtree' })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  unitId?: number;

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
  offset?: number;
}
