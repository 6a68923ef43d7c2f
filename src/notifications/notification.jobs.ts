import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { PeriodicJobs } from '../jobs/periodic-jobs';
import { OutboxWorker } from './outbox.worker';
import { DigestService } from './digest.service';
import { InspectionRemindersService } from './inspection-reminders.service';
import { ReminderLadderService } from './reminder-ladder.service';
import { SupervisionRemindersService } from './supervision-reminders.service';
import { WeeklyNotifications } from './weekly-notifications';

/** The reminder ladder (once a business day across instances) and the e-mail outbox worker, on every instance. */
@Injectable()
export class NotificationJobs implements OnApplicationBootstrap {
  private readonly logger = new Logger('NotificationJobs');

  constructor(
    private readonly ladder: ReminderLadderService,
    private readonly outbox: OutboxWorker,
    private readonly digests: DigestService,
    private readonly jobs: PeriodicJobs,
    private readonly weekly: WeeklyNotifications,
    private readonly supervision: SupervisionRemindersService,
    private readonly inspections: InspectionRemindersService,
  ) {}

  onApplicationBootstrap(): void {
    this.jobs.start('reminder-ladder', this.logger, async () => {
      const { day, sent } = await this.ladder.runDaily();
      if (day) this.logger.log(`Deadline reminders of ${day}: ${sent}`);
    });
    this.jobs.start('major-hazard-reminders', this.logger, async () => {
      const { day, sent } = await this.supervision.runDaily();
      if (day) this.logger.log(`挂牌督办 reminders of ${day}: ${sent}`);
    });
    this.jobs.start('inspection-reminders', this.logger, async () => {
      const r = await this.inspections.runMorning();
      if (r)
        this.logger.log(`Inspection reminders of ${r.day}: ${r.users} user(s), missed to ${r.units} unit(s)`);
    });
    this.jobs.start('email-digest', this.logger, async () => {
      const queued = await this.digests.runHourly();
      if (queued) this.logger.log(`Daily digests queued: ${queued}`);
    });
    this.jobs.start('weekly-reminder', this.logger, async () => {
      const reminded = await this.weekly.runMorning();
      if (reminded !== null) this.logger.log(`Weekly-report reminders: ${reminded} unit(s)`);
    });
    this.jobs.start('email-outbox', this.logger, async () => {
      const { sent, failed } = await this.outbox.drain();
      if (sent || failed) this.logger.log(`E-mails sent: ${sent}, failed attempts: ${failed}`);
    });
  }
}
