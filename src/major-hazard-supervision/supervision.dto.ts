import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
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
} from 'class-validator';
import { IsCalendarDate, PageQuery, QueryBool, QueryInt, Trim, PG_INT_MAX } from '../common/dto';
import { ListingStatus, SupervisionLevel } from './supervision.enums';

/** Every step carries the listing's version as read (optimistic check). */
class VersionedDto {
  @ApiProperty({ description: 'The listing’s version as read' })
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  version: number;
}

export class CreateListingDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  findingId: number;

  @ApiProperty({ enum: SupervisionLevel, description: '督办级别' })
  @IsEnum(SupervisionLevel)
  level: SupervisionLevel;

  @ApiProperty({ example: '中铝山西新材料有限公司安全环保健康部', description: '督办单位' })
  @Trim()
  @IsString()
  @Length(2, 200)
  supervisingUnit: string;

  @ApiProperty({
    example: '立即设置警戒区，停用2号调压站，限期完成泄漏报警仪更换并组织验收',
    description: '督办要求',
  })
  @Trim()
  @IsString()
  @Length(4, 4000)
  requirements: string;

  @ApiProperty({ example: '2023-05-31', description: '督办期限' })
  @IsCalendarDate()
  deadline: string;

  @ApiPropertyOptional({
    description: '公告: publish listing and delisting on the notice board',
    default: false,
  })
  @IsOptional()
  @IsBoolean()
  publicNotice?: boolean;
}

export class ServeListingDto extends VersionedDto {
  @ApiProperty({ example: '热电分厂 安全员 王强', description: '送达对象 (who received the notice)' })
  @Trim()
  @IsString()
  @Length(2, 200)
  servedTo: string;
}

export class SignListingDto extends VersionedDto {
  @ApiPropertyOptional({ description: '签收人 (defaults to the signing user’s name)' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(2, 100)
  signedByName?: string;
}

export class ListingExtensionRequestDto extends VersionedDto {
  @ApiProperty({ example: '调压站备件到货延迟，需延期一个月' })
  @Trim()
  @IsString()
  @Length(4, 2000)
  reason: string;

  @ApiProperty({ example: '2023-06-30' })
  @IsCalendarDate()
  requestedDeadline: string;
}

export class ListingExtensionDecisionDto extends VersionedDto {
  @ApiProperty()
  @IsBoolean()
  approve: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 2000)
  note?: string;
}

export class AcceptanceRequestDto extends VersionedDto {
  @ApiProperty({
    description: 'Evidence files of the finding showing the completed rectification',
    type: [Number],
  })
  @IsArray()
  @ArrayMinSize(1, { message: '须附整改完成的证据 / evidence required' })
  @ArrayMaxSize(50)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(PG_INT_MAX, { each: true })
  evidenceIds: number[];

  @ApiPropertyOptional({ example: '已完成报警仪更换及联动测试，申请现场验收' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 2000)
  note?: string;
}

export class AcceptanceDto extends VersionedDto {
  @ApiProperty({ description: 'PASS: accepted on site; FAIL: back to the unit' })
  @IsIn(['PASS', 'FAIL'])
  result: 'PASS' | 'FAIL';

  @ApiProperty({ example: '2023-05-20', description: '现场验收日期' })
  @IsCalendarDate()
  acceptedOn: string;

  @ApiProperty({ example: '现场核查报警仪运行正常，同意验收' })
  @Trim()
  @IsString()
  @Length(2, 2000)
  opinion: string;
}

export class DelistDto extends VersionedDto {
  @ApiPropertyOptional({ example: '经现场验收合格，问题已销号，同意摘牌' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 2000)
  note?: string;
}

export class ListListingsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ListingStatus })
  @IsOptional()
  @IsEnum(ListingStatus)
  status?: ListingStatus;

  @ApiPropertyOptional({ enum: SupervisionLevel })
  @IsOptional()
  @IsEnum(SupervisionLevel)
  level?: SupervisionLevel;

  @ApiPropertyOptional({ description: 'The unit’s subtree' })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  unitId?: number;

  @ApiPropertyOptional({ description: 'Not delisted yet' })
  @IsOptional()
  @QueryBool()
  @IsBoolean()
  open?: boolean;

  @ApiPropertyOptional({ description: '督办超期: deadline passed while the unit owes the rectification' })
  @IsOptional()
  @QueryBool()
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ description: '待验收' })
  @IsOptional()
  @QueryBool()
  @IsBoolean()
  awaitingAcceptance?: boolean;

  @ApiPropertyOptional({ description: '验收超期' })
  @IsOptional()
  @QueryBool()
  @IsBoolean()
  acceptanceOverdue?: boolean;
}

export class ListingCountsQuery {
  @ApiPropertyOptional({ description: 'The unit’s subtree' })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  unitId?: number;
}
