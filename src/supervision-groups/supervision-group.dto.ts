import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEnum, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { PG_INT_MAX } from '../common/dto';
import { GroupPosition } from './group-position';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateGroupDto {
  @ApiProperty({ example: '督察问题整改督导组' })
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ example: '2023年1月集团督察“回头看”问题整改' })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  campaign: string;

  @ApiProperty({ description: 'The office unit doing the daily work (安全环保健康部)' })
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  officeUnitId: number;
}

export class UpdateGroupDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  version: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  campaign?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  officeUnitId?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class AddMemberDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  userId: number;

  @ApiProperty({ enum: GroupPosition })
  @IsEnum(GroupPosition)
  position: GroupPosition;
}

export class ChangePositionDto {
  @ApiProperty({ enum: GroupPosition })
  @IsEnum(GroupPosition)
  position: GroupPosition;
}
