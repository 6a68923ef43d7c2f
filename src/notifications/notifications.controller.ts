import { Body, Controller, Get, Param, ParseIntPipe, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/access/actor';
import { CurrentActor } from '../common/access/current-actor.decorator';
import { AllowRoles, AnyLoggedInUser } from '../common/access/roles.decorator';
import { Role } from '../common/access/roles';
import type { CheckedInput } from '../common/errors/field-problems';
import { CheckedBody } from '../common/errors/validation';
import {
  CreateWebhookDto,
  ListNotificationsQuery,
  MarkReadDto,
  NotificationPreferencesDto,
} from './notification.dto';
import { NotificationsService } from './notifications.service';
import { RobotsService } from './robots.service';

@ApiTags('notifications 通知提醒')
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly robots: RobotsService,
  ) {}

  @Get()
  @AnyLoggedInUser()
  @ApiOperation({ summary: '我的通知 / The caller’s notifications, newest first, with the unread count' })
  list(@CurrentActor() actor: Actor, @Query() q: ListNotificationsQuery) {
    return this.notifications.list(actor, { limit: q.limit ?? 50, offset: q.offset ?? 0, unread: q.unread });
  }

  @Get('unread-count')
  @AnyLoggedInUser()
  @ApiOperation({ summary: '未读数 / The caller’s unread count (the bell)' })
  async unreadCount(@CurrentActor() actor: Actor) {
    return { unread: await this.notifications.unreadCount(actor) };
  }

  @Post('read')
  @AnyLoggedInUser()
  @ApiOperation({ summary: '标为已读 / Mark some (ids) or all of the caller’s notifications read' })
  markRead(@CurrentActor() actor: Actor, @Body() dto: MarkReadDto) {
    return this.notifications.markRead(actor, dto.ids ?? null);
  }

  @Get('preferences')
  @AnyLoggedInUser()
  @ApiOperation({ summary: '通知方式 / The caller’s channels: in-app always, e-mail for the chosen kinds' })
  preferences(@CurrentActor() actor: Actor) {
    return this.notifications.preferences(actor);
  }

  @Put('preferences')
  @AnyLoggedInUser()
  @ApiOperation({ summary: '设置通知方式 / Set the caller’s e-mail address and the kinds sent by e-mail' })
  setPreferences(@CurrentActor() actor: Actor, @Body() dto: NotificationPreferencesDto) {
    return this.notifications.setPreferences(actor, dto);
  }

  @Get('failures')
  @AllowRoles(Role.ADMIN)
  @ApiOperation({
    summary: '发送失败 / The latest delivery errors and the outbox counts per channel (ADMIN)',
  })
  failures() {
    return this.notifications.failures();
  }

  @Get('webhooks')
  @AllowRoles(Role.ADMIN)
  @ApiOperation({
    summary:
      '群机器人 / The 企业微信 and 钉钉 robots of units and supervision groups (ADMIN; secrets not shown)',
  })
  webhooks() {
    return this.robots.list();
  }

  @Post('webhooks')
  @AllowRoles(Role.ADMIN)
  @ApiOperation({
    summary:
      '添加群机器人 / Add a robot of a unit or of a supervision group: WECOM or DINGTALK, its URL and 钉钉 signing secret',
  })
  addWebhook(
    @CurrentActor() actor: Actor,
    @CheckedBody(CreateWebhookDto) body: CheckedInput<CreateWebhookDto>,
  ) {
    return this.robots.add(actor, body.dto, body.problems);
  }

  @Post('webhooks/:id/disable')
  @AllowRoles(Role.ADMIN)
  @ApiOperation({ summary: '停用群机器人 / Disable a robot (never deleted; 409 when already disabled)' })
  disableWebhook(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return this.robots.disable(actor, id);
  }
}
