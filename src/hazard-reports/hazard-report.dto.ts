import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  registerDecorator,
  ValidateIf,
} from 'class-validator';
import { IsCalendarDate, QueryInt, Trim, PageQuery, PG_INT_MAX } from '../common/dto';
import { FindingCategory, HazardLevel } from '../findings/finding.enums';
import { BountyStatus } from './hazard-report.enums';
import { bountyAmountProblem } from './rules/bounty-rules';

/** A bounty amount: a JSON number, whole yuan, 500–2000 ("1000元", 1500.5, 499, 2001 are refused). */
function IsBountyAmount() {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isBountyAmount',
      target: object.constructor,
      propertyName,
      validator: {
        validate: (value: unknown) => bountyAmountProblem(value) === null,
        defaultMessage: (args) => bountyAmountProblem(args?.value) ?? 'invalid amount',
      },
    });
}

export class CreateHazardReportDto {
  @ApiProperty({ description: 'The unit where the hazard is' })
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  hazardUnitId: number;

  @ApiProperty({ example: '石灰工区2号皮带廊' })
  @Trim()
  @IsString()
  @Length(1, 200)
  location: string;

  @ApiProperty({ example: '皮带廊照明线路绝缘层破损，有漏电风险' })
  @Trim()
  @IsString()
  @Length(4, 2000)
  description: string;

  @ApiProperty({ description: 'Report on behalf of my unit (the unit is rewarded) instead of myself' })
  @IsBoolean()
  onBehalfOfUnit: boolean;

  @ApiProperty({ description: 'Hide my identity from everyone except the bounty handlers' })
  @IsBoolean()
  hideIdentity: boolean;
}

export class TriageDto {
  @ApiProperty({ enum: ['VALID', 'INVALID', 'DUPLICATE'] })
  @IsIn(['VALID', 'INVALID', 'DUPLICATE'])
  result: 'VALID' | 'INVALID' | 'DUPLICATE';

  @ApiPropertyOptional({ enum: HazardLevel, description: 'VALID: the degree of the hazard' })
  @ValidateIf((o: TriageDto) => o.result === 'VALID')
  @IsEnum(HazardLevel)
  level?: HazardLevel;

  @ApiPropertyOptional({ enum: FindingCategory })
  @ValidateIf((o: TriageDto) => o.result === 'VALID')
  @IsEnum(FindingCategory)
  category?: FindingCategory;

  @ApiPropertyOptional({ description: 'VALID: 整改时限 of the finding' })
  @ValidateIf((o: TriageDto) => o.result === 'VALID')
  @IsCalendarDate()
  deadline?: string;

  @ApiPropertyOptional({ description: 'VALID: 责任人 of the finding' })
  @ValidateIf((o: TriageDto) => o.result === 'VALID')
  @Trim()
  @IsString()
  @Length(1, 100)
  responsiblePerson?: string;

  @ApiPropertyOptional({ description: 'VALID and MAJOR: 责任领导' })
  @ValidateIf((o: TriageDto) => o.level === HazardLevel.MAJOR)
  @Trim()
  @IsString()
  @Length(1, 100)
  responsibleLeader?: string;

  @ApiPropertyOptional({ description: 'INVALID: why (required)' })
  @ValidateIf((o: TriageDto) => o.result === 'INVALID' || o.note !== undefined)
  @Trim()
  @IsString()
  @Length(2, 1000)
  note?: string;

  @ApiPropertyOptional({ description: 'DUPLICATE: the known open finding' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  duplicateOfFindingId?: number;

  @ApiPropertyOptional({ description: 'DUPLICATE: the earlier report' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  duplicateOfReportId?: number;
}

export class ListHazardReportsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['SUBMITTED', 'VALID', 'INVALID', 'DUPLICATE'] })
  @IsOptional()
  @IsIn(['SUBMITTED', 'VALID', 'INVALID', 'DUPLICATE'])
  status?: string;

  @ApiPropertyOptional({ description: 'Only my own reports' })
  @IsOptional()
  @IsIn(['true', 'false'])
  mine?: string;
}

export class ProposeBountyDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  hazardReportId: number;

  @ApiPropertyOptional({
    description: 'Whole yuan 500–2000; omitted: the default for the hazard’s level',
    example: 1000,
  })
  @IsOptional()
  @IsBountyAmount()
  amountYuan?: number;
}

export class BountyDecisionDto {
  @ApiProperty()
  @IsBoolean()
  approve: boolean;

  @ApiPropertyOptional({
    description:
      '审批意见; required for a rejection (approve: false), at least 4 characters — the reporter is told it',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(0, 1000)
  note?: string;
}

export class BountyPaymentDto {
  @ApiProperty({ example: '2023-04-10' })
  @IsCalendarDate()
  paidOn: string;

  @ApiProperty({ example: '财务凭证 2023-04-0123' })
  @Trim()
  @IsString()
  @Length(2, 200)
  paymentRef: string;
}

export class BountyCancelDto {
  @ApiProperty()
  @Trim()
  @IsString()
  @Length(2, 1000)
  reason: string;
}

export class BountyBudgetDto {
  @ApiProperty({ example: 50000, description: 'Whole yuan' })
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  amountYuan: number;
}

export class LedgerQuery {
  @ApiPropertyOptional({
    example: '2023-01-01',
    description:
      'Bounties whose current step was taken on or after this day: paid on (发放日期), else decided on (审批), else proposed on',
  })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ example: '2023-12-31', description: 'The same, on or before this day' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional({ description: 'Hazards in this unit (subtree)' })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  unitId?: number;

  @ApiPropertyOptional({ description: 'One reporter (hidden reporters are matched only for handlers)' })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  reporterId?: number;

  @ApiPropertyOptional({ enum: BountyStatus })
  @IsOptional()
  @IsEnum(BountyStatus)
  status?: BountyStatus;
}
