import { Injectable } from '@nestjs/common';
import { OnDomainEvent } from '../common/events/domain-events';
import { FindingStatusChanged } from '../findings/findings.events';
import { ListingStatus } from '../major-hazard-supervision/supervision.enums';
import { MajorHazardListingChanged } from '../major-hazard-supervision/supervision.events';
import { SupervisionRepository } from '../major-hazard-supervision/supervision.repository';
import type { Tx } from '../common/persistence/transactions';
import type { FindingContext } from './notifications.service';
import { NotificationKind } from './notification.enums';
import type { Audience } from './rules/ladder';
import { NotificationsService } from './notifications.service';

/** The page of a 挂牌督办 listing: the steps its notifications ask for are taken there, not on the finding. */
export const listingPage = (listingId: number) => `/major-hazards/${listingId}`;

/** Which 挂牌督办 steps notify whom, with which text of templates/notifications/messages.json (issue 21). */
const STEPS: Record<string, { template: string; audiences: Audience[] }> = {
  MAJOR_HAZARD_LISTED: { template: 'MAJOR_HAZARD_LISTED', audiences: ['unit', 'head', 'leader2'] },
  MAJOR_HAZARD_EXTENSION_REQUESTED: { template: 'MAJOR_HAZARD_EXTENSION_REQUESTED', audiences: ['office'] },
  MAJOR_HAZARD_EXTENSION_DECIDED: {
    template: 'MAJOR_HAZARD_EXTENSION_APPROVED',
    audiences: ['unit', 'head'],
  },
  MAJOR_HAZARD_ACCEPTANCE_REQUESTED: {
    template: 'MAJOR_HAZARD_ACCEPTANCE_REQUESTED',
    audiences: ['office', 'group'],
  },
  MAJOR_HAZARD_ACCEPTANCE_DECIDED: {
    template: 'MAJOR_HAZARD_ACCEPTANCE_PASSED',
    audiences: ['unit', 'head'],
  },
  MAJOR_HAZARD_DELISTED: { template: 'MAJOR_HAZARD_DELISTED', audiences: ['unit', 'head', 'leader2'] },
};

/** A decision's own text when it went against the unit: it must know the deadline stands or the work goes on. */
const REFUSALS: Record<string, string> = {
  'MAJOR_HAZARD_EXTENSION_DECIDED:REFUSED': 'MAJOR_HAZARD_EXTENSION_REFUSED',
  'MAJOR_HAZARD_ACCEPTANCE_DECIDED:FAIL': 'MAJOR_HAZARD_ACCEPTANCE_FAILED',
};

/**
 * 挂牌督办 notifications, written in the step's own transaction (the outbox): the unit learns of the listing, of the
 * supervision deadline after each extension decision and of the acceptance; the office and the group learn of
 * requests waiting for them.
 */
@Injectable()
export class MajorHazardNotificationsHandler {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly listings: SupervisionRepository,
  ) {}

  @OnDomainEvent(MajorHazardListingChanged)
  async listingChanged(e: MajorHazardListingChanged): Promise<void> {
    const step = STEPS[e.step];
    if (!step) return;
    const ctx = await this.notifications.findingContext(e.tx, e.findingId);
    if (!ctx) return;
    await this.notifications.notifyAboutFinding(e.tx, ctx, {
      kind: NotificationKind.MAJOR_HAZARD_SUPERVISION,
      audiences: step.audiences,
      template: REFUSALS[`${e.step}:${String(e.after.decision ?? e.after.result)}`] ?? step.template,
      values: {
        docNumber: e.docNumber,
        deadline: e.deadline,
        note: e.after.note ? `（${String(e.after.note)}）` : '',
        opinion: String(e.after.acceptanceOpinion ?? ''),
      },
      // The listing's page, where the notice is signed and the extension and acceptance are decided.
      page: listingPage(e.listingId),
    });
    if (e.after.result === 'PASS' && ctx.finding.status === 'CLOSED')
      await this.delistDue(e.tx, ctx, e.listingId, e.docNumber);
  }

  /** The finding of an accepted listing passed its close-out: the listing may be delisted now. */
  @OnDomainEvent(FindingStatusChanged)
  async findingClosed(e: FindingStatusChanged): Promise<void> {
    if (e.status !== 'CLOSED') return;
    const l = await this.listings.openListingOf(e.tx, e.findingId);
    if (l?.status !== ListingStatus.ACCEPTED) return;
    const ctx = await this.notifications.findingContext(e.tx, e.finding ?? e.findingId);
    if (ctx) await this.delistDue(e.tx, ctx, l.id, l.docNumber);
  }

  /**
   * 待摘牌: 摘牌 needs both the acceptance passed and the finding closed out, whichever comes last; the listing
   * authority (the office) is told then, or the listing would wait unseen among the open ones.
   */
  private async delistDue(tx: Tx, ctx: FindingContext, listingId: number, docNumber: string) {
    await this.notifications.notifyAboutFinding(tx, ctx, {
      kind: NotificationKind.MAJOR_HAZARD_SUPERVISION,
      audiences: ['office'],
      template: 'MAJOR_HAZARD_DELIST_DUE',
      values: { docNumber },
      dedupeKey: `mh-delist-due:${listingId}`,
      page: listingPage(listingId),
    });
  }
}
