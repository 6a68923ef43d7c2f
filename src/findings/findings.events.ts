import { DomainEvent } from '../common/events/domain-events';
import type { Tx } from '../common/persistence/transactions';

/**
 * A finding was linked as similar to another (举一反三), inside the linking transaction — whoever linked it (the
 * finding's registration, the close-out sweep). The weekly reports' COMPANY_FOUND_SIMILAR rule acts on it.
 */
export class FindingSimilarLinked extends DomainEvent {
  static readonly eventName = 'findings.similar-linked';
  constructor(
    tx: Tx,
    readonly findingId: number,
    readonly similarToId: number,
  ) {
    super(tx);
  }
}
