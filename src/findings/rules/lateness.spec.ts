import { FindingSource } from '../finding.enums';
import { extensionProblems, lateAssessedAutomatically, mayRequestExtension, overdueSince } from './lateness';

describe('lateness and its assessment', () => {
  it('never assesses self-found problems automatically', () => {
    expect(lateAssessedAutomatically({ source: FindingSource.SELF_CHECK })).toBe(false);
    expect(lateAssessedAutomatically({ source: FindingSource.AUDIT_TEAM })).toBe(true);
    expect(lateAssessedAutomatically({ source: FindingSource.HAZARD_REPORT })).toBe(true);
  });
  it('dates an overdue finding from the day after its deadline', () => {
    expect(overdueSince('2023-03-31')).toBe('2023-04-01');
  });
  it('takes extension requests until the end of the deadline day, not after', () => {
    expect(mayRequestExtension('2023-03-31', '2023-03-30')).toBe(true);
    expect(mayRequestExtension('2023-03-31', '2023-03-31')).toBe(true);
    expect(mayRequestExtension('2023-03-31', '2023-04-01')).toBe(false);
  });
  it('takes a requested deadline only when it is later than the current one', () => {
    expect(extensionProblems('2023-04-01', '2023-03-31')).toEqual([]);
    for (const requested of ['2023-03-31', '2023-03-01'])
      expect(extensionProblems(requested, '2023-03-31')).toEqual([
        { field: 'requestedDeadline', messages: [expect.stringContaining('须晚于现时限 2023-03-31')] },
      ]);
  });
  it('leaves a deadline the form did not give (or gave malformed) to the form check', () => {
    expect(extensionProblems(undefined, '2023-03-31')).toEqual([]);
  });
});
