import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate, QueryInt, Trim, PG_INT_MAX } from '../common/dto';
import { ADJUSTABLE, type FigureKey } from './rules/statutory-table';

const PERIOD = /^20\d\d(-Q[1-4])?$/;
const PERIOD_MESSAGE =
  '报告期须为 YYYY（年度）或 YYYY-Qn（季度），如 2023-Q1 / Period must be 2023 or 2023-Q1';

export class StatutoryTableQuery {
  @ApiProperty({ description: 'A company, or a 二级单位 (internal version)' })
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  unitId: number;

  @ApiProperty({
    example: '2023-Q1',
    description: 'A quarter (YYYY-Qn) or a year (YYYY); cumulative from 1 January',
  })
  @Matches(PERIOD, { message: PERIOD_MESSAGE })
  period: string;

  @ApiPropertyOptional({
    description:
      'For exports of a filed report: the locked version (default: the latest; the live draft if none)',
  })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  version?: number;
}

export class ListStatutoryReportsQuery {
  @ApiPropertyOptional({ example: '2023-Q1' })
  @IsOptional()
  @Matches(PERIOD, { message: PERIOD_MESSAGE })
  period?: string;
}

export class NotFiledQuery {
  @ApiProperty({ example: '2023-Q1' })
  @Matches(PERIOD, { message: PERIOD_MESSAGE })
  period: string;

  @ApiPropertyOptional({
    description:
      'A company: list its 二级单位 that have not filed the internal version (default: the companies)',
  })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  companyUnitId?: number;
}

export class PrepareStatutoryReportDto {
  @ApiProperty({ description: 'A company, or a 二级单位 (internal version)' })
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  unitId: number;

  @ApiProperty({ example: '2023-Q1' })
  @Matches(PERIOD, { message: PERIOD_MESSAGE })
  period: string;
}

class VersionedDto {
  @ApiProperty({ description: 'The report’s version as read (optimistic check)' })
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  version: number;
}

export class AdjustmentDto {
  @ApiProperty({ example: 'TOTAL', description: 'Row key: TOTAL, DOMAIN:SAFETY, UNIT:<id>, …' })
  @IsString()
  @Length(1, 40)
  row: string;

  @ApiProperty({ enum: ADJUSTABLE, description: 'Column (percentages are always computed)' })
  @IsIn(ADJUSTABLE as FigureKey[], {
    message: '只能调整计数列和资金列（整改率由计数计算）/ Only counts and funds',
  })
  column: FigureKey;

  @ApiProperty({ description: 'The figure: a whole number (万元 with up to 4 decimals for column c14)' })
  @IsNumber({ maxDecimalPlaces: 4 })
  @Min(0)
  @Max(1e9)
  value: number;
}

export class AdjustStatutoryReportDto extends VersionedDto {
  @ApiProperty({ type: [AdjustmentDto], description: 'Replaces every earlier adjustment' })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => AdjustmentDto)
  adjustments: AdjustmentDto[];

  @ApiProperty({ example: '补录地方应急管理局检查发现的隐患 2 项' })
  @Trim()
  @IsString()
  @Length(2, 500)
  reason: string;
}

export class StatutoryAnalysisDto extends VersionedDto {
  @ApiProperty({ description: 'The written analysis (隐患现状及原因, 与上期对比, 重大隐患治理情况)' })
  @Trim()
  @IsString()
  @Length(1, 20000)
  analysis: string;
}

export class CheckStatutoryReportDto extends VersionedDto {}

export class LockStatutoryReportDto extends VersionedDto {
  @ApiProperty({ example: '赵建国', description: '主要负责人' })
  @Trim()
  @IsString()
  @Length(2, 40)
  principalName: string;

  @ApiProperty({ example: '2023-04-12', description: '签字日期 / 填报日期' })
  @IsCalendarDate()
  signedOn: string;

  @ApiProperty({ example: '韩静怡', description: '填表人' })
  @Trim()
  @IsString()
  @Length(2, 40)
  preparerName: string;

  @ApiPropertyOptional({ example: '0359-1234567', description: '联系电话' })
  @IsOptional()
  @Trim()
  @Matches(/^[0-9+\-() ]{5,30}$/, { message: '联系电话格式不正确 / Phone number' })
  phone?: string;
}

export class ReopenStatutoryReportDto extends VersionedDto {
  @ApiProperty({ example: '电解厂一项一般隐患漏报，补报后更正' })
  @Trim()
  @IsString()
  @Length(4, 500)
  reason: string;
}
