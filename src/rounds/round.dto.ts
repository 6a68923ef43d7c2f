import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { IsCalendarDate, QueryInt, Trim, PageQuery, PG_INT_MAX } from '../common/dto';
import { Domain } from './domain';
import { RoundKind, RoundStatus } from './round.enums';

export class CreateRoundDto {
  @ApiProperty({ example: '2023年1月集团第二督察组职业健康安全督察“回头看”' })
  @Trim()
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ enum: RoundKind })
  @IsEnum(RoundKind)
  kind: RoundKind;

  @ApiProperty({ enum: Domain })
  @IsEnum(Domain)
  domain: Domain;

  @ApiProperty({ description: 'The audited company (unit id)' })
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  companyUnitId: number;

  @ApiProperty({ example: '中铝集团第二督察组' })
  @Trim()
  @IsString()
  @Length(1, 200)
  auditTeam: string;

  @ApiProperty({ example: '2023-01-04' })
  @IsCalendarDate()
  startDate: string;

  @ApiProperty({ example: '2023-01-10' })
  @IsCalendarDate()
  endDate: string;

  @ApiPropertyOptional({ example: '中铝集团督察〔2023〕3号' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 200)
  reportRef?: string;

  @ApiPropertyOptional({ description: 'Required for LOOK_BACK: the original audit round' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  originalRoundId?: number;

  @ApiPropertyOptional({ example: '2023-02-13' })
  @IsOptional()
  @IsCalendarDate()
  planMeetingDate?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  supervisionGroupId?: number;
}

export class UpdateRoundDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  version: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 200)
  auditTeam?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsCalendarDate()
  startDate?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsCalendarDate()
  endDate?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 200)
  reportRef?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsCalendarDate()
  planMeetingDate?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  supervisionGroupId?: number;
}

export class ListRoundsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: RoundKind })
  @IsOptional()
  @IsEnum(RoundKind)
  kind?: RoundKind;

  @ApiPropertyOptional({ enum: Domain })
  @IsOptional()
  @IsEnum(Domain)
  domain?: Domain;

  @ApiPropertyOptional({ enum: RoundStatus })
  @IsOptional()
  @IsEnum(RoundStatus)
  status?: RoundStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  companyUnitId?: number;
}
