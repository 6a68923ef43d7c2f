import { Injectable } from '@nestjs/common';
import { Transactions } from '../common/persistence/transactions';
import { addDays, daysBetween } from '../common/time/business-date';
import { Clock } from '../common/time/clock';
import { AppConfig } from '../config/app-config';
import { FindingsRepository } from '../findings/findings.repository';
import { JobRuns, type ItemTransaction } from '../jobs/job-runs';
import { NotificationKind } from './notification.enums';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';
import { audiencesOf, parseLadder, stepsDue, type LadderStep } from './rules/ladder';
import { THIS_INSTANCE } from '../jobs/this-instance';

const JOB = 'reminder-ladder';

/**
 * The deadline reminder ladder (NOTIFY_LADDER): once per business day across all instances (a job_claims row for
 * the day, leased: a run whose instance died midway is taken over the same day — JobRuns), every finding the unit
 * still owes gets the step of its ladder due today — one ladder per (finding, deadline, unit), so an extension or a
 * reassignment starts a new one and a finding that moved on has none.
 */
@Injectable()
export class ReminderLadderService {
  private readonly ladder: LadderStep[];

  constructor(
    private readonly findings: FindingsRepository,
    private readonly runs: JobRuns,
    private readonly notifications: NotificationsService,
    private readonly repo: NotificationsRepository,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    config: AppConfig,
  ) {
    this.ladder = parseLadder(config.NOTIFY_LADDER);
  }

  /** The day's run, claimed by one instance; returns the day (null when another run had it) and reminders sent. */
  async runDaily(instance = THIS_INSTANCE): Promise<{ day: string | null; sent: number; failed: string[] }> {
    const today = this.clock.today();
    const run = await this.runs.run(JOB, today, instance, (item) => this.remind(item));
    return run ? { day: today, sent: run.result, failed: run.failed } : { day: null, sent: 0, failed: [] };
  }

  /**
   * Sends the steps due today, each finding in its own short transaction (a step is recorded in reminder_steps
   * with its notifications, so a crash or a second run never sends it again). Safe to repeat; the demo seeder
   * calls it without a claim. Returns the number of reminders (steps) sent.
   */
  async remind(item: ItemTransaction = (work) => this.transactions.run(work)): Promise<number> {
    const today = this.clock.today();
    const earliest = Math.min(0, ...this.ladder.map((s) => s.offsetDays));
    const owing = await this.findings.owingWithDeadlineUpTo(addDays(today, -earliest));
    let sent = 0;
    for (const f of owing) {
      const done = await item(
        async (tx) => {
          const reached = new Set(
            (await this.repo.reachedSteps(tx, [f.id]))
              .filter((r) => r.key === `${f.id}:${f.deadline}:${f.unitId}`)
              .map((r) => r.offsetDays),
          );
          const { send, coalesced } = stepsDue(this.ladder, f.deadline, today, reached);
          if (!send) return false;
          const key = { findingId: f.id, deadline: f.deadline, unitId: f.unitId };
          for (const s of coalesced)
            await this.repo.reachStep(tx, { ...key, offsetDays: s.offsetDays, coalesced: true });
          if (!(await this.repo.reachStep(tx, { ...key, offsetDays: send.offsetDays, coalesced: false })))
            return false;
          const ctx = (await this.notifications.findingContext(tx, f.id))!;
          const late = send.offsetDays > 0;
          const days = late ? daysBetween(f.deadline, today) : 0;
          await this.notifications.notifyAboutFinding(tx, ctx, {
            kind: NotificationKind.DEADLINE_REMINDER,
            audiences: audiencesOf(send, coalesced),
            template: late ? 'DEADLINE_DAY_AFTER' : 'DEADLINE_BEFORE',
            values: {
              days: late ? days : daysBetween(today, f.deadline),
            },
            dedupeKey: `ladder:${f.id}:${f.deadline}:${f.unitId}:${send.offsetDays}`,
          });
          return true;
        },
        { item: `finding ${f.id}`, skipped: false },
      );
      if (done) sent++;
    }
    return sent;
  }
}
