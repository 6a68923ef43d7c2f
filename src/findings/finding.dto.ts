import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { IsCalendarDate, Trim, PG_INT_MAX } from '../common/dto';
import { FindingCategory, FindingSource, HazardLevel } from './finding.enums';

export class CreateFindingDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  roundId: number;

  @ApiProperty({ description: 'The responsible unit (must be inside the round’s company)' })
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
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

  @ApiPropertyOptional({
    description: '判定依据: a clause of GET /major-hazard-criteria; citing one makes the finding MAJOR',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  majorCriterionId?: number;

  @ApiPropertyOptional({ description: 'A closed finding this one re-found (复发)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  recurrenceOfId?: number;

  @ApiPropertyOptional({ type: [Number], description: 'Findings this one is similar to (同类问题)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(PG_INT_MAX, { each: true })
  similarToIds?: number[];
}

export class UpdateFindingDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
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
  @Max(PG_INT_MAX)
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

// The rectification and list DTOs live in their own files; re-exported for the modules that import them here.
export {
  ExtensionDecisionDto,
  ExtensionRequestDto,
  EvidenceUploadDto,
  ProgressDto,
  RecordPlanDto,
  SummaryDto,
} from './rectification.dto';
export { FINDING_SORTS, ListFindingsQuery } from './finding-list.dto';
