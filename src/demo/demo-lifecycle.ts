import { Actor, SYSTEM_ACTOR } from '../common/access/actor';
import { Role } from '../common/access/roles';
import { AccountabilityAction } from '../closeout/closeout.enums';
import { addDays } from '../common/time/business-date';
import { DomainError } from '../common/errors/domain-error';
import { EvidenceKind, FindingCategory, FindingSource, HazardLevel } from '../findings/finding.enums';
import type { Unit } from '../org/unit.entity';
import { DemoFinding } from './demo-data';
import { demoPhoto } from './demo-photos';
import type { DemoCast } from './demo-cast';
import { DemoMajorHazards } from './demo-major-hazards';
import { at, DemoServices } from './demo-context';

/** A 1×1 PNG, the stand-in photo of every demo evidence. */
export const PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** The state a demo finding is replayed to. */
export type Target =
  'ASSIGNED' | 'RECTIFYING' | 'RETURNED' | 'PENDING_VERIFICATION' | 'VERIFIED' | 'CLOSED' | 'CANCELLED';

/** One finding on its way: who is involved and its dates. */
interface Walk {
  d: DemoFinding;
  id: number;
  unit: Unit;
  office: Actor;
  officer: Actor;
  assignedOn: string;
  deadline: string;
  responsiblePerson: string;
  recurrenceOfId?: number;
}

/**
 * The lifecycle replay: one finding from logging to its target state, each step by the right person at its own
 * date, through the findings, rectification, evidence and close-out services.
 */
export class FindingReplay {
  constructor(
    private readonly s: DemoServices,
    private readonly cast: DemoCast,
  ) {}

  async walk(
    d: DemoFinding,
    roundId: number,
    foundDate: string,
    assignedOn: string,
    target: Target,
    recurrenceOfId?: number,
  ): Promise<number> {
    const unit = this.cast.unit(d.unitCode);
    const w: Walk = {
      d,
      id: 0,
      unit,
      office: this.cast.actor('han.jingyi'),
      officer: await this.cast.unitActor(unit, Role.UNIT_OFFICER),
      assignedOn,
      deadline: addDays(assignedOn, d.deadlineDays),
      responsiblePerson: `${unit.name}负责人`,
      recurrenceOfId,
    };
    const head = await this.cast.unitActor(unit, Role.UNIT_HEAD);
    w.id = await this.log(w, roundId, foundDate);
    if (target === 'ASSIGNED') return w.id;
    if (target === 'CANCELLED') {
      await this.s.clock.replayAt(at(addDays(assignedOn, 3)), () =>
        this.s.findings.cancel(w.office, w.id, '经核实与本轮已登记问题重复，合并整改'),
      );
      return w.id;
    }
    await this.rectify(w, d.level === 'MAJOR' ? head : w.officer);
    const major = d.level === 'MAJOR' ? new DemoMajorHazards(this.s, this.cast) : null; // 挂牌督办 (issue 21)
    await major?.listed(w.id, addDays(assignedOn, 3), w.deadline, head, unit);
    if (target === 'RECTIFYING') return w.id;
    await this.submitSummary(w);
    if (target === 'PENDING_VERIFICATION') return w.id;
    const verifier = this.cast.verifierFor(unit);
    if (target === 'RETURNED') {
      await this.returnForMore(w, verifier);
      return w.id;
    }
    await this.verify(w, verifier);
    if (target === 'VERIFIED') return w.id;
    await major?.accepted(w.id, addDays(w.deadline, -1), w.officer);
    await this.s.clock.replayAt(at(w.deadline), () => this.meetTheGate(w, verifier));
    const closer = d.level === 'MAJOR' ? this.cast.actor('qin.guodong') : verifier;
    await this.s.clock.replayAt(at(addDays(w.deadline, 1)), () => this.s.closeout.closeOut(closer, w.id));
    await major?.delisted(w.id, addDays(w.deadline, 1));
    return w.id;
  }

  /** The safety office logs the finding on the day it is assigned. */
  private async log(w: Walk, roundId: number, foundDate: string): Promise<number> {
    const { d } = w;
    const f = await this.s.clock.replayAt(at(w.assignedOn), () =>
      this.s.findings.create(w.office, {
        roundId,
        unitId: w.unit.id,
        description: d.description,
        location: d.location,
        level: d.level as HazardLevel,
        category: d.category as FindingCategory,
        tags: d.tags,
        source: FindingSource.AUDIT_TEAM,
        foundDate,
        foundBy: '中铝集团第二督察组',
        deadline: w.deadline,
        responsiblePerson: w.responsiblePerson,
        responsibleLeader: d.level === 'MAJOR' ? '分管生产副总经理' : undefined,
        recurrenceOfId: w.recurrenceOfId,
      }),
    );
    return f.id;
  }

  /** A 整改前 photo, the plan (by the head for a major finding) and a first progress note. */
  private async rectify(w: Walk, planAuthor: Actor) {
    const { d } = w;
    // The unit photographs the hazard as found (整改前), the other half of the before/after pair.
    await this.s.clock.replayAt(at(addDays(w.assignedOn, 2)), () =>
      this.photo(w.officer, w.id, '整改前照片.png', '问题现场', EvidenceKind.BEFORE),
    );
    await this.s.clock.replayAt(at(addDays(w.assignedOn, 3)), () =>
      this.s.rectification.recordPlan(planAuthor, w.id, {
        measures: d.measures,
        responsiblePerson: w.responsiblePerson,
        fundsAmount: d.fundsYuan,
        fundsSource: d.fundsYuan > 0 ? '安全生产费用' : undefined,
        fundsZeroReason: d.fundsYuan === 0 ? '由班组自行整改，无需专项资金' : undefined,
        deadline: w.deadline,
        contingencyPlan: d.contingency,
        ...(d.level === 'MAJOR'
          ? {
              interimControls: '划定警戒区域，安排专人24小时监护，配备便携式检测仪',
              stopProduction: false,
              // 重大事故隐患治理方案 (安监总局令第16号) beyond the 五落实.
              goalsAndTasks: `在整改时限内彻底消除隐患：${d.measures}`,
              materials: '所需备件、检测仪器及防护用品已列入采购计划并落实到货时间',
              responsibleOrganisation: `${w.responsiblePerson}牵头，设备、安全、生产部门组成隐患治理小组`,
              timeRequirements: `${w.deadline}前完成整改并申请验收；整改期间每日报告进展`,
              currentSituation: `${d.description}。产生原因：${d.rootCause}`,
              hazardAnalysis: '可能导致火灾、爆炸或人员伤亡，危害程度高；需停运设备施工，整改难度中等',
            }
          : {}),
      }),
    );
    await this.s.clock.replayAt(at(addDays(w.assignedOn, 10)), () =>
      this.s.rectification.addProgress(w.officer, w.id, {
        note: '整改措施已启动，材料和人员已落实',
        percent: 40,
      }),
    );
  }

  /** A photo of the finished work and the unit's summary, a few days before the deadline. */
  private async submitSummary(w: Walk) {
    const photo = await this.s.clock.replayAt(at(addDays(w.deadline, -4)), () =>
      this.photo(w.officer, w.id, '整改后照片.png', '整改完成后现场'),
    );
    await this.s.clock.replayAt(at(addDays(w.deadline, -3)), () =>
      this.s.rectification.submitSummary(w.officer, w.id, {
        whatWasDone: `已按方案完成整改：${w.d.measures}`,
        rootCause: w.d.rootCause,
        evidenceIds: [photo.id],
      }),
    );
  }

  private async returnForMore(w: Walk, verifier: Actor) {
    await this.s.clock.replayAt(at(addDays(w.deadline, -1)), () =>
      this.s.closeout.verify(verifier, w.id, {
        result: 'FAIL',
        verifiedOn: addDays(w.deadline, -1),
        notes: '现场复查发现整改不彻底，同类部位仍存在问题，请补充整改',
      }),
    );
  }

  private async verify(w: Walk, verifier: Actor) {
    const photo = await this.s.clock.replayAt(at(addDays(w.deadline, -1)), () =>
      this.photo(verifier, w.id, '复查照片.png', '督导组复查', EvidenceKind.REVIEW),
    );
    await this.s.clock.replayAt(at(addDays(w.deadline, -1)), () =>
      this.s.closeout.verify(verifier, w.id, {
        result: 'PASS',
        verifiedOn: addDays(w.deadline, -1),
        notes: '现场复查，整改措施落实到位',
        evidenceIds: [photo.id],
      }),
    );
  }

  /**
   * The 五个不放过 gate: sweep, mechanism, accountability (also for a recurrence's earlier persons), satisfaction
   * (recorded by the verifying group member from the representatives' confirmation the unit hands in).
   */
  private async meetTheGate(w: Walk, verifier: Actor) {
    const { d, deadline } = w;
    const secondary = this.cast.secondaryOf(w.unit);
    await this.s.closeout.recordSweep(w.office, w.id, {
      checkedUnitIds: [secondary.id],
      checkedBy: '安全环保健康部组织',
      result: 'NONE_FOUND',
      sweptOn: deadline,
      notes: '举一反三排查同类部位，未发现同类问题',
    });
    await this.s.closeout.recordMechanism(w.officer, w.id, {
      kind: 'MECHANISM',
      title: `${secondary.name}${d.tags[0] ?? '现场'}管理规定（修订）`,
      documentNumber: `${secondary.code}-ZD-${deadline.slice(0, 4)}-${String(w.id).padStart(2, '0')}`,
      effectiveDate: deadline,
    });
    await this.s.closeout.recordAccountability(verifier, w.id, {
      kind: 'ACTION',
      personName: w.responsiblePerson,
      action: AccountabilityAction.CRITICISM,
      decidedBy: '公司安全生产委员会',
      decidedOn: deadline,
    });
    // A close-out tried too early is refused and kept (the dashboard counts the unmet rules): a recurrence before the
    // earlier finding's persons are held accountable (倒查), a major finding before the employees' satisfaction.
    if (w.recurrenceOfId || d.level === 'MAJOR') await this.refusedCloseout(w, verifier);
    if (w.recurrenceOfId) await this.holdEarlierAccountable(w, verifier);
    // The unit hands in the representatives' signed confirmation as evidence; the group records the result.
    const sheet = await this.photo(
      w.officer,
      w.id,
      '满意度确认表.png',
      '职工代表签字的满意度确认表',
      EvidenceKind.DOCUMENT,
    );
    await this.s.closeout.recordSatisfaction(verifier, w.id, {
      representatives: '职工代表及班组代表',
      method: '督导组现场座谈，代表签字确认',
      confirmedOn: deadline,
      satisfied: true,
      comments: '整改效果良好',
      evidenceIds: [sheet.id],
    });
  }

  /** A close-out attempt the gate refuses (rule 5 at least is still unmet here). */
  private async refusedCloseout(w: Walk, verifier: Actor) {
    const closer = w.d.level === 'MAJOR' ? this.cast.actor('qin.guodong') : verifier;
    const refused = await this.s.closeout.closeOut(closer, w.id).then(
      () => null,
      (err: unknown) => err,
    );
    if (!(refused instanceof DomainError) || refused.code !== 'CLOSEOUT_RULES_UNMET')
      throw refused ?? new Error(`demo: the early close-out of finding ${w.id} was not refused`);
  }

  /** 倒查: the persons responsible for the earlier finding are held accountable too. */
  private async holdEarlierAccountable(w: Walk, verifier: Actor) {
    const earlier = await this.s.findings.getScoped(SYSTEM_ACTOR, w.recurrenceOfId!);
    if (earlier.responsiblePerson === w.responsiblePerson) return;
    await this.s.closeout.recordAccountability(verifier, w.id, {
      kind: 'ACTION',
      personName: earlier.responsiblePerson,
      action: AccountabilityAction.ECONOMIC,
      amountYuan: 1000,
      decidedBy: '公司安全生产委员会',
      decidedOn: w.deadline,
    });
  }

  private async photo(
    actor: Actor,
    findingId: number,
    fileName: string,
    caption: string,
    kind: EvidenceKind = EvidenceKind.AFTER,
  ) {
    // A drawn camera-like JPEG for 整改前/整改后/复查 (shown as pairs and printed), the 1×1 PNG for a document.
    const camera = await demoPhoto(kind);
    const buffer = camera ?? PHOTO;
    return this.s.evidence.upload(
      actor,
      findingId,
      {
        originalname: camera ? fileName.replace(/\.png$/, '.jpg') : fileName,
        buffer,
        size: buffer.length,
      },
      kind,
      caption,
    );
  }
}
