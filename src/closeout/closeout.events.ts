import { DomainEvent } from '../common/events/domain-events';
import type { Tx } from '../common/persistence/transactions';

/** 复查不通过: the finding goes back to the unit with the reason. Inside the verification's transaction. */
export class VerificationFailed extends DomainEvent {
  static readonly eventName = 'closeout.verification-failed';
  constructor(
    tx: Tx,
    readonly findingId: number,
    readonly notes: string,
  ) {
    super(tx);
  }
}

/** A close-out (销号) was refused: the 五个不放过 rules not met. Inside the transaction that records the refusal. */
export class CloseoutRefused extends DomainEvent {
  static readonly eventName = 'closeout.refused';
  constructor(
    tx: Tx,
    readonly findingId: number,
    readonly unmet: { number: number; text: string }[],
  ) {
    super(tx);
  }
}
