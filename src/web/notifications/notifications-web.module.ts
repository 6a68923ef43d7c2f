import { Module } from '@nestjs/common';
import { NotificationsModule } from '../../notifications/notifications.module';
import { NotificationsHomeCard } from './notifications-home-card';
import { NotificationPages } from './notifications.pages';
import { NotificationSettingsPages } from './notification-settings.pages';
import { OrgModule } from '../../org/org.module';
import { SupervisionGroupsModule } from '../../supervision-groups/supervision-groups.module';

/** The in-app channel's pages: the bell in the header, /notifications, the 首页 card and the ADMIN failures page. */
@Module({
  imports: [NotificationsModule, OrgModule, SupervisionGroupsModule],
  controllers: [NotificationPages, NotificationSettingsPages],
  providers: [NotificationsHomeCard],
  exports: [NotificationsHomeCard],
})
export class NotificationsWebModule {}
