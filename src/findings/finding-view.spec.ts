import { Finding } from './entities/finding.entity';
import { FindingCategory, FindingSource, FindingStatus, HazardLevel } from './finding.enums';
import { findingDetailView, findingView } from './finding-view';

describe('findingView', () => {
  // A finding as TypeORM loads it: every declared field exists (relations and select:false columns undefined).
  const loaded = (changes: Partial<Finding> = {}) =>
    Object.assign(new Finding(), {
      id: 7,
      code: 'A-2023-AQ-0007',
      roundId: 2,
      unitId: 3,
      description: '皮带廊积尘',
      location: '2号皮带廊',
      level: HazardLevel.GENERAL,
      category: FindingCategory.UNSAFE_CONDITION,
      tags: ['扬尘'],
      source: FindingSource.AUDIT_TEAM,
      foundDate: '2023-01-06',
      foundBy: '督察组',
      deadline: '2023-03-31',
      responsiblePerson: '主任',
      responsibleLeader: null,
      status: FindingStatus.RECTIFYING,
      recurrenceOfId: null,
      cancelReason: null,
      closedAt: null,
      returnReason: null,
      createdById: 2,
      version: 2,
      createdAt: new Date('2023-01-06T01:00:00Z'),
      updatedAt: new Date('2023-01-07T01:00:00Z'),
      ...changes,
    });

  /** What the API sent before the view listed its fields: the entity and the names spread, then the derived keys. */
  const spreadView = (f: Finding, today: string, names: object) => ({
    ...f,
    ...names,
    overdue: findingView(f, today).overdue,
    statusLabel: findingView(f, today).statusLabel,
    levelLabel: findingView(f, today).levelLabel,
    categoryLabel: findingView(f, today).categoryLabel,
    sourceLabel: findingView(f, today).sourceLabel,
  });

  it('sends the same JSON, key for key and in the same order, as the entity spread did', () => {
    for (const names of [{}, { unitName: '热电分厂', roundName: '回头看' }]) {
      const f = loaded();
      expect(JSON.stringify(findingView(f, '2023-04-01', names))).toBe(
        JSON.stringify(spreadView(f, '2023-04-01', names)),
      );
    }
  });

  it('puts the detail’s round, unit and recurred-from finding where the entity spread put them', () => {
    const f = loaded();
    const names = { unitName: '热电分厂', roundName: '回头看' };
    const related = { round: { id: 2 }, unit: { id: 3 }, recurrenceOf: null };
    const before = {
      ...spreadView(f, '2023-04-01', names),
      unit: related.unit,
      round: related.round,
      recurrenceOf: null,
    };
    expect(JSON.stringify({ ...findingDetailView(f, '2023-04-01', names, related), plan: null })).toBe(
      JSON.stringify({ ...before, plan: null }),
    );
  });

  it('derives overdue from the open-and-overdue rule', () => {
    expect(findingView(loaded(), '2023-04-01').overdue).toBe(true);
    expect(findingView(loaded(), '2023-03-31').overdue).toBe(false);
    expect(findingView(loaded({ status: FindingStatus.PENDING_VERIFICATION }), '2023-04-01').overdue).toBe(
      false,
    );
  });
});
