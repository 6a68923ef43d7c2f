import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEnum, IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { PageQuery, PG_INT_MAX, QueryInt, Trim } from '../common/dto';
import { InspectionLevel, ItemResult } from './inspection.enums';

/** The DTOs of inspection tasks: ad hoc tasks, the task list, answers and the signature. */
export class AdHocTaskDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  sourceId: number;

  @ApiProperty({ description: 'A checklist version (e.g. the CARC pre-repair checklist)' })
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  templateId: number;

  @ApiProperty({ enum: InspectionLevel })
  @IsEnum(InspectionLevel)
  level: InspectionLevel;
}

export class ListTasksQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['due', 'missed', 'done', 'all'], default: 'all' })
  @IsOptional()
  @IsIn(['due', 'missed', 'done', 'all'])
  state?: 'due' | 'missed' | 'done' | 'all';

  @ApiPropertyOptional()
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  sourceId?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  unitId?: number;

  @ApiPropertyOptional({ enum: InspectionLevel })
  @IsOptional()
  @IsEnum(InspectionLevel)
  level?: InspectionLevel;
}

export class AnswerDto {
  @ApiProperty({ enum: ItemResult })
  @IsEnum(ItemResult)
  result: ItemResult;

  @ApiPropertyOptional({ example: '3号排水器水封高度不足' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(0, 1000)
  note?: string;

  @ApiPropertyOptional({ description: '边检查边整改: fixed while inspecting' })
  @IsOptional()
  @IsBoolean()
  fixedOnTheSpot?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @Length(0, 1000)
  measures?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @Length(0, 1000)
  rootCause?: string;

  @ApiPropertyOptional({
    description:
      'The task version as read. Given, an answer made meanwhile by someone else is not silently overwritten: 409 ' +
      'VERSION_CONFLICT. The inspection page always sends it.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  version?: number;
}

export class SignDto {
  @ApiProperty({ description: 'The inspector types their name to sign', example: '王班长' })
  @Trim()
  @IsString()
  @Length(1, 50)
  signature: string;

  @ApiProperty()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  version: number;
}
