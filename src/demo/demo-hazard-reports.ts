import { Role } from '../common/access/roles';
import { addDays } from '../common/time/business-date';
import { FindingCategory, HazardLevel } from '../findings/finding.enums';
import { DemoMajorHazards } from './demo-major-hazards';
import type { DemoCast } from './demo-cast';
import { at, DemoServices } from './demo-context';

interface DemoHazardReport {
  reporter: string;
  unit: string;
  location: string;
  description: string;
  hide: boolean;
  level?: HazardLevel;
  outcome: 'PAID' | 'APPROVED' | 'PROPOSED' | 'DUPLICATE' | 'INVALID';
}

/** A few 隐患举报 of spring 2023: paid, approved, proposed, a duplicate (no bounty) and an invalid one. */
const REPORTS: DemoHazardReport[] = [
  {
    reporter: 'shi.xiaolong',
    unit: 'XCL-JXYHL-SHGQ',
    location: '石灰工区1号石灰炉上料皮带',
    description: '上料皮带尾轮防护罩缺失，检修人员通行时有卷入风险',
    hide: true,
    level: HazardLevel.SERIOUS,
    outcome: 'PAID',
  },
  {
    reporter: 'gong.yaqin',
    unit: 'XCL-RDFC-RHGQ',
    location: '燃化工区卸煤沟',
    description: '卸煤沟北侧盖板断裂两块，夜间照明不足，易发生坠落',
    hide: false,
    level: HazardLevel.GENERAL,
    outcome: 'APPROVED',
  },
  {
    reporter: 'gong.yaqin',
    unit: 'XCL-RDFC-RHGQ',
    location: '燃化工区卸煤沟',
    description: '卸煤沟盖板有断裂，人员经过危险',
    hide: false,
    outcome: 'DUPLICATE',
  },
  {
    reporter: 'shi.xiaolong',
    unit: 'XCL-NYGLZX-RQGQ',
    location: '燃气调压站外围',
    description: '调压站围墙外有人吸烟，距调压箱不足十米',
    hide: true,
    level: HazardLevel.MAJOR,
    outcome: 'PROPOSED',
  },
  {
    reporter: 'gong.yaqin',
    unit: 'XCL-RDFC',
    location: '热电分厂办公楼',
    description: '办公楼走廊灯管闪烁',
    hide: false,
    outcome: 'INVALID',
  },
];

/** The hazard reports and their bounties, each step three days after the previous report's. */
export class DemoHazardReports {
  constructor(
    private readonly s: DemoServices,
    private readonly cast: DemoCast,
  ) {}

  async seed(): Promise<void> {
    const ids: number[] = [];
    for (const [i, r] of REPORTS.entries()) {
      const day = addDays('2023-03-06', i * 3);
      const id = await this.reportAndTriage(r, day, ids);
      ids.push(id);
      if (r.outcome !== 'DUPLICATE' && r.outcome !== 'INVALID') await this.bounty(r, day, id);
    }
  }

  private async reportAndTriage(r: DemoHazardReport, day: string, earlierIds: number[]): Promise<number> {
    const office = this.cast.actor('han.jingyi');
    const unit = this.cast.unit(r.unit);
    const created = await this.s.clock.replayAt(at(day), () =>
      this.s.hazards.create(this.cast.actor(r.reporter), {
        hazardUnitId: unit.id,
        location: r.location,
        description: r.description,
        onBehalfOfUnit: false,
        hideIdentity: r.hide,
      }),
    );
    const triaged = await this.s.clock.replayAt(at(addDays(day, 1)), async () => {
      if (r.outcome === 'INVALID')
        return this.s.hazards.triage(office, created.id, {
          result: 'INVALID',
          note: '属日常维修事项，不构成安全隐患，已转后勤处理',
        });
      if (r.outcome === 'DUPLICATE')
        return this.s.hazards.triage(office, created.id, {
          result: 'DUPLICATE',
          duplicateOfReportId: earlierIds[1],
        }); // repeats the 卸煤沟 report
      return this.s.hazards.triage(office, created.id, {
        result: 'VALID',
        level: r.level,
        category: FindingCategory.UNSAFE_CONDITION,
        deadline: addDays(day, 20),
        responsiblePerson: `${unit.name}负责人`,
        responsibleLeader: r.level === HazardLevel.MAJOR ? '分管生产副总经理' : undefined,
      });
    });
    // The reported MAJOR hazard is listed for supervision (挂牌督办) two days after triage and stays in progress: the
    // demo's one listing not yet delisted (the look-back's MAJOR findings are closed out and delisted).
    const findingId = (triaged as { finding?: { id: number } | null } | undefined)?.finding?.id;
    if (r.level === HazardLevel.MAJOR && r.outcome !== 'DUPLICATE' && r.outcome !== 'INVALID' && findingId) {
      const head = await this.cast.unitActor(unit, Role.UNIT_HEAD);
      await new DemoMajorHazards(this.s, this.cast).listed(
        findingId,
        addDays(day, 3),
        addDays(day, 20),
        head,
        unit,
      );
    }
    return created.id;
  }

  /** Proposed two days after the report, approved by the leader, paid a few days later. */
  private async bounty(r: DemoHazardReport, day: string, reportId: number) {
    const office = this.cast.actor('han.jingyi');
    const bounty = await this.s.clock.replayAt(at(addDays(day, 2)), () =>
      this.s.hazards.propose(office, { hazardReportId: reportId }),
    );
    if (r.outcome === 'PROPOSED') return;
    await this.s.clock.replayAt(at(addDays(day, 4)), () =>
      this.s.hazards.decide(this.cast.actor('qin.guodong'), bounty.id, {
        approve: true,
        note: '同意按标准奖励',
      }),
    );
    if (r.outcome === 'PAID')
      await this.s.clock.replayAt(at(addDays(day, 9)), () =>
        this.s.hazards.pay(office, bounty.id, {
          paidOn: addDays(day, 9),
          paymentRef: `财务凭证 ${day.replace(/-/g, '')}-01`,
        }),
      );
  }
}
