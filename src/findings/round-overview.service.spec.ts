import { DomainError } from '../common/errors/domain-error';
import type { Tx } from '../common/persistence/transactions';
import type { Clock } from '../common/time/clock';
import { RoundKind } from '../rounds/round.enums';
import { RoundClosing } from '../rounds/rounds.events';
import type { RoundsService } from '../rounds/rounds.service';
import { FindingCategory, FindingSource, FindingStatus, HazardLevel } from './finding.enums';
import { RoundClosingHandler } from './round-closing.handler';
import { RoundOverviewService } from './round-overview.service';
import type { RoundCountRow, RoundStatisticsRepository } from './round-statistics.repository';

const ORG = { unitScopePath: null } as never;
const row = (
  status: FindingStatus,
  unit: number,
  n: number,
  overdue = 0,
  source = FindingSource.AUDIT_TEAM,
): RoundCountRow => ({
  source,
  status,
  level: HazardLevel.GENERAL,
  category: FindingCategory.UNSAFE_CONDITION,
  unit_id: unit,
  unit_name: `unit ${unit}`,
  n,
  overdue,
});

describe('round statistics from the GROUP BY rows', () => {
  const overviewOf = (rows: RoundCountRow[], kind = RoundKind.LOOK_BACK) =>
    new RoundOverviewService(
      { get: async () => ({ id: 7, kind }) } as unknown as RoundsService,
      { countsOfRound: async () => rows } as unknown as RoundStatisticsRepository,
      { today: () => '2023-03-01' } as Clock,
    );

  it('sums per status and unit, rates closed over the not-cancelled, and counts overdue', async () => {
    const stats = await overviewOf([
      row(FindingStatus.CLOSED, 1, 3),
      row(FindingStatus.RECTIFYING, 1, 2, 1),
      row(FindingStatus.CANCELLED, 2, 1),
      row(FindingStatus.ASSIGNED, 2, 2, 2),
      row(FindingStatus.ASSIGNED, 2, 5, 0, FindingSource.SELF_CHECK),
    ]).statisticsOfVisible(ORG, 7);
    expect(stats.total).toBe(7);
    expect(stats.closed).toBe(3);
    expect(stats.cancelled).toBe(1);
    expect(stats.open).toBe(9);
    expect(stats.closureRate).toBe(42.9);
    expect(stats.overdue).toBe(3);
    expect(stats.byUnit).toEqual([
      {
        unitId: 1,
        unitName: 'unit 1',
        total: 5,
        auditTeam: 5,
        otherSources: 0,
        closed: 3,
        open: 2,
        overdue: 1,
        rectificationRate: 60,
      },
      {
        unitId: 2,
        unitName: 'unit 2',
        total: 7,
        auditTeam: 2,
        otherSources: 5,
        closed: 0,
        open: 7,
        overdue: 2,
        rectificationRate: 0,
      },
    ]);
    expect(stats.bySource.map((l) => [l.source, l.total, l.cancelled])).toEqual([
      ['AUDIT_TEAM', 7, 1],
      ['COMPANY_CHECK', 0, 0],
      ['SELF_CHECK', 5, 0],
      ['HAZARD_REPORT', 0, 0],
    ]);
    expect(stats.byStatus.find((s) => s.status === FindingStatus.ASSIGNED)?.count).toBe(2);
  });

  it('counts every source in the headline of a round the company runs itself (公司检查, 专项检查)', async () => {
    const rows = [
      row(FindingStatus.CLOSED, 1, 2, 0, FindingSource.COMPANY_CHECK),
      row(FindingStatus.ASSIGNED, 1, 1, 1, FindingSource.COMPANY_CHECK),
      row(FindingStatus.RECTIFYING, 2, 1, 0, FindingSource.SELF_CHECK),
      row(FindingStatus.CANCELLED, 2, 1, 0, FindingSource.COMPANY_CHECK),
    ];
    for (const kind of [RoundKind.COMPANY_CHECK, RoundKind.SPECIAL]) {
      const stats = await overviewOf(rows, kind).statisticsOfVisible(ORG, 7);
      expect([
        stats.headline,
        stats.total,
        stats.closed,
        stats.overdue,
        stats.closureRate,
        stats.cancelled,
      ]).toEqual(['ALL_SOURCES', 4, 2, 1, 50, 1]);
      expect(stats.byLevel.find((l) => l.level === HazardLevel.GENERAL)?.count).toBe(4);
    }
    // An audit's or a look-back's headline is its audit team's findings only: none here.
    const audit = await overviewOf(rows, RoundKind.AUDIT).statisticsOfVisible(ORG, 7);
    expect([audit.headline, audit.total, audit.closureRate]).toEqual(['AUDIT_TEAM', 0, null]);
  });

  it('has no closure rate when every finding is cancelled or there are none', async () => {
    expect((await overviewOf([]).statisticsOfVisible(ORG, 7)).closureRate).toBeNull();
    expect(
      (await overviewOf([row(FindingStatus.CANCELLED, 1, 2)]).statisticsOfVisible(ORG, 7)).closureRate,
    ).toBeNull();
  });
});

describe('RoundClosingHandler', () => {
  const handlerWith = (open: number) =>
    new RoundClosingHandler({ openCount: async () => open } as unknown as RoundStatisticsRepository);

  it('lets a round close when no finding is open', async () => {
    await expect(handlerWith(0).handle(new RoundClosing({} as Tx, 7))).resolves.toBeUndefined();
  });

  it('refuses with ROUND_HAS_OPEN_FINDINGS and the number still open', async () => {
    const err = await handlerWith(2)
      .handle(new RoundClosing({} as Tx, 7))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({
      kind: 'CONFLICT',
      code: 'ROUND_HAS_OPEN_FINDINGS',
      message: '本轮还有 2 个问题未销号或作废，不能关闭 / 2 finding(s) are still open',
      details: { openFindings: 2 },
    });
  });
});
