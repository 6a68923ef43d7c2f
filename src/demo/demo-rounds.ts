import { addDays } from '../common/time/business-date';
import { Domain } from '../rounds/domain';
import { RoundKind } from '../rounds/round.enums';
import { DEMO_FINDINGS, DEMO_ROUNDS, DemoRoundKey } from './demo-data';
import type { DemoCast } from './demo-cast';
import { at, DemoServices } from './demo-context';
import { FindingReplay, Target } from './demo-lifecycle';

/** What each look-back finding should have reached, by its position in the round (a mix of every state). */
const LOOK_BACK_PATTERN: Target[] = [
  'CLOSED',
  'RECTIFYING',
  'PENDING_VERIFICATION',
  'CLOSED',
  'VERIFIED',
  'ASSIGNED',
  'RETURNED',
];

/** The rounds' ids by demo key, and each demo finding's id by its index in DEMO_FINDINGS. */
export interface DemoRoundsSeeded {
  roundIds: Map<DemoRoundKey, number>;
  findingIds: number[];
}

/**
 * Rounds and findings: the 2022 audits (every finding closed out through the gate, then the rounds closed) and
 * the January 2023 look-back rounds with findings in a mix of states, recurrences linked to what they re-found.
 */
export class DemoRounds {
  private readonly replay: FindingReplay;

  constructor(
    private readonly s: DemoServices,
    private readonly cast: DemoCast,
  ) {
    this.replay = new FindingReplay(s, cast);
  }

  async seed(groupId: number): Promise<DemoRoundsSeeded> {
    const roundIds = await this.seedRounds(groupId);
    const findingIds: number[] = [];
    await this.seedAudits(roundIds, findingIds);
    await this.seedLookBacks(roundIds, findingIds);
    return { roundIds, findingIds };
  }

  /** Every round, created on its last day and started at its plan meeting. */
  private async seedRounds(groupId: number): Promise<Map<DemoRoundKey, number>> {
    const office = this.cast.actor('han.jingyi');
    const roundIds = new Map<DemoRoundKey, number>();
    for (const r of DEMO_ROUNDS) {
      const round = await this.s.clock.replayAt(at(r.endDate), () =>
        this.s.rounds.create(office, {
          name: r.name,
          kind: r.kind as RoundKind,
          domain: r.domain as Domain,
          companyUnitId: this.cast.unit(r.companyCode).id,
          auditTeam: r.auditTeam,
          startDate: r.startDate,
          endDate: r.endDate,
          reportRef: r.reportRef,
          originalRoundId: r.originalKey ? roundIds.get(r.originalKey) : undefined,
          planMeetingDate: r.planMeetingDate ?? addDays(r.endDate, 14),
          supervisionGroupId: groupId,
        }),
      );
      roundIds.set(r.key, round.id);
      await this.s.clock.replayAt(at(r.planMeetingDate ?? addDays(r.endDate, 14)), () =>
        this.s.rounds.start(office, round.id),
      );
    }
    return roundIds;
  }

  /** 2022: every finding rectified and closed out through the gate, then the rounds closed. */
  private async seedAudits(roundIds: Map<DemoRoundKey, number>, findingIds: number[]) {
    for (const [index, d] of DEMO_FINDINGS.entries()) {
      const round = DEMO_ROUNDS.find((r) => r.key === d.round)!;
      if (round.kind !== 'AUDIT') continue;
      findingIds[index] = await this.replay.walk(
        d,
        roundIds.get(d.round)!,
        round.startDate,
        addDays(round.endDate, 14),
        'CLOSED',
      );
    }
    for (const r of DEMO_ROUNDS.filter((x) => x.kind === 'AUDIT')) {
      await this.s.clock.replayAt(at('2022-12-20'), () =>
        this.s.rounds.close(this.cast.actor('han.jingyi'), roundIds.get(r.key)!),
      );
    }
  }

  /**
   * January 2023 look-back: a mix of states, recurrences linked to the 2022 findings they re-found. In the larger
   * rounds the office also logged one problem twice and cancelled the copy (作废), so a round's audit-team line
   * still counts the problems the audit report names (14, 13, 10 and 6) and the cancelled copy is listed apart.
   */
  private async seedLookBacks(roundIds: Map<DemoRoundKey, number>, findingIds: number[]) {
    const positions = new Map<DemoRoundKey, number>();
    for (const [index, d] of DEMO_FINDINGS.entries()) {
      const round = DEMO_ROUNDS.find((r) => r.key === d.round)!;
      if (round.kind !== 'LOOK_BACK') continue;
      const position = positions.get(d.round) ?? 0;
      positions.set(d.round, position + 1);
      const count = DEMO_FINDINGS.filter((x) => x.round === d.round).length;
      const recurrenceOf = d.recurrenceOfIndex !== undefined ? findingIds[d.recurrenceOfIndex] : undefined;
      const walk = (target: Target, recurrence?: number) =>
        this.replay.walk(
          d,
          roundIds.get(d.round)!,
          round.startDate,
          round.planMeetingDate!,
          target,
          recurrence,
        );
      findingIds[index] = await walk(LOOK_BACK_PATTERN[position % LOOK_BACK_PATTERN.length], recurrenceOf);
      if (position === count - 1 && count > 6) await walk('CANCELLED');
    }
  }
}
