import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate, PageQuery, QueryBool, QueryInt, Trim, PG_INT_MAX } from '../common/dto';
import {
  CloseoutTarget,
  InspectionLevel,
  RiskGrade,
  SourceDocumentType,
  SourceKind,
} from './inspection.enums';
import type { FrequencyTable } from './inspections.entities';

export class ResponsiblePersonDto {
  @ApiProperty({ enum: InspectionLevel })
  @IsEnum(InspectionLevel)
  level: InspectionLevel;

  @ApiProperty({ example: '李建国' })
  @Trim()
  @IsString()
  @Length(1, 50)
  name: string;

  @ApiPropertyOptional({ example: '13903512345' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(0, 30)
  phone?: string;

  @ApiPropertyOptional({ example: '分厂厂长' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(0, 50)
  title?: string;
}

export class SourceDocumentDto {
  @ApiProperty({ enum: SourceDocumentType })
  @IsEnum(SourceDocumentType)
  type: SourceDocumentType;

  @ApiProperty({ example: 'RD-YJ-2024-03' })
  @Trim()
  @IsString()
  @Length(1, 60)
  number: string;

  @ApiProperty({ example: '煤气泄漏中毒专项应急预案' })
  @Trim()
  @IsString()
  @Length(1, 200)
  title: string;

  @ApiProperty({ example: 'A/1' })
  @Trim()
  @IsString()
  @Length(1, 20)
  version: string;

  @ApiProperty({ example: '2024-03-01' })
  @IsCalendarDate()
  effectiveDate: string;

  @ApiPropertyOptional({ example: '2027-02-28', description: 'The last day it is valid' })
  @IsOptional()
  @IsCalendarDate()
  expiryDate?: string;

  @ApiPropertyOptional({
    example: '档案室 RD-2024-017.pdf',
    description:
      'Where the paper original is archived; the file itself: POST /hazard-sources/{id}/document-files',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(0, 200)
  file?: string;
}

export class EmergencySupplyDto {
  @ApiProperty({ example: '正压式空气呼吸器' })
  @Trim()
  @IsString()
  @Length(1, 100)
  item: string;

  @ApiProperty({ example: 4 })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  quantity: number;

  @ApiProperty({ example: '煤气加压站应急柜' })
  @Trim()
  @IsString()
  @Length(1, 200)
  location: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsCalendarDate()
  lastCheckDate?: string;
}

export class DrillDto {
  @ApiProperty()
  @IsCalendarDate()
  date: string;

  @ApiProperty({ example: '煤气管道法兰泄漏、人员中毒' })
  @Trim()
  @IsString()
  @Length(1, 200)
  scenario: string;

  @ApiProperty({ example: 18 })
  @IsInt()
  @Min(1)
  @Max(100_000)
  participants: number;

  @ApiProperty({ example: '响应及时，报警程序熟练' })
  @Trim()
  @IsString()
  @Length(1, 1000)
  evaluation: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @Length(0, 1000)
  improvements?: string;
}

export class HazardSourceDto {
  @ApiProperty({ description: 'The unit that manages the source (within your subtree)' })
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  unitId: number;

  @ApiProperty({ example: '煤气管网' })
  @Trim()
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ example: '热电分厂厂区架空煤气管道及加压站' })
  @Trim()
  @IsString()
  @Length(1, 200)
  location: string;

  @ApiProperty({ enum: SourceKind })
  @IsEnum(SourceKind)
  kind: SourceKind;

  @ApiProperty({ enum: RiskGrade, description: '重大/较大/一般/低 = RED/ORANGE/YELLOW/BLUE' })
  @IsEnum(RiskGrade)
  grade: RiskGrade;

  @ApiPropertyOptional({ example: '煤气泄漏中毒、火灾、爆炸' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(0, 1000)
  hazards?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @Length(0, 2000)
  controls?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @Length(0, 2000)
  emergencyMeasures?: string;

  @ApiPropertyOptional({ type: [ResponsiblePersonDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(40)
  @ValidateNested({ each: true })
  @Type(() => ResponsiblePersonDto)
  responsible?: ResponsiblePersonDto[];

  @ApiPropertyOptional({ type: [SourceDocumentDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(60)
  @ValidateNested({ each: true })
  @Type(() => SourceDocumentDto)
  documents?: SourceDocumentDto[];

  @ApiPropertyOptional({ type: [EmergencySupplyDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => EmergencySupplyDto)
  supplies?: EmergencySupplyDto[];

  @ApiPropertyOptional({ type: [DrillDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => DrillDto)
  drills?: DrillDto[];
}

export class UpdateHazardSourceDto extends HazardSourceDto {
  @ApiProperty({ description: 'The version you read (optimistic check)' })
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  version: number;
}

export class ListSourcesQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  unitId?: number;

  @ApiPropertyOptional({ enum: RiskGrade })
  @IsOptional()
  @IsEnum(RiskGrade)
  grade?: RiskGrade;

  @ApiPropertyOptional({ description: 'Include decommissioned sources' })
  @IsOptional()
  @QueryBool()
  @IsBoolean()
  includeDecommissioned?: boolean;

  @ApiPropertyOptional({ description: 'Only sources with open gaps today (the dashboard figure)' })
  @IsOptional()
  @QueryBool()
  @IsBoolean()
  withGaps?: boolean;
}

export class ChecklistItemDto {
  @ApiProperty({ example: '煤气区域固定式一氧化碳报警仪完好，报警值设定正确' })
  requirement: string;

  @ApiProperty({ example: '现场查看，查校验记录' })
  method: string;

  @ApiPropertyOptional({ example: '《工贸企业重大事故隐患判定标准》第十一条第（一）项' })
  clause?: string;
}

export class ChecklistTemplateDto {
  @ApiProperty({ example: '煤气区域专项检查表' })
  @Trim()
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ enum: SourceKind, isArray: true })
  @IsArray()
  @IsEnum(SourceKind, { each: true })
  kinds: SourceKind[];

  @ApiProperty({ enum: RiskGrade, isArray: true })
  @IsArray()
  @IsEnum(RiskGrade, { each: true })
  grades: RiskGrade[];

  @ApiProperty({
    type: [ChecklistItemDto],
    description: 'Checked by the checklist rule (requirement and method)',
  })
  @IsArray()
  items: ChecklistItemDto[];

  @ApiProperty({
    description:
      'Per grade, per level: { unit: SHIFT|DAY|WEEK|MONTH, times } — e.g. { RED: { TEAM: { unit: "SHIFT", times: 1 } } }',
  })
  @IsObject()
  frequencies: FrequencyTable;
}

export class NewTemplateVersionDto extends ChecklistTemplateDto {
  @ApiProperty({ description: 'The version you edited (a stale one is 409)' })
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  version: number;
}

export class GenerateScheduleDto {
  @ApiProperty({ example: '2026-12-01' })
  @IsCalendarDate()
  from: string;

  @ApiProperty({ example: '2026-12-31' })
  @IsCalendarDate()
  to: string;
}

export class CloseoutRequestDto {
  @ApiProperty({ enum: CloseoutTarget })
  @IsEnum(CloseoutTarget)
  target: CloseoutTarget;

  @ApiPropertyOptional({ description: 'The gap key (GAP), as listed in the source’s gaps' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  gapKey?: string;

  @ApiProperty({ example: '煤气管网已停用拆除，经安全评价确认' })
  @Trim()
  @IsString()
  @Length(4, 1000)
  reason: string;
}

export class CloseoutDecisionDto {
  @ApiProperty()
  @IsBoolean()
  approve: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @Length(0, 1000)
  note?: string;

  @ApiProperty()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  version: number;
}

export class LedgerQuery {
  @ApiProperty({ example: '2026-11-01' })
  @IsCalendarDate()
  from: string;

  @ApiProperty({ example: '2026-11-30' })
  @IsCalendarDate()
  to: string;
}

export { AdHocTaskDto, AnswerDto, ListTasksQuery, SignDto } from './inspection-task.dto';
