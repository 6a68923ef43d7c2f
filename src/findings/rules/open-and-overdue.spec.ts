import { FindingStatus } from '../finding.enums';
import { isOpen, isOverdue, OPEN_STATUSES, overdueSql } from './open-and-overdue';

describe('open and overdue (DOMAIN.md §3)', () => {
  const today = '2023-03-10';

  it('counts every state before close-out as open; closed and cancelled are not', () => {
    expect(OPEN_STATUSES).toHaveLength(4);
    expect(isOpen(FindingStatus.VERIFIED)).toBe(true);
    expect(isOpen(FindingStatus.CLOSED)).toBe(false);
    expect(isOpen(FindingStatus.CANCELLED)).toBe(false);
  });

  it('is overdue only after the deadline day has ended, while the unit still owes the rectification', () => {
    expect(isOverdue({ status: FindingStatus.RECTIFYING, deadline: '2023-03-09' }, today)).toBe(true);
    expect(isOverdue({ status: FindingStatus.ASSIGNED, deadline: '2023-03-09' }, today)).toBe(true);
    // the deadline day itself is still in time
    expect(isOverdue({ status: FindingStatus.RECTIFYING, deadline: today }, today)).toBe(false);
    // once the summary is in, waiting for the group is not the unit's lateness
    expect(isOverdue({ status: FindingStatus.PENDING_VERIFICATION, deadline: '2023-01-01' }, today)).toBe(
      false,
    );
    expect(isOverdue({ status: FindingStatus.CLOSED, deadline: '2023-01-01' }, today)).toBe(false);
  });

  it('has a SQL form with the same two conditions', () => {
    expect(overdueSql('f', '$2', '$3')).toBe('(f.status = ANY($2) AND f.deadline < $3)');
  });
});
