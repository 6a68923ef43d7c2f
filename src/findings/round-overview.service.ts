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
  FINDING_SOURCE_LABEL,
  FINDING_STATUS_LABEL,
  FindingCategory,
  FindingSource,
  FindingStatus,
  HAZARD_LEVEL_LABEL,
  HazardLevel,
} from './finding.enums';
import { LookBackRow, RoundCountRow, RoundStatisticsRepository } from './round-statistics.repository';
import { isCounted, isRectified, rectificationRate, SOURCE_ORDER } from './rules/counting';
import { isOpen } from './rules/open-and-overdue';

/** One source's line (督察组, 公司查出, 单位自查, 隐患举报): counted findings (not cancelled), and the cancelled apart. */
export interface SourceLine {
  source: FindingSource;
  label: string;
  /** Counted findings of this source: cancelled ones are not in it. */
  total: number;
  closed: number;
  open: number;
  overdue: number;
  cancelled: number;
  /** 整改率: closed ÷ counted, in percent with one decimal (counting.ts); null when nothing counts. */
  rectificationRate: number | null;
}

/**
 * A round's statistics. The headline figures (问题总数, 已销号, 已超期, 销号率) and the tables by status, level and
 * category are the audit team's line — the problems the audit found — without cancelled findings; every source has
 * its own line in `bySource`, the units' lines count every source (the audit team's apart), and cancelled findings
 * are counted apart.
 */
export interface RoundStatistics {
  /** 问题总数: the audit team's counted findings. */
  total: number;
  bySource: SourceLine[];
  byStatus: { status: FindingStatus; label: string; count: number }[];
  byLevel: { level: HazardLevel; label: string; count: number }[];
  byCategory: { category: FindingCategory; label: string; count: number }[];
  /** Per unit, the counted findings of every source, the audit team's among them. */
  byUnit: {
    unitId: number;
    unitName: string;
    total: number;
    auditTeam: number;
    otherSources: number;
    closed: number;
    open: number;
    overdue: number;
    rectificationRate: number | null;
  }[];
  closed: number;
  /** Cancelled findings of every source (作废, never in a total). */
  cancelled: number;
  /** Findings of every source still open (what keeps the round from closing). */
  open: number;
  /** 销号率 of the audit team's line, in percent with one decimal; null when nothing counts. */
  closureRate: number | null;
  overdue: number;
}

export interface RoundSummary {
  companyName: string;
  originalName: string | null;
  /** The audit team's line, as in RoundStatistics. */
  total: number;
  closed: number;
  overdue: number;
  closureRate: number | null;
  /** Counted findings of the other sources (self-check, company checks, hazard reports). */
  otherSources: number;
  /** Cancelled findings of every source. */
  cancelled: number;
}

/** A look-back's own findings of one source: found (counted), of which recurrences and new, and cancelled apart. */
export interface LookBackSourceLine {
  source: FindingSource;
  label: string;
  found: number;
  recurred: number;
  newProblems: number;
  cancelled: number;
}

const isAuditTeam = (r: { source: FindingSource }) => r.source === FindingSource.AUDIT_TEAM;

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
    return new Map(
      rounds.map((r) => {
        const mine = counts.filter((c) => c.round_id === r.id);
        const audit = mine.find(isAuditTeam) ?? { counted: 0, closed: 0, overdue: 0 };
        const { companyName, originalName } = labels.get(r.id)!;
        return [
          r.id,
          {
            companyName,
            originalName,
            total: audit.counted,
            closed: audit.closed,
            overdue: audit.overdue,
            closureRate: rectificationRate(audit.closed, audit.counted),
            otherSources: mine.filter((c) => !isAuditTeam(c)).reduce((a, c) => a + c.counted, 0),
            cancelled: mine.reduce((a, c) => a + c.cancelled, 0),
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
    const sum = (xs: RoundCountRow[], val: (r: RoundCountRow) => number = (r) => r.n) =>
      xs.reduce((a, r) => a + val(r), 0);
    const counted = rows.filter((r) => isCounted(r.status));
    const audit = counted.filter(isAuditTeam);
    const bySource = SOURCE_ORDER.map((source) => sourceLine(source, rows));
    const line = bySource[0];
    return {
      total: line.total,
      bySource,
      byStatus: Object.values(FindingStatus)
        .filter(isCounted)
        .map((s) => ({
          status: s,
          label: FINDING_STATUS_LABEL[s],
          count: sum(audit.filter((r) => r.status === s)),
        })),
      byLevel: Object.values(HazardLevel).map((l) => ({
        level: l,
        label: HAZARD_LEVEL_LABEL[l],
        count: sum(audit.filter((r) => r.level === l)),
      })),
      byCategory: Object.values(FindingCategory).map((c) => ({
        category: c,
        label: FINDING_CATEGORY_LABEL[c],
        count: sum(audit.filter((r) => r.category === c)),
      })),
      byUnit: byUnit(counted),
      closed: line.closed,
      cancelled: sum(rows.filter((r) => !isCounted(r.status))),
      open: sum(rows.filter((r) => isOpen(r.status))),
      closureRate: line.rectificationRate,
      overdue: line.overdue,
    };
  }

  /**
   * A look-back beside its original audit: each original finding with its outcome (closed or not, and whether it
   * recurred — found again in the look-back or logged as a recurrence in any other round), and the look-back's own
   * findings split into recurrences and new ones, counted by source with the cancelled apart.
   */
  async lookBack(actor: Actor, id: number) {
    const round = await this.rounds.get(actor, id);
    if (round.kind !== RoundKind.LOOK_BACK || !round.originalRoundId) {
      throw conflict('NOT_A_LOOK_BACK', '该轮次不是“回头看” / This round is not a look-back');
    }
    const scope = UnitScope.of(actor);
    const original = await this.stats.originalFindings(scope, round.originalRoundId);
    const allOwn = await this.stats.ownFindings(scope, id);
    const own = allOwn.filter((f) => isCounted(f.status as FindingStatus));
    const roundNames = await this.roundNames(original);
    const rechecked = original
      .filter((f) => isCounted(f.status as FindingStatus))
      .map((f) => {
        const recurredAs = (f.recurredAs as { roundId: number }[]).map((n) => ({
          ...n,
          roundName: roundNames.get(n.roundId) ?? null,
          inThisLookBack: n.roundId === id,
        }));
        return {
          ...f,
          recurredAs,
          outcome: recurredAs.length
            ? 'RECURRED'
            : isRectified(f.status as FindingStatus)
              ? 'CLOSED_AND_HELD'
              : 'STILL_OPEN',
        };
      });
    const originalRound = await this.rounds.findById(round.originalRoundId);
    if (!originalRound) throw new Error(`Round ${round.originalRoundId} (original of ${id}) not found`);
    const isRecurrence = (f: LookBackRow) => f.recurrenceOfId !== null;
    const bySource: LookBackSourceLine[] = SOURCE_ORDER.map((source) => {
      const of = own.filter((f) => f.source === source);
      return {
        source,
        label: FINDING_SOURCE_LABEL[source],
        found: of.length,
        recurred: of.filter(isRecurrence).length,
        newProblems: of.filter((f) => !isRecurrence(f)).length,
        cancelled: allOwn.filter((f) => f.source === source && !isCounted(f.status as FindingStatus)).length,
      };
    });
    const auditTeam = bySource[0];
    return {
      round: { id: round.id, name: round.name },
      originalRound,
      rechecked,
      recurred: own.filter(isRecurrence),
      newProblems: own.filter((f) => !isRecurrence(f)),
      cancelled: allOwn.filter((f) => !isCounted(f.status as FindingStatus)),
      summary: {
        originalFindings: rechecked.length,
        recurredCount: rechecked.filter((f) => f.outcome === 'RECURRED').length,
        stillOpenCount: rechecked.filter((f) => f.outcome === 'STILL_OPEN').length,
        /** The audit team's new problems (not recurrences, not cancelled); other sources are in bySource. */
        newProblemCount: auditTeam.newProblems,
        auditTeam,
        bySource,
        cancelledCount: bySource.reduce((a, l) => a + l.cancelled, 0),
      },
    };
  }

  /** The names of the rounds the recurrences were logged in. */
  private async roundNames(original: LookBackRow[]): Promise<Map<number, string>> {
    const ids = new Set(
      original.flatMap((f) => (f.recurredAs as { roundId: number }[]).map((n) => n.roundId)),
    );
    const names = new Map<number, string>();
    for (const rid of ids) {
      const r = await this.rounds.findById(rid);
      if (r) names.set(rid, r.name);
    }
    return names;
  }
}

/** One source's line of a round's GROUP BY rows. */
function sourceLine(source: FindingSource, rows: RoundCountRow[]): SourceLine {
  const of = rows.filter((r) => r.source === source);
  const n = (pred: (r: RoundCountRow) => boolean) => of.filter(pred).reduce((a, r) => a + r.n, 0);
  const total = n((r) => isCounted(r.status));
  const closed = n((r) => isRectified(r.status));
  return {
    source,
    label: FINDING_SOURCE_LABEL[source],
    total,
    closed,
    open: n((r) => isOpen(r.status)),
    overdue: of.reduce((a, r) => a + r.overdue, 0),
    cancelled: n((r) => !isCounted(r.status)),
    rectificationRate: rectificationRate(closed, total),
  };
}

/** The per-unit lines of the statistics (counted findings of every source), in the rows' (unit tree) order. */
function byUnit(rows: RoundCountRow[]): RoundStatistics['byUnit'] {
  const units = new Map<number, RoundStatistics['byUnit'][number]>();
  for (const r of rows) {
    const u = units.get(r.unit_id) ?? {
      unitId: r.unit_id,
      unitName: r.unit_name,
      total: 0,
      auditTeam: 0,
      otherSources: 0,
      closed: 0,
      open: 0,
      overdue: 0,
      rectificationRate: null,
    };
    u.total += r.n;
    if (isAuditTeam(r)) u.auditTeam += r.n;
    else u.otherSources += r.n;
    if (isRectified(r.status)) u.closed += r.n;
    if (isOpen(r.status)) u.open += r.n;
    u.overdue += r.overdue;
    u.rectificationRate = rectificationRate(u.closed, u.total);
    units.set(r.unit_id, u);
  }
  return [...units.values()];
}
