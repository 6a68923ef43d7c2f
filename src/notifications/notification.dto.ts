import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { PageQuery, QueryBool, PG_INT_MAX } from '../common/dto';
import { NotificationKind } from './notification.enums';

export class ListNotificationsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'only the unread ones' })
  @IsOptional()
  @QueryBool()
  @IsBoolean()
  unread?: boolean;
}

export class MarkReadDto {
  @ApiPropertyOptional({
    type: [Number],
    description: 'the notifications to mark read; omitted: all of them',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(PG_INT_MAX, { each: true })
  ids?: number[];
}

export class NotificationPreferencesDto {
  @ApiPropertyOptional({ example: 'wen.xiaofeng@example.com', nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @IsEmail({}, { message: 'email 须为有效的邮箱地址 / must be an e-mail address' })
  email?: string | null;

  @ApiPropertyOptional({
    enum: NotificationKind,
    isArray: true,
    description: 'the kinds also sent by e-mail',
  })
  @IsOptional()
  @IsArray()
  @IsIn(Object.values(NotificationKind), { each: true })
  emailKinds?: string[];

  @ApiPropertyOptional({
    nullable: true,
    minimum: 0,
    maximum: 23,
    description: '每日汇总: the hour (business zone) the day’s reminders go in one e-mail; null: one by one',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(0)
  @Max(23)
  digestHour?: number | null;
}

export class CreateWebhookDto {
  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'the unit whose findings it hears of (or supervisionGroupId)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  unitId?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description: 'the supervision group whose rounds’ findings it hears of (or unitId)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(PG_INT_MAX)
  supervisionGroupId?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '热电分厂安全群' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string | null;

  @ApiProperty({ enum: ['WECOM', 'DINGTALK'] })
  @IsString()
  channel: string;

  @ApiProperty({ example: 'https://oapi.dingtalk.com/robot/send?access_token=…' })
  @IsString()
  url: string;

  @ApiPropertyOptional({ type: String, description: '钉钉加签密钥 (SEC…)', nullable: true })
  @IsOptional()
  @IsString()
  secret?: string | null;
}
