import { Module } from '@nestjs/common';
import { FindingsModule } from '../findings/findings.module';
import { InspectionsModule } from '../inspections/inspections.module';
import { JobsModule } from '../jobs/jobs.module';
import { MajorHazardSupervisionModule } from '../major-hazard-supervision/major-hazard-supervision.module';
import { OrgModule } from '../org/org.module';
import { RoundsModule } from '../rounds/rounds.module';
import { SupervisionGroupsModule } from '../supervision-groups/supervision-groups.module';
import { UsersModule } from '../users/users.module';
import { OutboxWorker } from './outbox.worker';
import { DingTalkSender, EmailSender, WeComSender } from './channel-senders';
import { DigestService } from './digest.service';
import { EmailTransport } from './email-transport';
import { FindingNotificationsHandler } from './finding-notifications.handler';
import { InspectionRemindersService } from './inspection-reminders.service';
import { MajorHazardNotificationsHandler } from './major-hazard-notifications.handler';
import { NotificationJobs } from './notification.jobs';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';
import { ReminderLadderService } from './reminder-ladder.service';
import { SupervisionRemindersService } from './supervision-reminders.service';
import { AssessmentNotificationsHandler } from './assessment-notifications.handler';
import { BountyNotificationsHandler } from './bounty-notifications.handler';
import { RectificationNotificationsHandler } from './rectification-notifications.handler';
import { RobotsService } from './robots.service';
import { WeeklyNotifications } from './weekly-notifications';
import { WeeklyReportsModule } from '../weekly-reports/weekly-reports.module';

/**
 * Notifications (docs/notifications.md): written in the transaction of the change that causes them (domain
 * events of the modules below), the deadline reminder ladder, the inspection reminders, the in-app channel and the e-mail outbox.
 */
@Module({
  imports: [
    FindingsModule,
    InspectionsModule,
    JobsModule,
    MajorHazardSupervisionModule,
    OrgModule,
    RoundsModule,
    SupervisionGroupsModule,
    UsersModule,
    WeeklyReportsModule,
  ],
  controllers: [NotificationsController],
  providers: [
    NotificationsRepository,
    NotificationsService,
    FindingNotificationsHandler,
    RectificationNotificationsHandler,
    BountyNotificationsHandler,
    AssessmentNotificationsHandler,
    WeeklyNotifications,
    RobotsService,
    MajorHazardNotificationsHandler,
    ReminderLadderService,
    SupervisionRemindersService,
    InspectionRemindersService,
    DigestService,
    EmailTransport,
    EmailSender,
    WeComSender,
    DingTalkSender,
    OutboxWorker,
    NotificationJobs,
  ],
  exports: [
    NotificationsService,
    ReminderLadderService,
    SupervisionRemindersService,
    InspectionRemindersService,
    OutboxWorker,
    RobotsService,
    WeeklyNotifications,
  ],
})
export class NotificationsModule {}
