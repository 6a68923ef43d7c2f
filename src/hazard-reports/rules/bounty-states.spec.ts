import { DomainError } from '../../common/errors/domain-error';
import { BountyStatus as B } from '../hazard-report.enums';
import {
  cancellationTransition,
  canMoveBounty,
  decisionTransition,
  isCommitted,
  paymentTransition,
} from './bounty-states';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as DomainError).code;
  }
  return null;
};

describe('bounty states', () => {
  it('is approved or rejected once, never by its proposer', () => {
    const b = { status: B.PROPOSED, proposedById: 1 };
    expect(decisionTransition(b, 2, true)).toBe(B.APPROVED);
    expect(decisionTransition(b, 2, false)).toBe(B.REJECTED);
    expect(codeOf(() => decisionTransition(b, 1, true))).toBe('BOUNTY_SELF_APPROVAL');
    for (const status of [B.APPROVED, B.REJECTED, B.PAID, B.CANCELLED])
      expect(codeOf(() => decisionTransition({ status, proposedById: 1 }, 2, true))).toBe(
        'BOUNTY_ALREADY_DECIDED',
      );
  });
  it('is paid once, only when approved', () => {
    expect(paymentTransition({ status: B.APPROVED, paidOn: null })).toBe(B.PAID);
    expect(codeOf(() => paymentTransition({ status: B.PAID, paidOn: '2026-01-05' }))).toBe(
      'BOUNTY_ALREADY_PAID',
    );
    expect(codeOf(() => paymentTransition({ status: B.PROPOSED, paidOn: null }))).toBe('BOUNTY_NOT_APPROVED');
  });
  it('is cancelled only before payment', () => {
    expect(cancellationTransition({ status: B.PROPOSED })).toBe(B.CANCELLED);
    expect(cancellationTransition({ status: B.APPROVED })).toBe(B.CANCELLED);
    for (const status of [B.PAID, B.REJECTED, B.CANCELLED])
      expect(codeOf(() => cancellationTransition({ status }))).toBe('BOUNTY_NOT_CANCELLABLE');
  });
  it('ends in paid, rejected or cancelled and counts what is not rejected or cancelled', () => {
    for (const end of [B.PAID, B.REJECTED, B.CANCELLED])
      for (const to of Object.values(B)) expect(canMoveBounty(end, to)).toBe(false);
    expect(Object.values(B).filter(isCommitted)).toEqual([B.PROPOSED, B.APPROVED, B.PAID]);
  });
});
