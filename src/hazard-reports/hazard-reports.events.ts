import { DomainEvent } from '../common/events/domain-events';
import type { Tx } from '../common/persistence/transactions';

/**
 * A bounty was proposed (awaiting a leader's approval), approved, rejected (with the leader's reason) or paid. Carries the reporter and whether they
 * hide their identity: whoever acts on it must not reveal a hidden reporter to anyone but the reporter.
 */
export class BountyStepTaken extends DomainEvent {
  static readonly eventName = 'hazard-reports.bounty-step';
  constructor(
    tx: Tx,
    readonly bounty: {
      id: number;
      status: 'PROPOSED' | 'APPROVED' | 'REJECTED' | 'PAID';
      amountYuan: number;
      proposedById: number;
      paidOn: string | null;
      /** The leader's 审批意见: a rejection's reason. */
      decisionNote: string | null;
    },
    readonly report: { id: number; reporterId: number; hideIdentity: boolean; hazardUnitId: number },
  ) {
    super(tx);
  }
}

/** A report was checked by the safety office: valid (it became a finding), invalid, or a duplicate. */
export class HazardReportTriaged extends DomainEvent {
  static readonly eventName = 'hazard-reports.triaged';
  constructor(
    tx: Tx,
    readonly report: {
      id: number;
      reporterId: number;
      hazardUnitId: number;
      result: 'VALID' | 'INVALID' | 'DUPLICATE';
      note: string | null;
    },
  ) {
    super(tx);
  }
}
