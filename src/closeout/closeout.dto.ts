import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { IsCalendarDate, Trim, PG_INT_MAX } from '../common/dto';
import { FindingCategory } from '../findings/finding.enums';
import { AccountabilityAction } from './closeout.enums';

export class VerificationDto {
  @ApiProperty({ enum: ['PASS', 'FAIL'] })
  @IsIn(['PASS', 'FAIL'])
  result: 'PASS' | 'FAIL';

  @ApiProperty({ example: '2023-03-20' })
  @IsCalendarDate()
  verifiedOn: string;

  @ApiProperty({ description: 'What was checked; for FAIL the reason the unit will see' })
  @Trim()
  @IsString()
  @Length(2, 4000)
  notes: string;

  @ApiPropertyOptional({
    type: [Number],
    description: 'Evidence of this finding supporting the verification: at least one for PASS',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(PG_INT_MAX, { each: true })
  evidenceIds?: number[];
}

export class SweepDto {
  @ApiProperty({ type: [Number], description: 'Units checked for the same problem' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(PG_INT_MAX, { each: true })
  checkedUnitIds: number[];

  @ApiProperty({ example: '安全环保健康部组织各单位排查' })
  @Trim()
  @IsString()
  @Length(1, 200)
  checkedBy: string;

  @ApiProperty({ enum: ['NONE_FOUND', 'SIMILAR_FOUND'] })
  @IsIn(['NONE_FOUND', 'SIMILAR_FOUND'])
  result: 'NONE_FOUND' | 'SIMILAR_FOUND';

  @ApiPropertyOptional({
    type: [Number],
    description: 'For SIMILAR_FOUND: the findings logged for them (linked as similar)',
  })
  @ValidateIf((o: SweepDto) => o.result === 'SIMILAR_FOUND')
  @IsArray()
  @ArrayMinSize(1, { message: '发现同类问题时须关联其问题记录 / Link the similar findings' })
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(PG_INT_MAX, { each: true })
  similarFindingIds?: number[];

  @ApiProperty({ example: '2023-03-10' })
  @IsCalendarDate()
  sweptOn: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @Length(0, 2000)
  notes?: string;
}

export class MechanismDto {
  @ApiProperty({
    enum: ['MECHANISM', 'EXISTING_SUFFICIENT'],
    description: 'EXISTING_SUFFICIENT: the supervision group states why the existing mechanism suffices',
  })
  @IsIn(['MECHANISM', 'EXISTING_SUFFICIENT'])
  kind: 'MECHANISM' | 'EXISTING_SUFFICIENT';

  @ApiProperty({
    description: 'Title of the rule/procedure/checklist, or the reasoning for EXISTING_SUFFICIENT',
  })
  @Trim()
  @IsString()
  @Length(2, 500)
  title: string;

  @ApiPropertyOptional({ example: 'XCL-AQ-ZD-2023-07' })
  @ValidateIf((o: MechanismDto) => o.kind === 'MECHANISM')
  @Trim()
  @IsString()
  @Length(1, 100)
  documentNumber?: string;

  @ApiPropertyOptional({ example: '2023-03-01' })
  @ValidateIf((o: MechanismDto) => o.kind === 'MECHANISM')
  @IsCalendarDate()
  effectiveDate?: string;

  @ApiPropertyOptional({ description: 'An evidence file of this finding holding the document' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  attachmentEvidenceId?: number;
}

export class AccountabilityDto {
  @ApiProperty({ enum: ['ACTION', 'NO_FAULT'] })
  @IsIn(['ACTION', 'NO_FAULT'])
  kind: 'ACTION' | 'NO_FAULT';

  @ApiPropertyOptional()
  @ValidateIf((o: AccountabilityDto) => o.kind === 'ACTION')
  @Trim()
  @IsString()
  @Length(1, 50)
  personName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  unitId?: number;

  @ApiPropertyOptional({ enum: AccountabilityAction })
  @ValidateIf((o: AccountabilityDto) => o.kind === 'ACTION')
  @IsEnum(AccountabilityAction)
  action?: AccountabilityAction;

  @ApiPropertyOptional({ description: '经济考核 amount, whole yuan (required for ECONOMIC)' })
  @ValidateIf(
    (o: AccountabilityDto) => o.action === AccountabilityAction.ECONOMIC || o.amountYuan !== undefined,
  )
  @IsInt({ message: '经济考核金额须为整数元 / amountYuan must be whole yuan' })
  @Min(1)
  @Max(1_000_000)
  amountYuan?: number;

  @ApiPropertyOptional({ description: 'For NO_FAULT: the reasons (required); for OTHER: what was done' })
  @ValidateIf((o: AccountabilityDto) => o.kind === 'NO_FAULT' || o.action === AccountabilityAction.OTHER)
  @Trim()
  @IsString()
  @Length(2, 2000)
  details?: string;

  @ApiProperty({ example: '公司安全生产委员会' })
  @Trim()
  @IsString()
  @Length(1, 100)
  decidedBy: string;

  @ApiProperty({ example: '2023-03-18' })
  @IsCalendarDate()
  decidedOn: string;
}

export class SatisfactionDto {
  @ApiProperty({
    example: '职工代表 李师傅、周边村民代表 王某',
    description: 'The representatives asked, by name',
  })
  @Trim()
  @IsString()
  @Length(2, 500)
  representatives: string;

  @ApiProperty({ example: '现场座谈', description: 'How they were asked (座谈、问卷、现场询问…)' })
  @Trim()
  @IsString()
  @Length(2, 200)
  method: string;

  @ApiProperty({ example: '2023-03-21' })
  @IsCalendarDate()
  confirmedOn: string;

  @ApiProperty({ description: 'The result: the representatives are satisfied' })
  @IsBoolean()
  satisfied: boolean;

  @ApiPropertyOptional({
    type: [Number],
    description: 'Evidence of this finding holding the confirmation (e.g. the sheet the unit uploaded)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(PG_INT_MAX, { each: true })
  evidenceIds?: number[];

  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @Length(0, 2000)
  comments?: string;
}

/** The most findings one request links as similar. */
export const MAX_SIMILAR_LINKS = 50;

export class LinkSimilarDto {
  @ApiProperty({ type: [Number] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SIMILAR_LINKS)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(PG_INT_MAX, { each: true })
  findingIds: number[];
}

export class LinkRecurrenceDto {
  @ApiProperty({ description: 'The closed finding this one re-found' })
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  earlierFindingId: number;
}

export class SuggestionQueryDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  unitId: number;

  @ApiProperty()
  @Trim()
  @IsString()
  @Length(2, 2000)
  description: string;

  @ApiProperty({ enum: FindingCategory })
  @IsEnum(FindingCategory)
  category: FindingCategory;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  tags?: string[];
}
