import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { IsCalendarDate, PG_INT_MAX, Trim } from '../common/dto';
import type { EvidenceSize } from '../common/files/image-sizes';
import { EvidenceKind } from './finding.enums';

export class RecordPlanDto {
  @ApiPropertyOptional({
    description:
      'The plan revision this one revises, as read (0: there was none). Given, a plan someone else recorded meanwhile ' +
      'is not silently replaced: 409 VERSION_CONFLICT. The pages always send it.',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(PG_INT_MAX)
  basedOnRevision?: number;

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
  @Min(1, { each: true })
  @Max(PG_INT_MAX, { each: true })
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

  @ApiPropertyOptional({ description: 'MAJOR 治理方案: 治理的目标和任务' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(0, 4000)
  goalsAndTasks?: string;

  @ApiPropertyOptional({ description: 'MAJOR 治理方案: 物资的落实' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(0, 4000)
  materials?: string;

  @ApiPropertyOptional({ description: 'MAJOR 治理方案: 负责治理的机构' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(0, 4000)
  responsibleOrganisation?: string;

  @ApiPropertyOptional({ description: 'MAJOR 治理方案: 治理的要求 (besides the deadline)' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(0, 4000)
  timeRequirements?: string;

  @ApiPropertyOptional({ description: 'MAJOR 现状报告: 隐患的现状及其产生原因' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(0, 4000)
  currentSituation?: string;

  @ApiPropertyOptional({ description: 'MAJOR 现状报告: 危害程度和整改难易程度分析' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(0, 4000)
  hazardAnalysis?: string;
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
  @Min(1, { each: true })
  @Max(PG_INT_MAX, { each: true })
  evidenceIds?: number[];
}

export class EvidenceUploadDto {
  @ApiProperty({
    enum: EvidenceKind,
    description:
      '整改前 BEFORE / 整改后 AFTER (the unit), 复查 REVIEW (the supervision group), 文件资料 DOCUMENT (anyone who uploads)',
  })
  @IsEnum(EvidenceKind, {
    message:
      // The kinds a user may choose depend on their role (the page lists theirs): none named here.
      '请选择证据类型 / kind must be BEFORE, AFTER, REVIEW or DOCUMENT',
  })
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

export class EvidenceFileQuery {
  @ApiPropertyOptional({
    enum: ['original', 'thumb', 'medium'],
    description: 'original (default, byte-for-byte); a photo’s thumb (≤320 px) or medium (≤1280 px) JPEG',
  })
  @IsOptional()
  @IsIn(['original', 'thumb', 'medium'], {
    message: 'size 须为 original、thumb 或 medium / size must be original, thumb or medium',
  })
  size?: EvidenceSize;

  @ApiPropertyOptional({
    description:
      'The first 16 hex digits of the file’s SHA-256: the address never changes, cached for a year',
  })
  @IsOptional()
  @Matches(/^[0-9a-f]{16}$/, {
    message: 'v 须为 SHA-256 的前 16 位 / v must be 16 hex digits of the SHA-256',
  })
  v?: string;
}
