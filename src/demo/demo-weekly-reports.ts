import { Role } from '../common/access/roles';
import { shortened } from '../common/text/shortened';
import { addDays } from '../common/time/business-date';
import { FindingCategory, HazardLevel } from '../findings/finding.enums';
import type { Unit } from '../org/unit.entity';
import {
  formatWeek,
  IsoWeek,
  isoWeekOf,
  mondayOf,
  thursdayOf,
  weeksBetween,
} from '../weekly-reports/rules/iso-week';
import { DEMO_FINDINGS, DemoFinding, DemoRoundKey } from './demo-data';
import type { DemoCast } from './demo-cast';
import { at, DemoServices } from './demo-context';
import { PHOTO } from './demo-lifecycle';
import type { DemoRoundsSeeded } from './demo-rounds';

/**
 * A finding's description as another text quotes it: its first clause, cut with "…" only if that is still long (a
 * plain 16-character slice printed "…防护罩缺失，作" on the weekly summary).
 */
function quotedGist(description: string, max = 16): string {
  return shortened(description.split(/[，。；,;]/)[0], max);
}

/**
 * Thursday 举一反三 reports for the two safety look-backs, 2023-W07 to W14: mostly on time, some "none found",
 * some with self-found problems, a few late and a few missing; then the deadline job as it ran each Friday.
 */
export class DemoWeeklyReports {
  constructor(
    private readonly s: DemoServices,
    private readonly cast: DemoCast,
  ) {}

  async seed({ roundIds, findingIds }: DemoRoundsSeeded): Promise<void> {
    const office = this.cast.actor('han.jingyi');
    for (const key of ['XCL_2023_LB_SAFETY', 'SXLY_2023_LB_SAFETY'] as DemoRoundKey[]) {
      const campaignFindings = DEMO_FINDINGS.map((d, i) => ({ d, id: findingIds[i] })).filter(
        (x) => x.d.round === key,
      );
      const obligation = await this.s.clock.replayAt(at('2023-02-13'), () =>
        this.s.weekly.createObligation(office, {
          name: '“回头看”举一反三周报（每周四）',
          roundId: roundIds.get(key)!,
          startDate: '2023-02-13',
          endDate: '2023-04-09',
        }),
      );
      const weeks = weeksBetween(isoWeekOf('2023-02-13'), isoWeekOf('2023-04-06'));
      for (const [w, week] of weeks.entries()) {
        for (const [u, unitId] of obligation.unitIds.entries()) {
          const pattern = (u * 3 + w) % 11;
          if (pattern === 0) continue; // 缺报
          const prompt = campaignFindings[(u + w) % campaignFindings.length];
          await this.report(obligation.id, this.cast.unitById(unitId), week, pattern, prompt);
        }
      }
    }
    await this.s.clock.replayAt(at('2023-04-14'), () => this.s.weekly.runDeadlines('demo-seed'));
  }

  /** One unit's report for one week; the pattern decides late or on time, and whether it found something. */
  private async report(
    obligationId: number,
    unit: Unit,
    week: IsoWeek,
    pattern: number,
    prompt: { d: DemoFinding; id: number },
  ) {
    const officer = await this.cast.unitActor(unit, Role.UNIT_OFFICER);
    const when =
      pattern === 1 ? new Date(`${addDays(thursdayOf(week), 1)}T03:00:00Z`) : at(addDays(mondayOf(week), 2));
    const items =
      pattern === 2 || pattern === 5
        ? [
            {
              description: `举一反三排查发现：${unit.name}${prompt.d.tags[0] ?? '现场'}存在与“${quotedGist(prompt.d.description)}”同类的问题`,
              location: `${unit.name}现场`,
              level: HazardLevel.GENERAL,
              category: prompt.d.category as FindingCategory,
              promptedByFindingId: prompt.id,
              ...(pattern === 5
                ? {
                    // Fixed the moment it was found (边检查边整改): measures, cause and a photo; it awaits verification.
                    fixedOnTheSpot: true,
                    measures: `${unit.name}当班人员现场立即整改完毕，已拍照留存`,
                    rootCause: `日常巡检未对照“${prompt.d.description.slice(0, 12)}”排查，已纳入本单位巡检表`,
                    evidence: [{ fileName: '现场整改后.png', contentBase64: PHOTO.toString('base64') }],
                  }
                : { fixedOnTheSpot: false, deadline: addDays(thursdayOf(week), 21) }),
            },
          ]
        : [];
    await this.s.clock.replayAt(when, () =>
      this.s.weekly.submit(officer, {
        obligationId,
        unitId: unit.id,
        week: formatWeek(week),
        noneFound: items.length === 0,
        statement: items.length ? undefined : '本周举一反三排查未发现同类问题',
        items,
      }),
    );
  }
}
