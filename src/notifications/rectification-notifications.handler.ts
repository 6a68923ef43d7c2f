import { Injectable } from '@nestjs/common';
import { OnDomainEvent } from '../common/events/domain-events';
import type { Tx } from '../common/persistence/transactions';
import { Clock } from '../common/time/clock';
import { dateInZone } from '../common/time/business-date';
import {
  CloseoutRefused,
  FindingClosed,
  VerificationFailed,
  VerificationPassed,
} from '../closeout/closeout.events';
import type { Finding } from '../findings/entities/finding.entity';
import {
  FindingExtensionDecided,
  FindingExtensionRequested,
  FindingPlanAwaitingConfirmation,
} from '../findings/findings.events';
import { NotificationKind } from './notification.enums';
import { NotificationsService } from './notifications.service';
import type { FindingAudience } from './rules/recipients';

/**
 * Notifications of a finding's way to close-out, in the change's transaction: a MAJOR plan awaiting the head's
 * confirmation, extension requested and decided, verification failed or passed, close-out refused or done (销号).
 */
@Injectable()
export class RectificationNotificationsHandler {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
  ) {}

  /** `e.finding`, when the event carries it as saved, spares reading it again; `dedupeKey`: once per user. */
  private async tell(
    e: { tx: Tx; findingId: number; finding?: Finding },
    kind: NotificationKind,
    audiences: FindingAudience[],
    template: string,
    values: Record<string, string | number> = {},
    dedupeKey?: string,
  ) {
    const ctx = await this.notifications.findingContext(e.tx, e.finding ?? e.findingId);
    if (ctx)
      await this.notifications.notifyAboutFinding(e.tx, ctx, {
        kind,
        audiences,
        template,
        values,
        dedupeKey,
      });
  }

  /** 重大隐患: the unit heads over the unit confirm the plan a unit officer recorded. */
  @OnDomainEvent(FindingPlanAwaitingConfirmation)
  planAwaitingConfirmation(e: FindingPlanAwaitingConfirmation) {
    return this.tell(e, NotificationKind.PLAN_AWAITING_CONFIRMATION, ['head'], 'PLAN_AWAITING_CONFIRMATION', {
      revision: e.planRevision,
    });
  }

  /** 延期申请: the approver (safety office; the round's group leaders for MAJOR). */
  @OnDomainEvent(FindingExtensionRequested)
  extensionRequested(e: FindingExtensionRequested) {
    return this.tell(e, NotificationKind.EXTENSION_REQUESTED, ['approver'], 'EXTENSION_REQUESTED', {
      requested: e.requestedDeadline,
    });
  }

  /** 延期审批: the unit hears the answer (an approval also restarts the ladder, through the deadline event). */
  @OnDomainEvent(FindingExtensionDecided)
  extensionDecided(e: FindingExtensionDecided) {
    return this.tell(
      e,
      NotificationKind.EXTENSION_DECIDED,
      ['unit', 'head'],
      e.approved ? 'EXTENSION_APPROVED' : 'EXTENSION_REJECTED',
      { requested: e.requestedDeadline, note: e.note ? `（${e.note}）` : '' },
    );
  }

  /** 复查不通过: back to the unit, with the verifier's reason. */
  @OnDomainEvent(VerificationFailed)
  verificationFailed(e: VerificationFailed) {
    return this.tell(e, NotificationKind.VERIFICATION_FAILED, ['unit', 'head'], 'VERIFICATION_FAILED', {
      notes: e.notes,
    });
  }

  /**
   * 复查通过: the unit, which handed in the summary, need not keep checking the page. Once per finding and user (a
   * finding reaches VERIFIED once; the key also stops a repeated event).
   */
  @OnDomainEvent(VerificationPassed)
  verificationPassed(e: VerificationPassed) {
    return this.tell(
      e,
      NotificationKind.VERIFICATION_PASSED,
      ['unit', 'head'],
      'VERIFICATION_PASSED',
      { verifiedOn: e.verifiedOn, verifier: e.verifierName },
      `verified:${e.findingId}`,
    );
  }

  /** 销号: the unit, with who closed it and on which day (business zone). Closed is final: once per user. */
  @OnDomainEvent(FindingClosed)
  closed(e: FindingClosed) {
    return this.tell(
      e,
      NotificationKind.FINDING_CLOSED,
      ['unit', 'head'],
      'FINDING_CLOSED',
      { closedOn: dateInZone(e.closedAt, this.clock.timeZone), closedBy: e.closedByName },
      `closed:${e.findingId}`,
    );
  }

  /** 不能销号: the unit and the round's supervision group, with the 五个不放过 rules not met. */
  @OnDomainEvent(CloseoutRefused)
  closeoutRefused(e: CloseoutRefused) {
    return this.tell(
      e,
      NotificationKind.CLOSEOUT_REFUSED,
      ['unit', 'head', 'verifiers'],
      'CLOSEOUT_REFUSED',
      {
        unmet: e.unmet.map((r) => `第${r.number}条 ${r.text}`).join('；'),
      },
    );
  }
}
