import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBase64,
  IsBoolean,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate, QueryInt, Trim, PageQuery, PG_INT_MAX } from '../common/dto';
import { FindingCategory, HazardLevel } from '../findings/finding.enums';

const WEEK = /^\d{4}-W\d{2}$/;
const WEEK_MESSAGE = { message: '周次格式为 2023-W07 / week must look like 2023-W07' };

export class CreateObligationDto {
  @ApiProperty({ example: '2023年“回头看”举一反三周报' })
  @Trim()
  @IsString()
  @Length(2, 200)
  name: string;

  @ApiProperty({ description: 'The campaign (round) whose findings the units sweep for' })
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  roundId: number;

  @ApiPropertyOptional({
    type: [Number],
    description:
      'Units that must report; omitted: all active secondary units (二级单位) of the round’s company',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(PG_INT_MAX, { each: true })
  unitIds?: number[];

  @ApiPropertyOptional({ description: 'First day reports are owed; omitted: the round’s plan meeting date' })
  @IsOptional()
  @IsCalendarDate()
  startDate?: string;

  @ApiPropertyOptional({ description: 'Last day; omitted: until the round closes' })
  @IsOptional()
  @IsCalendarDate()
  endDate?: string;

  @ApiPropertyOptional({
    example: '24:00',
    description: 'Thursday deadline, HH:MM in the business zone; 24:00 = end of Thursday',
  })
  @IsOptional()
  @Matches(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, {
    message: 'dueTime 须为 HH:MM（00:00–24:00） / dueTime must be HH:MM',
  })
  dueTime?: string;
}

/** A file sent inside a JSON report (base64); the web form sends the same as multipart files. */
export class EvidenceFileDto {
  @ApiProperty({ example: '现场整改后.jpg' })
  @Trim()
  @IsString()
  @Length(1, 200)
  fileName: string;

  @ApiProperty({ description: 'The file’s bytes, base64' })
  @IsBase64()
  contentBase64: string;
}

/** A new item (not kept from the previous version) reported as fixed on the spot. */
const isNewOnTheSpot = (o: WeeklyItemDto) => o.fixedOnTheSpot === true && o.findingId === undefined;

export class WeeklyItemDto {
  @ApiPropertyOptional({
    description: 'Keep an item of the previous version (its finding id); omit for a new item',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  findingId?: number;

  @ApiProperty()
  @Trim()
  @IsString()
  @Length(1, 2000)
  description: string;

  @ApiProperty()
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

  @ApiPropertyOptional({ description: 'The finding that prompted the sweep (linked as similar)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  promptedByFindingId?: number;

  @ApiPropertyOptional({ description: 'Or the topic that prompted it' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 200)
  topic?: string;

  @ApiProperty({ description: '已现场整改' })
  @IsBoolean()
  fixedOnTheSpot: boolean;

  @ApiPropertyOptional({
    description: '现场整改措施: what was done on the spot; required for a new item fixed on the spot',
  })
  @ValidateIf((o: WeeklyItemDto) => isNewOnTheSpot(o) || o.measures !== undefined)
  @Trim()
  @IsString()
  @Length(1, 4000)
  measures?: string;

  @ApiPropertyOptional({
    description: '原因分析: why it happened; required for a new item fixed on the spot',
  })
  @ValidateIf((o: WeeklyItemDto) => isNewOnTheSpot(o) || o.rootCause !== undefined)
  @Trim()
  @IsString()
  @Length(1, 4000)
  rootCause?: string;

  @ApiPropertyOptional({
    type: () => [EvidenceFileDto],
    description:
      '现场整改证据: photos or documents of the fix (1–5), required for a new item fixed on the spot; it becomes the finding’s evidence',
  })
  @ValidateIf((o: WeeklyItemDto) => isNewOnTheSpot(o) || o.evidence !== undefined)
  @IsArray()
  @ArrayMinSize(1, { message: '已现场整改的问题须附整改后照片或资料 / Attach evidence of the fix' })
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => EvidenceFileDto)
  evidence?: EvidenceFileDto[];

  @ApiPropertyOptional({ description: '整改时限; required unless fixed on the spot' })
  @ValidateIf((o: WeeklyItemDto) => !o.fixedOnTheSpot || o.deadline !== undefined)
  @IsCalendarDate()
  deadline?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 100)
  responsiblePerson?: string;
}

export class SubmitWeeklyReportDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  obligationId: number;

  @ApiProperty()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  unitId: number;

  @ApiProperty({ example: '2023-W07' })
  @Matches(WEEK, WEEK_MESSAGE)
  week: string;

  @ApiProperty({ description: 'true: 本周未发现同类问题 (then no items)' })
  @IsBoolean()
  noneFound: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @Length(0, 4000)
  statement?: string;

  @ApiProperty({ type: [WeeklyItemDto] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => WeeklyItemDto)
  items: WeeklyItemDto[];
}

export class WeekRangeQuery {
  @ApiProperty({ description: 'The company (unit) whose units are shown' })
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  companyUnitId: number;

  @ApiProperty({ example: '2023-W07' })
  @Matches(WEEK, WEEK_MESSAGE)
  from: string;

  @ApiProperty({ example: '2023-W20' })
  @Matches(WEEK, WEEK_MESSAGE)
  to: string;
}

export class WeekQuery {
  @ApiProperty()
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  companyUnitId: number;

  @ApiProperty({ example: '2023-W07' })
  @Matches(WEEK, WEEK_MESSAGE)
  week: string;
}

export class HistoryQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  unitId?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  obligationId?: number;

  @ApiPropertyOptional({ example: '2023-W01' })
  @IsOptional()
  @Matches(WEEK, WEEK_MESSAGE)
  from?: string;

  @ApiPropertyOptional({ example: '2023-W52' })
  @IsOptional()
  @Matches(WEEK, WEEK_MESSAGE)
  to?: string;
}
