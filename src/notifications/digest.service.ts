import { Injectable } from '@nestjs/common';
import { Transactions } from '../common/persistence/transactions';
import { Clock } from '../common/time/clock';
import { JobClaimsRepository } from '../jobs/job-claims.repository';
import { Channel, NotificationKind } from './notification.enums';
import { NotificationsRepository } from './notifications.repository';
import { THIS_INSTANCE } from '../jobs/this-instance';

const JOB = 'email-digest';

/** The hour of an instant in a time zone (0–23). */
const hourIn = (instant: Date, timeZone: string): number =>
  Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(instant));

/**
 * 每日汇总: users who chose a digest hour get their deadline reminders gathered into one e-mail at that hour
 * (business zone). Each (day, hour) is claimed once across instances; an hour missed in downtime is not replayed —
 * the next digest gathers everything since the last one.
 */
@Injectable()
export class DigestService {
  constructor(
    private readonly repo: NotificationsRepository,
    private readonly claims: JobClaimsRepository,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  /** The digests of the current hour; how many e-mails were queued (null: another run had this hour). */
  async runHourly(instance = THIS_INSTANCE): Promise<number | null> {
    const now = this.clock.now();
    const hour = hourIn(now, this.clock.timeZone);
    return this.transactions.run(async (tx) => {
      if (
        !(await this.claims.claim(
          tx,
          JOB,
          `${this.clock.today()}T${String(hour).padStart(2, '0')}`,
          instance,
        ))
      )
        return null;
      let queued = 0;
      for (const u of await this.repo.digestUsers(tx, hour)) {
        const items = await this.repo.notificationsBetween(
          tx,
          u.userId,
          NotificationKind.DEADLINE_REMINDER,
          u.since,
          now,
        );
        await this.repo.markDigested(tx, u.userId, now);
        if (!items.length) continue;
        await this.repo.insertDelivery(tx, items[0].id, Channel.EMAIL, u.email, now, {
          subject: `每日汇总：${items.length} 条整改时限提醒（${this.clock.today()}）`,
          text: items.map((n, i) => `${i + 1}. ${n.body}`).join('\n'),
        });
        queued++;
      }
      return queued;
    });
  }
}
