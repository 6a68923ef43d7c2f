import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { NotificationsModule } from '../../notifications/notifications.module';
import { NotificationBellInterceptor } from './notification-bell.interceptor';
import { NotificationsHomeCard } from './notifications-home-card';
import { NotificationPages } from './notifications.pages';

/** The in-app channel's pages: the bell in the header, /notifications, the 首页 card and the ADMIN failures page. */
@Module({
  imports: [NotificationsModule],
  controllers: [NotificationPages],
  providers: [NotificationsHomeCard, { provide: APP_INTERCEPTOR, useClass: NotificationBellInterceptor }],
  exports: [NotificationsHomeCard],
})
export class NotificationsWebModule {}
