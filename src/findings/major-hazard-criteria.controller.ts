import { Controller, Get } from '@nestjs/common';
import { Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { QueryBool, QueryInt, Trim } from '../common/dto';
import { FINDING_READERS } from '../common/access/reader-roles';
import { AllowRoles } from '../common/access/roles.decorator';
import { MajorHazardCriteriaRepository } from './major-hazard-criteria.repository';

export class CriteriaQuery {
  @ApiPropertyOptional({ description: 'Keywords (all must match), e.g. 有限空间 监护', example: '积水' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(0, 100)
  q?: string;

  @ApiPropertyOptional({ description: 'Also list retired clauses' })
  @IsOptional()
  @QueryBool()
  @IsBoolean()
  includeRetired?: boolean;

  @ApiPropertyOptional({ default: 50 })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

/** 重大事故隐患判定依据 (issue 21): the reference list of clauses, searchable by keyword. */
@ApiTags('findings 问题')
@Controller('major-hazard-criteria')
export class MajorHazardCriteriaController {
  constructor(private readonly criteria: MajorHazardCriteriaRepository) {}

  @Get()
  @AllowRoles(...FINDING_READERS)
  @ApiOperation({
    summary: '判定依据 / Clauses of the 重大事故隐患判定标准 (工贸 2023 and others) matching the keywords',
  })
  async search(@Query() q: CriteriaQuery) {
    const items = await this.criteria.search(q.q, q.includeRetired ?? false, q.limit ?? 50);
    return { items, total: items.length };
  }
}
