import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { PG_INT_MAX } from '../common/dto';
import { UnitKind } from './unit-kind';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateUnitDto {
  @ApiProperty({ example: 'SXXCL-DJC', description: '单位编码, unique: letters, digits, - and _' })
  @Transform(trim)
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, {
    message: '编码只能包含字母、数字、- 和 _（最长 40） / code: letters, digits, - and _',
  })
  code: string;

  @ApiProperty({ example: '电解厂' })
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ enum: UnitKind })
  @IsEnum(UnitKind)
  kind: UnitKind;

  @ApiPropertyOptional({ description: 'Parent unit id; omit for a company at the top of the tree' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  parentId?: number;

  @ApiPropertyOptional({ type: [String], example: ['电解分厂'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  aliases?: string[];
}

export class UpdateUnitDto {
  @ApiProperty({ description: 'The version you read; a stale version is refused with 409 VERSION_CONFLICT' })
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  version: number;

  @ApiPropertyOptional({ description: 'Renaming keeps the old name as an alias (曾用名)' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ enum: UnitKind })
  @IsOptional()
  @IsEnum(UnitKind)
  kind?: UnitKind;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  aliases?: string[];
}

export class MoveUnitDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  version: number;

  @ApiProperty({ description: 'The new parent unit' })
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  parentId: number;
}

export class VersionDto {
  @ApiProperty({ description: 'The version you read' })
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  version: number;
}

export class ListUnitsQuery {
  @ApiPropertyOptional({ description: 'Search in name, former names and code' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({ enum: UnitKind })
  @IsOptional()
  @IsEnum(UnitKind)
  kind?: UnitKind;

  @ApiPropertyOptional({ description: 'Only the children of this unit' })
  @IsOptional()
  @Transform(({ value }) => (value === undefined ? value : Number(value)))
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  parentId?: number;

  @ApiPropertyOptional({ description: 'true (default): active units only; false: inactive only' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ default: 200 })
  @IsOptional()
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(PG_INT_MAX)
  offset?: number;
}
