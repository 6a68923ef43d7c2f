import { DomainEvent } from '../common/events/domain-events';
import type { Tx } from '../common/persistence/transactions';

/**
 * A step of a 挂牌督办 listing (listed, served, extension requested/decided, acceptance requested, accepted, delisted),
 * announced inside its transaction so notifications can tell the unit and the listing authority; the supervision
 * deadline's reminders follow `deadline`.
 */
export class MajorHazardListingChanged extends DomainEvent {
  static readonly eventName = 'major-hazard-supervision.listing-changed';
  constructor(
    tx: Tx,
    readonly listingId: number,
    readonly findingId: number,
    readonly unitId: number,
    readonly step: string,
    readonly docNumber: string,
    readonly deadline: string,
    readonly actorId: number,
    /** The listing after the step with the step's own facts (an extension's `decision` and `note`, an acceptance's `result`). */
    readonly after: Record<string, unknown> = {},
  ) {
    super(tx);
  }
}
