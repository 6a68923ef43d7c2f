import { FindingSource } from '../finding.enums';
import { lateAssessedAutomatically, mayRequestExtension, overdueSince } from './lateness';

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
});
