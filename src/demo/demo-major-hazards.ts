import type { Actor } from '../common/access/actor';
import { addDays } from '../common/time/business-date';
import { SupervisionLevel } from '../major-hazard-supervision/supervision.enums';
import type { Unit } from '../org/unit.entity';
import { ancestorIds } from '../org/unit-tree';
import type { DemoCast } from './demo-cast';
import { at, DemoServices } from './demo-context';

/**
 * 挂牌督办 in the demo (issue 21): every MAJOR look-back finding is listed by the safety office once its 治理方案 is
 * recorded, the notice served and signed the same day; each one the demo closes out (both, today) applies for
 * acceptance after its verification, is accepted on site by the supervision group and delisted the day after its
 * close-out. The listing that stays in progress is the reported MAJOR hazard's (demo-hazard-reports.ts).
 */
export class DemoMajorHazards {
  constructor(
    private readonly s: DemoServices,
    private readonly cast: DemoCast,
  ) {}

  private get office(): Actor {
    return this.cast.actor('han.jingyi');
  }

  /**
   * 公司督办 is supervised by the finding's own company: its 安全环保健康部 (e.g. 中铝山西铝业有限公司安全环保健康部 for a
   * 宏泰粉煤灰开发事业部 finding), which the notice's letterhead and 督办单位 print.
   */
  private supervisingUnitOf(unit: Unit): string {
    const company = this.cast.unitById(ancestorIds(unit.path)[0]);
    return `${company.name}${this.cast.unit(`${company.code}-AHB`).name}`;
  }

  /** Listed, served and signed on the day the plan was recorded (`day`); the deadline is the finding's. */
  async listed(findingId: number, day: string, deadline: string, unitHead: Actor, unit: Unit) {
    const unitName = unit.name;
    return this.s.clock.replayAt(at(day), async () => {
      let l = await this.s.supervision.list(this.office, {
        findingId,
        level: SupervisionLevel.COMPANY,
        supervisingUnit: this.supervisingUnitOf(unit),
        requirements:
          '立即落实停运和警戒等临时管控措施，按治理方案限期完成整改，每周报告进展，完成后申请现场验收。',
        deadline,
        publicNotice: true,
      });
      l = await this.s.supervision.serve(this.office, l.id, {
        version: l.version,
        servedTo: `${unitName}负责人`,
      });
      await this.s.supervision.sign(unitHead, l.id, { version: l.version });
    });
  }

  /** After the verification (`day`): acceptance applied for with the finding's evidence and accepted on site. */
  async accepted(findingId: number, day: string, unitOfficer: Actor) {
    const listing = await this.listingOf(findingId);
    const evidence = (await this.s.findings.detail(this.office, findingId)).evidence.map((e) => e.id);
    const requested = await this.s.clock.replayAt(at(day), () =>
      this.s.supervision.requestAcceptance(unitOfficer, listing.id, {
        version: listing.version,
        evidenceIds: evidence,
        note: '治理方案各项措施已完成，经复查合格，申请现场验收',
      }),
    );
    await this.s.clock.replayAt(at(addDays(day, 1)), () =>
      this.s.supervision.accept(this.cast.actor('qin.guodong'), listing.id, {
        version: requested.version,
        result: 'PASS',
        acceptedOn: addDays(day, 1),
        opinion: '督导组现场验收：隐患已消除，临时管控措施已解除，同意验收',
      }),
    );
  }

  /** 摘牌 the day after the close-out. */
  async delisted(findingId: number, day: string) {
    const listing = await this.listingOf(findingId);
    await this.s.clock.replayAt(at(day), () =>
      this.s.supervision.delist(this.office, listing.id, {
        version: listing.version,
        note: '经现场验收合格，问题已销号，予以摘牌',
      }),
    );
  }

  private async listingOf(findingId: number) {
    const { items } = await this.s.supervisionQueries.list(this.office, { limit: 500 });
    return items.find((l) => l.finding.id === findingId)!;
  }
}
