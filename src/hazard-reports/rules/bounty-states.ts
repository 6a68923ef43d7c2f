import { conflict, DomainError } from '../../common/errors/domain-error';
import { BountyStatus } from '../hazard-report.enums';

/**
 * The states of a bounty and where each may go: proposed by the safety office; approved or rejected once by a
 * supervision-group leader who did not propose it; an approved bounty is paid once; cancelled before payment.
 */
export const BOUNTY_TRANSITIONS: Record<BountyStatus, readonly BountyStatus[]> = {
  [BountyStatus.PROPOSED]: [BountyStatus.APPROVED, BountyStatus.REJECTED, BountyStatus.CANCELLED],
  [BountyStatus.APPROVED]: [BountyStatus.PAID, BountyStatus.CANCELLED],
  [BountyStatus.REJECTED]: [],
  [BountyStatus.PAID]: [],
  [BountyStatus.CANCELLED]: [],
};

/** A new bounty starts here. */
export const INITIAL_BOUNTY_STATUS = BountyStatus.PROPOSED;

/** Statuses whose amounts count against the year's budget and the ledger's totals. */
export const COMMITTED_BOUNTY_STATUSES: readonly BountyStatus[] = [
  BountyStatus.PROPOSED,
  BountyStatus.APPROVED,
  BountyStatus.PAID,
];

export const canMoveBounty = (from: BountyStatus, to: BountyStatus): boolean =>
  BOUNTY_TRANSITIONS[from].includes(to);

export const isCommitted = (status: BountyStatus): boolean => COMMITTED_BOUNTY_STATUSES.includes(status);

/** 审批: approve or reject, once, and never by the one who proposed it. */
export function decisionTransition(
  bounty: { status: BountyStatus; proposedById: number },
  actorId: number,
  approve: boolean,
): BountyStatus {
  if (bounty.proposedById === actorId)
    throw new DomainError(
      'FORBIDDEN',
      'BOUNTY_SELF_APPROVAL',
      '提出奖励的人不能审批自己的提议 / The proposer may not approve it',
    );
  const target = approve ? BountyStatus.APPROVED : BountyStatus.REJECTED;
  if (!canMoveBounty(bounty.status, target))
    throw conflict(
      'BOUNTY_ALREADY_DECIDED',
      `该奖励已${bounty.status === BountyStatus.APPROVED ? '审批通过' : '处理'}（${bounty.status}） / Already decided`,
      { current: bounty.status },
    );
  return target;
}

/** 发放: only an approved bounty, once. */
export function paymentTransition(bounty: { status: BountyStatus; paidOn: string | null }): BountyStatus {
  if (bounty.status === BountyStatus.PAID)
    throw conflict('BOUNTY_ALREADY_PAID', `该奖励已于 ${bounty.paidOn} 发放 / Already paid`, {
      current: bounty.status,
    });
  if (!canMoveBounty(bounty.status, BountyStatus.PAID))
    throw conflict('BOUNTY_NOT_APPROVED', '奖励须审批通过后才能发放 / Only an approved bounty is paid', {
      current: bounty.status,
    });
  return BountyStatus.PAID;
}

/** 撤销: a bounty not yet paid (nor rejected or cancelled already). */
export function cancellationTransition(bounty: { status: BountyStatus }): BountyStatus {
  if (!canMoveBounty(bounty.status, BountyStatus.CANCELLED))
    throw conflict(
      'BOUNTY_NOT_CANCELLABLE',
      `该奖励为 ${bounty.status}，不能撤销 / Only a bounty not yet paid can be cancelled`,
      { current: bounty.status },
    );
  return BountyStatus.CANCELLED;
}
