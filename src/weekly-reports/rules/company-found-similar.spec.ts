import { isCompanyFoundSimilarAssessable, reportTiming } from './company-found-similar';

describe('举一反三 assessment rule', () => {
  const base = { source: 'COMPANY_CHECK' as const, unitWasRequiredToSweep: true, alreadySelfReported: false };
  it('assesses a similar problem the company found in a unit that had to sweep for it', () => {
    expect(isCompanyFoundSimilarAssessable(base)).toBe(true);
    expect(isCompanyFoundSimilarAssessable({ ...base, source: 'AUDIT_TEAM' })).toBe(true);
  });
  it('does not assess what the unit found itself, reported earlier, or was not required to sweep for', () => {
    expect(isCompanyFoundSimilarAssessable({ ...base, source: 'SELF_CHECK' })).toBe(false);
    expect(isCompanyFoundSimilarAssessable({ ...base, source: 'HAZARD_REPORT' })).toBe(false);
    expect(isCompanyFoundSimilarAssessable({ ...base, alreadySelfReported: true })).toBe(false);
    expect(isCompanyFoundSimilarAssessable({ ...base, unitWasRequiredToSweep: false })).toBe(false);
  });
  it('counts Thursday 23:59:59 as on time and Friday 00:00 as late (deadline at the end of Thursday)', () => {
    const due = new Date('2023-02-16T16:00:00Z'); // Friday 00:00 in Shanghai
    expect(reportTiming(due, new Date('2023-02-16T15:59:59.999Z'))).toBe('ON_TIME');
    expect(reportTiming(due, new Date('2023-02-16T16:00:00.000Z'))).toBe('LATE');
  });
});
