import { DomainEvent } from '../common/events/domain-events';
import type { Tx } from '../common/persistence/transactions';

/**
 * A round is about to close (RECTIFYING → CLOSED), inside the closing transaction with the round locked. The
 * findings module refuses (throws, rolling the change back) while any of the round's findings is still open.
 */
export class RoundClosing extends DomainEvent {
  static readonly eventName = 'rounds.closing';
  constructor(
    tx: Tx,
    readonly roundId: number,
  ) {
    super(tx);
  }
}
