import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/access/actor';
import { UnitScope } from '../common/access/unit-scope';
import { conflict } from '../common/errors/domain-error';
import { Clock } from '../common/time/clock';
import type { AuditRound } from '../rounds/round.entity';
import { RoundKind } from '../rounds/round.enums';
import { RoundsService } from '../rounds/rounds.service';
import {
  FINDING_CATEGORY_LABEL,
  FINDING_STATUS_LABEL,
  FindingCategory,
  FindingStatus,
  HAZARD_LEVEL_LABEL,
  HazardLevel,
} from './finding.enums';
import { RoundCountRow, RoundStatisticsRepository } from './round-statistics.repository';
import { isOpen } from './rules/open-and-overdue';

export interface RoundStatistics {
  total: number;
  byStatus: { status: FindingStatus; label: string; count: number }[];
  byLevel: { level: HazardLevel; label: string; count: number }[];
  byCategory: { category: FindingCategory; label: string; count: number }[];
  byUnit: {
    unitId: number;
    unitName: string;
    total: number;
    closed: number;
    open: number;
    overdue: number;
  }[];
  closed: number;
  cancelled: number;
  /** closed ÷ (total − cancelled); null when nothing counts. */
  closureRate: number | null;
  overdue: number;
}

export interface RoundSummary {
  companyName: string;
  originalName: string | null;
  total: number;
  closed: number;
  overdue: number;
  /** closed ÷ (total − cancelled), as in RoundStatistics. */
  closureRate: number | null;
}

/** closed ÷ (total − cancelled), to four places; null when nothing counts. */
const closureRate = (closed: number, total: number, cancelled: number): number | null =>
  total - cancelled > 0 ? Math.round((closed / (total - cancelled)) * 10000) / 10000 : null;

/**
 * Audit rounds as seen through their findings: the counts beside a list of rounds, a round's statistics, and the
 * look-back comparison. The rounds module knows rounds; counting findings is this (higher) module's work.
 */
@Injectable()
export class RoundOverviewService {
  constructor(
    private readonly rounds: RoundsService,
    private readonly stats: RoundStatisticsRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * What a list of rounds shows beside each round — its company, the original of a look-back, and the counts of
   * its findings the actor may see — read for the whole page at once rather than a detail per round.
   */
  async summaries(actor: Actor, rounds: AuditRound[]): Promise<Map<number, RoundSummary>> {
    if (!rounds.length) return new Map();
    const [labels, counts] = await Promise.all([
      this.rounds.labels(rounds),
      this.stats.totalsByRound(
        UnitScope.of(actor),
        rounds.map((r) => r.id),
        this.clock.today(),
      ),
    ]);
    const countsOf = new Map(counts.map((c) => [c.round_id, c]));
    return new Map(
      rounds.map((r) => {
        const c = countsOf.get(r.id) ?? { total: 0, closed: 0, cancelled: 0, overdue: 0 };
        const { companyName, originalName } = labels.get(r.id)!;
        return [
          r.id,
          {
            companyName,
            originalName,
            total: c.total,
            closed: c.closed,
            overdue: c.overdue,
            closureRate: closureRate(c.closed, c.total, c.cancelled),
          },
        ];
      }),
    );
  }

  /** A round with its company, original round and statistics (unit roles: counts of their subtree). */
  async detail(actor: Actor, id: number) {
    const round = await this.rounds.describe(actor, id);
    return { ...round, statistics: await this.statistics(actor, id) };
  }

  /** The statistics of a round the actor may see (404 otherwise). */
  async statisticsOfVisible(actor: Actor, id: number): Promise<RoundStatistics> {
    await this.rounds.get(actor, id);
    return this.statistics(actor, id);
  }

  async statistics(actor: Actor, roundId: number): Promise<RoundStatistics> {
    const rows = await this.stats.countsOfRound(UnitScope.of(actor), roundId, this.clock.today());
    const sum = (pred: (r: RoundCountRow) => boolean, val: (r: RoundCountRow) => number = (r) => r.n) =>
      rows.filter(pred).reduce((a, r) => a + val(r), 0);
    const total = sum(() => true);
    const closed = sum((r) => r.status === FindingStatus.CLOSED);
    const cancelled = sum((r) => r.status === FindingStatus.CANCELLED);
    return {
      total,
      byStatus: Object.values(FindingStatus).map((s) => ({
        status: s,
        label: FINDING_STATUS_LABEL[s],
        count: sum((r) => r.status === s),
      })),
      byLevel: Object.values(HazardLevel).map((l) => ({
        level: l,
        label: HAZARD_LEVEL_LABEL[l],
        count: sum((r) => r.level === l),
      })),
      byCategory: Object.values(FindingCategory).map((c) => ({
        category: c,
        label: FINDING_CATEGORY_LABEL[c],
        count: sum((r) => r.category === c),
      })),
      byUnit: byUnit(rows),
      closed,
      cancelled,
      closureRate: closureRate(closed, total, cancelled),
      overdue: sum(
        () => true,
        (r) => r.overdue,
      ),
    };
  }

  /**
   * A look-back beside its original audit: each original finding with its outcome (closed or not, and whether the
   * look-back found it again as a recurrence), and the look-back's own findings split into recurrences and new ones.
   */
  async lookBack(actor: Actor, id: number) {
    const round = await this.rounds.get(actor, id);
    if (round.kind !== RoundKind.LOOK_BACK || !round.originalRoundId) {
      throw conflict('NOT_A_LOOK_BACK', '该轮次不是“回头看” / This round is not a look-back');
    }
    const scope = UnitScope.of(actor);
    const original = await this.stats.originalFindings(scope, round.originalRoundId, id);
    const own = await this.stats.ownFindings(scope, id);
    const rechecked = original.map((f) => ({
      ...f,
      outcome:
        (f.recurredAs as unknown[]).length > 0
          ? 'RECURRED'
          : f.status === FindingStatus.CLOSED
            ? 'CLOSED_AND_HELD'
            : 'STILL_OPEN',
    }));
    const originalRound = await this.rounds.findById(round.originalRoundId);
    if (!originalRound) throw new Error(`Round ${round.originalRoundId} (original of ${id}) not found`);
    return {
      round: { id: round.id, name: round.name },
      originalRound,
      rechecked,
      recurred: own.filter((f) => f.recurrenceOfId !== null),
      newProblems: own.filter((f) => f.recurrenceOfId === null),
      summary: {
        originalFindings: original.length,
        recurredCount: rechecked.filter((f) => f.outcome === 'RECURRED').length,
        stillOpenCount: rechecked.filter((f) => f.outcome === 'STILL_OPEN').length,
        newProblemCount: own.filter((f) => f.recurrenceOfId === null).length,
      },
    };
  }
}

/** The per-unit lines of the statistics, in the rows' (unit tree) order. */
function byUnit(rows: RoundCountRow[]): RoundStatistics['byUnit'] {
  const units = new Map<number, RoundStatistics['byUnit'][number]>();
  for (const r of rows) {
    const u = units.get(r.unit_id) ?? {
      unitId: r.unit_id,
      unitName: r.unit_name,
      total: 0,
      closed: 0,
      open: 0,
      overdue: 0,
    };
    u.total += r.n;
    if (r.status === FindingStatus.CLOSED) u.closed += r.n;
    if (isOpen(r.status)) u.open += r.n;
    u.overdue += r.overdue;
    units.set(r.unit_id, u);
  }
  return [...units.values()];
}
