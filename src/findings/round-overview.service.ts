import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/access/actor';
import { UnitScope } from '../common/access/unit-scope';
import { conflict } from '../common/errors/domain-error';
import { Clock } from '../common/time/clock';
import type { AuditRound } from '../rounds/round.entity';
import { RoundKind } from '../rounds/round.enums';
import { RoundsService } from '../rounds/rounds.service';
import { FINDING_SOURCE_LABEL, FindingSource, FindingStatus } from './finding.enums';
import { LookBackRow, RoundStatisticsRepository } from './round-statistics.repository';
import { type RoundStatistics, roundStatisticsOf } from './round-statistics.view';
import {
  inRoundHeadline,
  isCounted,
  isRectified,
  rectificationRate,
  roundHeadline,
  SOURCE_ORDER,
} from './rules/counting';

export interface RoundSummary {
  companyName: string;
  originalName: string | null;
  /** The headline's figures, as in RoundStatistics (the audit team's line, or every source's). */
  total: number;
  closed: number;
  overdue: number;
  closureRate: number | null;
  /** Counted findings outside the headline (an audit's: self-check, company checks, hazard reports; else none). */
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

export type { RoundStatistics, SourceLine } from './round-statistics.view';

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
        const headline = roundHeadline(r.kind);
        const inHeadline = (c: { source: FindingSource }) => inRoundHeadline(headline, c.source);
        const add = (key: 'counted' | 'closed' | 'overdue') =>
          mine.filter(inHeadline).reduce((a, c) => a + c[key], 0);
        const audit = { counted: add('counted'), closed: add('closed'), overdue: add('overdue') };
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
            otherSources: mine.filter((c) => !inHeadline(c)).reduce((a, c) => a + c.counted, 0),
            cancelled: mine.reduce((a, c) => a + c.cancelled, 0),
          },
        ];
      }),
    );
  }

  /** A round with its company, original round and statistics (unit roles: counts of their subtree). */
  async detail(actor: Actor, id: number) {
    const round = await this.rounds.describe(actor, id);
    return { ...round, statistics: await this.statistics(actor, round) };
  }

  /** The statistics of a round the actor may see (404 otherwise). */
  async statisticsOfVisible(actor: Actor, id: number): Promise<RoundStatistics> {
    return this.statistics(actor, await this.rounds.get(actor, id));
  }

  private async statistics(actor: Actor, round: Pick<AuditRound, 'id' | 'kind'>): Promise<RoundStatistics> {
    return roundStatisticsOf(
      await this.stats.countsOfRound(UnitScope.of(actor), round.id, this.clock.today()),
      roundHeadline(round.kind),
    );
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
