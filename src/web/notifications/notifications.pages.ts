import { Body, Get, Param, ParseIntPipe, Post, Query, Req, Res } from '@nestjs/common';
import { redirect, type HttpResponse } from '../../common/http/platform';
import { AllowRoles, AnyLoggedInUser } from '../../common/access/roles.decorator';
import { Role } from '../../common/access/roles';
import { NOTIFICATION_KIND_LABEL } from '../../notifications/notification.enums';
import { NotificationsService } from '../../notifications/notifications.service';
import { intList } from '../forms';
import { flash, renderPage, type WebRequest } from '../view';
import { WebPages } from '../web-pages.decorator';

/**
 * A message as the page shows it: without the address it ends with, which is there for e-mail and the group robots
 * (http://…/findings/92); on the page the title is the link.
 */
export const onPageText = (body: string): string => body.replace(/\s*https?:\/\/\S+\s*$/, '');

/** 通知: the bell's page (newest first, unread marked), opening one (read, then its page), mark all read. */
@WebPages()
export class NotificationPages {
  constructor(private readonly notifications: NotificationsService) {}

  @Get('notifications')
  @AnyLoggedInUser()
  async list(@Req() req: WebRequest, @Res() res: HttpResponse, @Query('unread') unread?: string) {
    const page = await this.notifications.list(req.actor!, { limit: 100, offset: 0, unread: unread === '1' });
    renderPage(req, res, 'notifications/list', {
      title: '通知',
      page: { ...page, items: page.items.map((n) => ({ ...n, body: onPageText(n.body) })) },
      unreadOnly: unread === '1',
      kindLabel: NOTIFICATION_KIND_LABEL,
    });
  }

  @Get('notifications/:id/open')
  @AnyLoggedInUser()
  async open(@Req() req: WebRequest, @Res() res: HttpResponse, @Param('id', ParseIntPipe) id: number) {
    redirect(res, await this.notifications.open(req.actor!, id));
  }

  @Post('notifications/read')
  @AnyLoggedInUser()
  async markRead(@Req() req: WebRequest, @Res() res: HttpResponse, @Body() body: Record<string, unknown>) {
    const ids = (intList(body.ids) ?? []).filter((x): x is number => typeof x === 'number');
    const { marked } = await this.notifications.markRead(req.actor!, ids.length ? ids : null);
    flash(res, `已将 ${marked} 条通知标为已读。`);
    redirect(res, '/notifications');
  }

  @Get('notifications/failures')
  @AllowRoles(Role.ADMIN)
  async failures(@Req() req: WebRequest, @Res() res: HttpResponse) {
    renderPage(req, res, 'notifications/failures', {
      title: '通知发送失败',
      ...(await this.notifications.failures()),
    });
  }
}
