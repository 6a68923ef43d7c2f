import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/access/actor';
import { UnitScope } from '../common/access/unit-scope';
import { notFound } from '../common/errors/domain-error';
import { Clock } from '../common/time/clock';
import { ListingCountsQuery, ListListingsQuery } from './supervision.dto';
import {
  LISTING_EXTENSION_STATUS_LABEL,
  LISTING_STATUS_LABEL,
  ListingExtensionStatus,
  ListingStatus,
  SUPERVISION_LEVEL_LABEL,
  SupervisionLevel,
} from './supervision.enums';
import { ListingRow, SupervisionRepository } from './supervision.repository';
import {
  allowedListingActions,
  extensionTooLate,
  isAcceptanceOverdue,
  isListingOverdue,
  listingDaysOverdue,
} from './rules/listing-rules';

/** Reading 挂牌督办 listings as the actor may see them: the list, one listing with its history, the figures. */
@Injectable()
export class SupervisionQueriesService {
  constructor(
    private readonly listings: SupervisionRepository,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor, q: ListListingsQuery) {
    const today = this.clock.today();
    const { rows, total } = await this.listings.page(
      UnitScope.of(actor),
      { ...q, limit: q.limit ?? 100, offset: q.offset ?? 0 },
      today,
    );
    return { items: rows.map((r) => listingView(r, today)), total };
  }

  async detail(actor: Actor, id: number) {
    const row = await this.listings.row(UnitScope.of(actor), id);
    if (!row) throw notFound('挂牌督办 / Listing', id);
    const extensions = (await this.listings.extensions(id)).map((e) => ({
      ...e,
      statusLabel: LISTING_EXTENSION_STATUS_LABEL[e.status as ListingExtensionStatus],
    }));
    const pendingExtension = extensions.some((e) => e.status === ListingExtensionStatus.PENDING);
    const today = this.clock.today();
    const allowed = allowedListingActions(actor.roles, {
      status: row.status as ListingStatus,
      pendingExtension,
      findingStatus: row.finding_status,
    });
    // Past the deadline's day an extension can only be refused: it is not offered, and the unit is told why.
    const tooLate = allowed.includes('requestExtension') ? extensionTooLate(row.deadline, today) : null;
    return {
      ...listingView(row, today),
      extensions,
      allowedActions: tooLate ? allowed.filter((a) => a !== 'requestExtension') : allowed,
      /** Why the unit can no longer ask for an extension (its deadline has passed), or null. */
      extensionClosed: tooLate?.message ?? null,
    };
  }

  /**
   * The listings of a finding the caller may already see (its page checked the scope), newest first: its page
   * leads to them, where the notice is signed and extensions and acceptance are decided.
   */
  async ofFinding(findingId: number) {
    return (await this.listings.listingsOfFinding(findingId)).map((l) => ({
      id: l.id,
      docNumber: l.doc_number,
      statusLabel: LISTING_STATUS_LABEL[l.status as ListingStatus],
    }));
  }

  /** 挂牌督办 figures: open listings by level, overdue, awaiting acceptance (and overdue), delisted. */
  async counts(actor: Actor, q: ListingCountsQuery = {}) {
    const c = await this.listings.counts(UnitScope.of(actor), this.clock.today(), q.unitId);
    return {
      open: c.open,
      byLevel: { GROUP: c.group, COMPANY: c.company, SECOND_LEVEL: c.second_level },
      overdue: c.overdue,
      awaitingAcceptance: c.awaiting_acceptance,
      acceptanceOverdue: c.acceptance_overdue,
      delisted: c.delisted,
    };
  }

  /**
   * 公告: the listings published on the notice board — listing, and delisting once it happened — newest first, at most
   * NOTICE_BOARD_LIMIT of them; `total` says how many are published (the page says when it shows fewer, the API in
   * X-Total-Count). A listing still under supervision says whether it is 督办超期 (逾期) and by how many days, by the
   * rule the staff list, the figures and the dashboard use (isListingOverdue); a delisted one never is.
   */
  async noticeBoard() {
    const today = this.clock.today();
    const { rows, total } = await this.listings.page(
      UnitScope.ORGANISATION,
      { publicOnly: true, limit: NOTICE_BOARD_LIMIT, offset: 0 },
      today,
    );
    const items = rows.map((r) => {
      const status = r.status as ListingStatus;
      const running = { status, deadline: r.deadline };
      return {
        docNumber: r.doc_number,
        level: r.level,
        levelLabel: SUPERVISION_LEVEL_LABEL[r.level as SupervisionLevel],
        unitName: r.unit_name,
        findingCode: r.finding_code,
        description: r.finding_description,
        supervisingUnit: r.supervising_unit,
        deadline: r.deadline,
        listedAt: r.listed_at,
        delistedAt: status === ListingStatus.DELISTED ? r.delisted_at : null,
        status,
        statusLabel: LISTING_STATUS_LABEL[status],
        overdue: isListingOverdue(running, today),
        /** Calendar days past the 督办期限's day; 0 when not overdue. */
        daysOverdue: listingDaysOverdue(running, today),
      };
    });
    return { items, total, limit: NOTICE_BOARD_LIMIT };
  }
}

/** The 公告 board shows the newest this many published listings (no paging). */
export const NOTICE_BOARD_LIMIT = 200;

export function listingView(r: ListingRow, today: string) {
  const status = r.status as ListingStatus;
  return {
    id: r.id,
    docNumber: r.doc_number,
    level: r.level,
    levelLabel: SUPERVISION_LEVEL_LABEL[r.level as SupervisionLevel],
    supervisingUnit: r.supervising_unit,
    requirements: r.requirements,
    deadline: r.deadline,
    originalDeadline: r.original_deadline,
    status,
    statusLabel: LISTING_STATUS_LABEL[status],
    publicNotice: r.public_notice,
    overdue: isListingOverdue({ status, deadline: r.deadline }, today),
    acceptanceOverdue: isAcceptanceOverdue({ status, acceptanceDueOn: r.acceptance_due_on }, today),
    listedAt: r.listed_at,
    listedBy: r.listed_by_name,
    served: r.served_at ? { to: r.served_to, by: r.served_by_name, at: r.served_at } : null,
    signed: r.signed_at ? { by: r.signed_by_name, at: r.signed_at } : null,
    acceptanceRequest: r.acceptance_requested_at
      ? {
          at: r.acceptance_requested_at,
          note: r.acceptance_request_note,
          evidenceIds: r.acceptance_evidence_ids,
          dueOn: r.acceptance_due_on,
        }
      : null,
    acceptance: r.accepted_on
      ? { on: r.accepted_on, by: r.accepted_by_name, opinion: r.acceptance_opinion }
      : null,
    failedAcceptances: r.failed_acceptances,
    delisted: r.delisted_at ? { at: r.delisted_at, by: r.delisted_by_name, note: r.delist_note } : null,
    version: r.version,
    finding: {
      id: r.finding_id,
      code: r.finding_code,
      description: r.finding_description,
      location: r.finding_location,
      status: r.finding_status,
      deadline: r.finding_deadline,
      responsiblePerson: r.responsible_person,
      responsibleLeader: r.responsible_leader,
      unitId: r.unit_id,
      unitName: r.unit_name,
    },
  };
}
export type ListingView = ReturnType<typeof listingView>;
