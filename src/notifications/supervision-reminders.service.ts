import { daysBetween } from '../common/time/business-date';
import { Injectable } from '@nestjs/common';
import { Transactions } from '../common/persistence/transactions';
import { Clock } from '../common/time/clock';
import { JobRuns, type ItemTransaction } from '../jobs/job-runs';
import { SupervisionRepository } from '../major-hazard-supervision/supervision.repository';
import { listingPage } from './major-hazard-notifications.handler';
import { NotificationKind } from './notification.enums';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';
import { audiencesOf } from './rules/ladder';
import { supervisionRemindersDue, type SupervisionReminder } from './rules/supervision-reminders';
import { THIS_INSTANCE } from '../jobs/this-instance';

const JOB = 'major-hazard-reminders';

/**
 * 挂牌督办 reminders (issue 21), like the findings' ladder: once per day across all instances (a job_claims row,
 * leased: a run whose instance died midway is taken over the same day — JobRuns), every listing not delisted gets
 * the step of its 督办期限 ladder due today and, while an acceptance request is past its due date, one reminder to
 * whoever accepts. Steps are recorded in supervision_reminder_steps with their
 * notifications (so nothing is sent twice); steps missed during downtime are coalesced into the current one.
 */
@Injectable()
export class SupervisionRemindersService {
  constructor(
    private readonly listings: SupervisionRepository,
    private readonly runs: JobRuns,
    private readonly notifications: NotificationsService,
    private readonly repo: NotificationsRepository,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  /** The day's run, claimed by one instance; returns the day (null when another run had it) and reminders sent. */
  async runDaily(instance = THIS_INSTANCE): Promise<{ day: string | null; sent: number; failed: string[] }> {
    const today = this.clock.today();
    const run = await this.runs.run(JOB, today, instance, (item) => this.remind(item));
    return run ? { day: today, sent: run.result, failed: run.failed } : { day: null, sent: 0, failed: [] };
  }

  /** Sends the reminders due today, each listing in its own transaction; safe to repeat. Returns reminders sent. */
  async remind(item: ItemTransaction = (work) => this.transactions.run(work)): Promise<number> {
    const today = this.clock.today();
    let sent = 0;
    for (const l of await this.listings.openForReminders()) {
      sent += await item(
        async (tx) => {
          const reached = await this.repo.reachedSupervisionSteps(tx, l.id);
          let n = 0;
          for (const r of supervisionRemindersDue(l, today, reached)) {
            const key = { listingId: l.id, kind: r.kind, dueDate: r.dueDate };
            for (const s of r.coalesced)
              await this.repo.reachSupervisionStep(tx, { ...key, offsetDays: s.offsetDays, coalesced: true });
            if (
              !(await this.repo.reachSupervisionStep(tx, {
                ...key,
                offsetDays: r.send.offsetDays,
                coalesced: false,
              }))
            )
              continue;
            const ctx = await this.notifications.findingContext(tx, l.findingId);
            if (!ctx) continue;
            await this.notifications.notifyAboutFinding(tx, ctx, {
              kind: NotificationKind.MAJOR_HAZARD_SUPERVISION,
              audiences: audiencesOf(r.send, r.coalesced),
              ...this.text(r, today),
              values: { docNumber: l.docNumber, deadline: l.deadline, ...this.text(r, today).values },
              dedupeKey: `mh-reminder:${l.id}:${r.kind}:${r.dueDate}:${r.send.offsetDays}`,
              page: listingPage(l.id),
            });
            n++;
          }
          return n;
        },
        { item: `listing ${l.id}`, skipped: 0 },
      );
    }
    return sent;
  }

  private text(
    r: SupervisionReminder,
    today: string,
  ): { template: string; values: Record<string, string | number> } {
    if (r.kind === 'ACCEPTANCE')
      return {
        template: 'MAJOR_HAZARD_ACCEPTANCE_OVERDUE',
        values: { dueOn: r.dueDate, days: daysBetween(r.dueDate, today) },
      };
    if (r.send.offsetDays > 0)
      return { template: 'MAJOR_HAZARD_DEADLINE_PASSED', values: { days: daysBetween(r.dueDate, today) } };
    return { template: 'MAJOR_HAZARD_DEADLINE_BEFORE', values: { days: daysBetween(today, r.dueDate) } };
  }
}
