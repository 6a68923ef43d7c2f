import { DomainError } from '../../common/errors/domain-error';
import { BountyStatus as B, HazardReportStatus as S } from '../hazard-report.enums';
import {
  assertBountyEligible,
  assertPhotoAllowed,
  awaitsBounty,
  awaitsTriage,
  canMoveReport,
  isEarlierReport,
  triageTransition,
} from './report-states';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as DomainError).code;
  }
  return null;
};

describe('hazard report states', () => {
  it('triages a submitted report once, to the status of the result', () => {
    expect(triageTransition(S.SUBMITTED, 'VALID')).toBe(S.VALID);
    expect(triageTransition(S.SUBMITTED, 'INVALID')).toBe(S.INVALID);
    expect(triageTransition(S.SUBMITTED, 'DUPLICATE')).toBe(S.DUPLICATE);
    for (const done of [S.VALID, S.INVALID, S.DUPLICATE]) {
      expect(canMoveReport(done, S.SUBMITTED)).toBe(false);
      expect(codeOf(() => triageTransition(done, 'INVALID'))).toBe('HAZARD_REPORT_TRIAGED');
    }
  });
  it('lets only the reporter add photos, before triage', () => {
    const r = { id: 1, reporterId: 7, status: S.SUBMITTED };
    expect(codeOf(() => assertPhotoAllowed(r, 7, 1))).toBeNull();
    expect(codeOf(() => assertPhotoAllowed(r, 8, 1))).toBe('NOT_FOUND');
    expect(codeOf(() => assertPhotoAllowed(null, 7, 1))).toBe('NOT_FOUND');
    expect(codeOf(() => assertPhotoAllowed({ ...r, status: S.VALID }, 7, 1))).toBe('HAZARD_REPORT_TRIAGED');
  });
  it('accepts as the original only an earlier report that was not invalid', () => {
    const report = { id: 5, reportedAt: new Date('2026-03-02') };
    const earlier = { id: 4, reportedAt: new Date('2026-03-01'), status: S.VALID };
    expect(isEarlierReport(report, earlier)).toBe(true);
    expect(isEarlierReport(report, null)).toBe(false);
    expect(isEarlierReport(report, { ...earlier, id: 5 })).toBe(false);
    expect(isEarlierReport(report, { ...earlier, reportedAt: new Date('2026-03-03') })).toBe(false);
    expect(isEarlierReport(report, { ...earlier, status: S.INVALID })).toBe(false);
  });
  it('rewards only valid reports', () => {
    expect(codeOf(() => assertBountyEligible(S.VALID))).toBeNull();
    expect(codeOf(() => assertBountyEligible(S.DUPLICATE))).toBe('BOUNTY_NOT_ELIGIBLE');
    expect(codeOf(() => assertBountyEligible(S.SUBMITTED))).toBe('BOUNTY_NOT_ELIGIBLE');
  });
  it('offers triage before it and a bounty to a valid report without a live one', () => {
    expect(awaitsTriage(S.SUBMITTED)).toBe(true);
    expect(awaitsTriage(S.VALID)).toBe(false);
    expect(awaitsBounty({ status: S.VALID, bounty: null })).toBe(true);
    expect(awaitsBounty({ status: S.VALID, bounty: { status: B.REJECTED } })).toBe(true);
    expect(awaitsBounty({ status: S.VALID, bounty: { status: B.CANCELLED } })).toBe(true);
    expect(awaitsBounty({ status: S.VALID, bounty: { status: B.PROPOSED } })).toBe(false);
    expect(awaitsBounty({ status: S.DUPLICATE, bounty: null })).toBe(false);
  });
});
