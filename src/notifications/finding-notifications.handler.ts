import { Injectable } from '@nestjs/common';
import { OnDomainEvent } from '../common/events/domain-events';
import { FindingAssigned, FindingDeadlineChanged, FindingStatusChanged } from '../findings/findings.events';
import { NotificationKind } from './notification.enums';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';

/** Reminders whose unsent e-mails are dropped when the finding moves on, is reassigned or gets a new deadline. */
const REMINDER_KINDS = [NotificationKind.DEADLINE_REMINDER];

/**
 * Notifications caused by changes of findings, written in the change's own transaction (the outbox): a failure here
 * rolls the change back like any other part of it, and nothing is sent for a change that did not commit.
 */
@Injectable()
export class FindingNotificationsHandler {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly repo: NotificationsRepository,
  ) {}

  /** 问题交办: the unit's officers and heads (and the responsible person) learn of a finding now theirs. */
  @OnDomainEvent(FindingAssigned)
  async assigned(e: FindingAssigned): Promise<void> {
    if (e.previousUnitId !== null) await this.repo.cancelPending(e.tx, e.findingId, REMINDER_KINDS);
    const ctx = await this.notifications.findingContext(e.tx, e.findingId);
    if (!ctx) return;
    await this.notifications.notifyAboutFinding(e.tx, ctx, {
      kind: NotificationKind.FINDING_ASSIGNED,
      audiences: ['unit', 'head'],
      template: 'FINDING_ASSIGNED',
      dedupeKey: `assigned:${e.findingId}:${e.unitId}`,
    });
  }

  /** A new deadline: pending reminders of the old one are dropped and the unit is told (the ladder restarts). */
  @OnDomainEvent(FindingDeadlineChanged)
  async deadlineChanged(e: FindingDeadlineChanged): Promise<void> {
    await this.repo.cancelPending(e.tx, e.findingId, REMINDER_KINDS);
    const ctx = await this.notifications.findingContext(e.tx, e.findingId);
    if (!ctx) return;
    await this.notifications.notifyAboutFinding(e.tx, ctx, {
      kind: NotificationKind.DEADLINE_CHANGED,
      audiences: ['unit'],
      template: 'DEADLINE_CHANGED',
      values: { previous: e.previousDeadline },
      dedupeKey: `deadline:${e.findingId}:${e.deadline}`,
    });
  }

  /**
   * The finding moved on (summary handed in, closed, cancelled …): reminders not yet sent are dropped. A summary
   * handed in (待复查) is news for the round's supervision group, who verify it.
   */
  @OnDomainEvent(FindingStatusChanged)
  async statusChanged(e: FindingStatusChanged): Promise<void> {
    await this.repo.cancelPending(e.tx, e.findingId, REMINDER_KINDS);
    if (e.status !== 'PENDING_VERIFICATION') return;
    const ctx = await this.notifications.findingContext(e.tx, e.finding ?? e.findingId);
    if (!ctx) return;
    await this.notifications.notifyAboutFinding(e.tx, ctx, {
      kind: NotificationKind.AWAITING_VERIFICATION,
      audiences: ['verifiers'],
      template: 'AWAITING_VERIFICATION',
    });
  }
}
