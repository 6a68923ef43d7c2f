import { Injectable } from '@nestjs/common';
import { Transactions, type Tx } from '../common/persistence/transactions';
import type { IsoDate } from '../common/time/business-date';
import { Clock } from '../common/time/clock';
import { InspectionTasksRepository } from '../inspections/inspection-tasks.repository';
import { JobClaimsRepository } from '../jobs/job-claims.repository';
import { message } from './message-texts';
import { NotificationKind } from './notification.enums';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';
import {
  dueByUser,
  inspectionReminderDue,
  listLines,
  missedByUnit,
  reminderWindows,
  taskLine,
} from './rules/inspection-reminders';
import { recipientsOf, unitPlace } from './rules/recipients';
import { THIS_INSTANCE } from '../jobs/this-instance';

const JOB = 'inspection-reminders';
const hourIn = (instant: Date, timeZone: string): number =>
  Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(instant));

/**
 * 重要危险源 inspection reminders (issue 20), each morning once across instances (a job_claims row per day, claimed in
 * the run's transaction): every user with inspections open today that are theirs to do gets one notification listing
 * them; the unit of each task missed the day before (window over, unsigned) hears of it — one notification per unit,
 * to its officers and heads. Each task named is recorded in inspection_reminders with the notifications (DUE per
 * day, MISSED once), so nothing is named twice.
 */
@Injectable()
export class InspectionRemindersService {
  constructor(
    private readonly tasks: InspectionTasksRepository,
    private readonly claims: JobClaimsRepository,
    private readonly notifications: NotificationsService,
    private readonly repo: NotificationsRepository,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  /** The morning's run; null when not the morning or another instance had the day, else what was sent. */
  async runMorning(instance = THIS_INSTANCE): Promise<{ day: IsoDate; users: number; units: number } | null> {
    const today = this.clock.today();
    if (!inspectionReminderDue(hourIn(this.clock.now(), this.clock.timeZone))) return null;
    return this.transactions.run(async (tx) => {
      if (!(await this.claims.claim(tx, JOB, today, instance))) return null;
      return { day: today, ...(await this.remindIn(tx, today)) };
    });
  }

  /** Sends today's reminders without a claim (safe to repeat: what was named is not named again). */
  remind(): Promise<{ users: number; units: number }> {
    return this.transactions.run((tx) => this.remindIn(tx, this.clock.today()));
  }

  private async remindIn(tx: Tx, today: IsoDate): Promise<{ users: number; units: number }> {
    const tz = this.clock.timeZone;
    const w = reminderWindows(today, this.clock.now());
    const users = await this.notifications.candidates(tx);

    const open = await this.tasks.openForReminders(tx, w.due);
    const fresh = await this.repo.recordInspectionReminders(
      tx,
      'DUE',
      today,
      open.map((t) => t.id),
    );
    let reminded = 0;
    for (const { userId, tasks } of dueByUser(
      open.filter((t) => fresh.has(t.id)),
      users,
    )) {
      const link = this.notifications.pageLink(
        tasks.length === 1 ? `/inspections/tasks/${tasks[0].id}` : '/inspections',
      );
      const sent = await this.notifications.deliver(tx, {
        userIds: [userId],
        kind: NotificationKind.INSPECTION_REMINDER,
        ...message('INSPECTION_DUE', {
          date: today,
          count: tasks.length,
          tasks: listLines(tasks.map((t) => taskLine(t, tz))),
          link: link.url,
        }),
        link: link.path,
        dedupeKey: `inspection-due:${today}`,
      });
      reminded += sent.length;
    }

    const ended = await this.tasks.openForReminders(tx, {
      beginsBefore: w.missed.endedBy,
      endsAfter: w.missed.endedAfter,
      endsBy: w.missed.endedBy,
    });
    const reported = await this.repo.recordInspectionReminders(
      tx,
      'MISSED',
      today,
      ended.map((t) => t.id),
    );
    let units = 0;
    for (const unit of missedByUnit(ended.filter((t) => reported.has(t.id)))) {
      const link = this.notifications.pageLink(`/inspections?unitId=${unit.unitId}#missed`);
      const sent = await this.notifications.deliver(tx, {
        userIds: recipientsOf(['unit', 'head'], unitPlace(unit.unitPath), users),
        kind: NotificationKind.INSPECTION_REMINDER,
        ...message('INSPECTION_MISSED', {
          unit: unit.unitName,
          count: unit.tasks.length,
          tasks: listLines(unit.tasks.map((t) => taskLine(t, tz, true))),
          link: link.url,
        }),
        link: link.path,
        dedupeKey: `inspection-missed:${unit.unitId}:${today}`,
        robots: await this.repo.webhooksOver(tx, unit.unitPath),
      });
      if (sent.length) units++;
    }
    return { users: reminded, units };
  }
}
