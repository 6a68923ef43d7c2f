import { PageQuery, PG_INT_MAX } from '../common/dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMinSize,
  ArrayUnique,
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
import { Role } from '../common/access/roles';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateUserDto {
  @ApiProperty({ example: 'wang.anquan', description: '登录名: letters, digits, . _ -' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]{1,39}$/, {
    message: '登录名只能包含字母、数字和 . _ -（2–40 位） / username: 2–40 of a-z 0-9 . _ -',
  })
  username: string;

  @ApiProperty({ example: '王安全' })
  @Transform(trim)
  @IsString()
  @Length(1, 50)
  displayName: string;

  @ApiPropertyOptional({ description: '所属单位; required for UNIT_OFFICER, UNIT_HEAD and REPORTER' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  homeUnitId?: number;

  @ApiProperty({ enum: Role, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsEnum(Role, { each: true })
  roles: Role[];

  @ApiPropertyOptional({ description: 'Initial password; omitted: one is generated and returned once' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  password?: string;
}

export class UpdateUserDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  version: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 50)
  displayName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  homeUnitId?: number;

  @ApiPropertyOptional({ enum: Role, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsEnum(Role, { each: true })
  roles?: Role[];
}

export class ListUsersQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Search login or display name' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 50)
  q?: string;

  @ApiPropertyOptional({ description: 'Users of this unit and its subtree' })
  @IsOptional()
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  unitId?: number;

  @ApiPropertyOptional({ enum: Role })
  @IsOptional()
  @IsEnum(Role)
  role?: Role;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  active?: boolean;
}
