import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/access/actor';
import { NotificationsService } from '../../notifications/notifications.service';

/** 首页 card: the user's latest notifications (the unread ones first to the eye: they are marked). */
@Injectable()
export class NotificationsHomeCard {
  constructor(private readonly notifications: NotificationsService) {}

  forActor(actor: Actor) {
    return this.notifications.list(actor, { limit: 5, offset: 0 });
  }
}
