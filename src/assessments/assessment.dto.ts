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
} from 'class-validator';
import { IsCalendarDate, QueryInt, Trim, PageQuery, PG_INT_MAX } from '../common/dto';
import { AssessmentReason } from './assessment.enums';

export class CreateAssessmentDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  unitId: number;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 50, { each: true })
  personNames?: string[];

  @ApiProperty({ enum: AssessmentReason })
  @IsEnum(AssessmentReason)
  reason: AssessmentReason;

  @ApiPropertyOptional({ description: '考核分' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  points?: number;

  @ApiPropertyOptional({ description: '考核金额, whole yuan' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  amountYuan?: number;

  @ApiProperty()
  @Trim()
  @IsString()
  @Length(2, 2000)
  text: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  findingId?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsCalendarDate()
  assessedOn?: string;
}

export class ListAssessmentsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'This unit and its subtree' })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  unitId?: number;

  @ApiPropertyOptional({ enum: AssessmentReason })
  @IsOptional()
  @IsEnum(AssessmentReason)
  reason?: AssessmentReason;

  @ApiPropertyOptional({ example: '2023-01-01' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ example: '2023-12-31' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  findingId?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  noticeId?: number;
}

export class CreateNoticeDto {
  @ApiProperty({ example: '关于督察问题整改情况的通报' })
  @Trim()
  @IsString()
  @Length(2, 200)
  title: string;

  @ApiPropertyOptional({ example: '安环〔2023〕5号' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 100)
  documentNumber?: string;

  @ApiProperty()
  @Trim()
  @IsString()
  @Length(2, 20000)
  body: string;

  @ApiProperty({ type: [Number] })
  @IsArray()
  @ArrayMaxSize(500)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(PG_INT_MAX, { each: true })
  assessmentIds: number[];
}
