import { DomainEvent } from '../common/events/domain-events';
import type { Tx } from '../common/persistence/transactions';
import type { Finding } from '../findings/entities/finding.entity';

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

/**
 * 复查通过 that moved the finding to VERIFIED (a further verification of a VERIFIED finding is not announced). Inside
 * the verification's transaction; carries the finding as saved, so handlers need not read it again.
 */
export class VerificationPassed extends DomainEvent {
  static readonly eventName = 'closeout.verification-passed';
  constructor(
    tx: Tx,
    readonly findingId: number,
    readonly verifiedOn: string,
    readonly verifierName: string,
    readonly finding: Finding,
  ) {
    super(tx);
  }
}

/** 销号: the finding is CLOSED, by whom and when. Inside the close-out's transaction, with the finding as saved. */
export class FindingClosed extends DomainEvent {
  static readonly eventName = 'closeout.closed';
  constructor(
    tx: Tx,
    readonly findingId: number,
    readonly closedAt: Date,
    readonly closedByName: string,
    readonly finding: Finding,
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
