import { Injectable } from '@nestjs/common';
import { Transactions } from '../common/persistence/transactions';
import { Clock } from '../common/time/clock';
import { AppConfig } from '../config/app-config';
import { DingTalkSender, EmailSender, WeComSender, type ChannelSender } from './channel-senders';
import { DeliveryStatus } from './notification.enums';
import { NotificationsRepository } from './notifications.repository';

/** The wait before attempt n+1 after n failed ones: 1, 2, 4, 8 … minutes, at most a day. */
export const retryDelayMs = (failedAttempts: number): number =>
  Math.min(60_000 * 2 ** (failedAttempts - 1), 86_400_000);

/**
 * Sends the outbox (e-mail, 企业微信, 钉钉). Each delivery is claimed with `FOR UPDATE SKIP LOCKED` in its own
 * transaction and sent while the row stays locked; the result (SENT, or the error with the next attempt after a
 * back-off, FAILED after NOTIFY_MAX_ATTEMPTS) commits with it. Another instance's worker skips a locked row,
 * so each message goes out once; only a crash between the peer's acceptance and the commit can send one twice.
 */
@Injectable()
export class OutboxWorker {
  private readonly senders: ChannelSender[];

  constructor(
    private readonly repo: NotificationsRepository,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    email: EmailSender,
    wecom: WeComSender,
    dingtalk: DingTalkSender,
  ) {
    this.senders = [email, wecom, dingtalk];
  }

  /** Sends every due message (at most `max` per channel); how many were sent and how many attempts failed. */
  async drain(max = 100): Promise<{ sent: number; failed: number }> {
    let sent = 0;
    let failed = 0;
    for (const sender of this.senders.filter((s) => s.configured()))
      for (let i = 0; i < max; i++) {
        const outcome = await this.transactions.run(async (tx) => {
          const d = await this.repo.claimDue(tx, sender.channel, this.clock.now());
          if (!d) return null;
          const attempts = d.attempts + 1;
          const at = this.clock.now();
          try {
            await sender.send(d);
            await this.repo.recordAttempt(tx, d.id, {
              status: DeliveryStatus.SENT,
              attempts,
              at,
              next: null,
              error: null,
            });
            return 'sent';
          } catch (err) {
            const gaveUp = attempts >= this.config.NOTIFY_MAX_ATTEMPTS;
            await this.repo.recordAttempt(tx, d.id, {
              status: gaveUp ? DeliveryStatus.FAILED : DeliveryStatus.PENDING,
              attempts,
              at,
              next: gaveUp ? null : new Date(at.getTime() + retryDelayMs(attempts)),
              error: String((err as Error).message ?? err).slice(0, 500),
            });
            return 'failed';
          }
        });
        if (outcome === null) break;
        if (outcome === 'sent') sent++;
        else failed++;
      }
    return { sent, failed };
  }
}
