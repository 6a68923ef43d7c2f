import { Injectable } from '@nestjs/common';
import { OnDomainEvent } from '../common/events/domain-events';
import { Transactions } from '../common/persistence/transactions';
import { Clock } from '../common/time/clock';
import { JobClaimsRepository } from '../jobs/job-claims.repository';
import { WeeklyOwingService } from '../weekly-reports/weekly-owing.service';
import { WeeklyReportsMissing } from '../weekly-reports/weekly-reports.events';
import { message } from './message-texts';
import { NotificationKind } from './notification.enums';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';
import { recipientsOf, unitPlace } from './rules/recipients';
import { weeklyReminderDue } from './rules/weekly-reminder';
import { weeklyFormPath } from '../weekly-reports/weekly-form-path';
import { THIS_INSTANCE } from '../jobs/this-instance';

const JOB = 'weekly-reminder';
const hourIn = (instant: Date, timeZone: string): number =>
  Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(instant));
/**
 * 举一反三周报: the reminder to units that have not reported, on Wednesday and Thursday mornings (business zone),
 * once per day across instances (job_claims); and, after the deadline job processed a week, the list of units that
 * did not report to the safety office (in that job's transaction, so once per obligation and week).
 */
@Injectable()
export class WeeklyNotifications {
  constructor(
    private readonly owing: WeeklyOwingService,
    private readonly notifications: NotificationsService,
    private readonly repo: NotificationsRepository,
    private readonly claims: JobClaimsRepository,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  /** The morning's reminders; null when not a reminder morning or another instance had it, else units reminded. */
  async runMorning(instance = THIS_INSTANCE): Promise<number | null> {
    const today = this.clock.today();
    if (!weeklyReminderDue(today, hourIn(this.clock.now(), this.clock.timeZone))) return null;
    return this.transactions.run(async (tx) => {
      if (!(await this.claims.claim(tx, JOB, today, instance))) return null;
      const users = await this.notifications.candidates(tx);
      let reminded = 0;
      for (const o of await this.owing.owedNow()) {
        // The form of this campaign, unit and week: a user may owe several (campaigns, units of their subtree).
        const link = this.notifications.pageLink(weeklyFormPath(o.obligationId, o.unit.id, o.week));
        const notified = await this.notifications.deliver(tx, {
          userIds: recipientsOf(['unit', 'head'], unitPlace(o.unit.path), users),
          kind: NotificationKind.WEEKLY_REMINDER,
          ...message('WEEKLY_REMINDER', {
            unit: o.unit.name,
            obligation: o.obligationName,
            week: o.week,
            deadline: o.due,
            link: link.url,
          }),
          link: link.path,
          dedupeKey: `weekly:${o.obligationId}:${o.week}:${o.unit.id}:${today}`,
          robots: await this.repo.webhooksOver(tx, o.unit.path),
        });
        if (notified.length) reminded++;
      }
      return reminded;
    });
  }

  /** 缺报名单: the safety office over the missing units hears which units did not report. */
  @OnDomainEvent(WeeklyReportsMissing)
  async missing(e: WeeklyReportsMissing): Promise<void> {
    const users = await this.notifications.candidates(e.tx);
    const userIds = [...new Set(e.units.flatMap((u) => recipientsOf(['office'], unitPlace(u.path), users)))];
    const link = this.notifications.pageLink('/weekly-reports/compliance');
    await this.notifications.deliver(e.tx, {
      userIds,
      kind: NotificationKind.WEEKLY_MISSING,
      ...message('WEEKLY_MISSING', {
        obligation: e.obligationName,
        week: e.week,
        deadline: e.due,
        count: e.units.length,
        units: e.units.map((u) => u.name).join('、'),
        link: link.url,
      }),
      link: link.path,
      dedupeKey: `weekly-missing:${e.obligationId}:${e.week}`,
    });
  }
}
