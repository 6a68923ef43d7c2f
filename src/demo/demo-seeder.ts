import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, SYSTEM_ACTOR, isOrganisationWide } from '../common/access/actor';
import { Role } from '../common/access/roles';
import { CloseoutService } from '../closeout/closeout.service';
import { AccountabilityAction } from '../closeout/closeout.enums';
import { addDays } from '../common/time/business-date';
import { Clock } from '../common/time/clock';
import { EvidenceService } from '../findings/evidence.service';
import { EvidenceKind, FindingCategory, FindingSource, HazardLevel } from '../findings/finding.enums';
import { Domain } from '../rounds/domain';
import { FindingsService } from '../findings/findings.service';
import { RectificationService } from '../findings/rectification.service';
import { Unit } from '../org/unit.entity';
import { UNIT_TIER } from '../org/unit-kind';
import { UnitsService } from '../org/units.service';
import { RoundKind } from '../rounds/round.enums';
import { RoundsService } from '../rounds/rounds.service';
import { GroupPosition } from '../supervision-groups/group-position';
import { SupervisionGroupsService } from '../supervision-groups/supervision-groups.service';
import { UsersService } from '../users/users.service';
import { formatWeek, isoWeekOf, mondayOf, thursdayOf, weeksBetween } from '../weekly-reports/rules/iso-week';
import { WeeklyReportsService } from '../weekly-reports/weekly-reports.service';
import { HazardReportsService } from '../hazard-reports/hazard-reports.service';
import {
  DEMO_FINDINGS,
  DEMO_PASSWORD_HINT,
  DEMO_ROUNDS,
  DEMO_UNITS,
  DEMO_USERS,
  DemoFinding,
  DemoRoundKey,
} from './demo-data';

/** A 1×1 PNG, the stand-in photo of every demo evidence. */
const PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** What each look-back finding should have reached, by its position in the round (a mix of every state). */
type Target =
  'ASSIGNED' | 'RECTIFYING' | 'RETURNED' | 'PENDING_VERIFICATION' | 'VERIFIED' | 'CLOSED' | 'CANCELLED';
const LOOK_BACK_PATTERN: Target[] = [
  'CLOSED',
  'RECTIFYING',
  'PENDING_VERIFICATION',
  'CLOSED',
  'VERIFIED',
  'ASSIGNED',
  'RETURNED',
];

/** 10:00 in Shanghai on a business date. */
const at = (date: string) => new Date(`${date}T02:00:00Z`);

/**
 * The January 2023 look-back as demo data (DOMAIN.md §8), built through the real services so every record has its
 * change-log entry and passed the same rules as user input: the two companies' unit trees, demo users for every
 * role, the supervision group, the 2022 audits (all closed out through the 五个不放过 gate) and the four look-back
 * rounds with 14/13/10/6 findings in every lifecycle state, replayed at their own dates.
 */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger('DemoSeeder');
  private readonly unitByCode = new Map<string, Unit>();
  private readonly actors = new Map<string, Actor>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly units: UnitsService,
    private readonly users: UsersService,
    private readonly groups: SupervisionGroupsService,
    private readonly rounds: RoundsService,
    private readonly findings: FindingsService,
    private readonly rectification: RectificationService,
    private readonly evidence: EvidenceService,
    private readonly closeout: CloseoutService,
    private readonly weekly: WeeklyReportsService,
    private readonly hazards: HazardReportsService,
  ) {}

  /** Seeds only an empty database (no units); several instances starting at once seed once. */
  async seedIfEmpty(): Promise<boolean> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query(`SELECT pg_advisory_lock(hashtext('rectify:demo-seed'))`);
      const [{ n }] = await runner.query(`SELECT count(*)::int AS n FROM units`);
      if (n > 0) return false;
      const started = Date.now();
      await this.seed();
      await runner.query(
        `INSERT INTO app_secrets (name, value) VALUES ('demo-seeded', now()::text) ON CONFLICT DO NOTHING`,
      );
      this.logger.log(
        `Demo data loaded in ${Date.now() - started} ms: the January 2023 look-back. Demo users log in with password ${DEMO_PASSWORD_HINT}`,
      );
      return true;
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(hashtext('rectify:demo-seed'))`).catch(() => undefined);
      await runner.release();
    }
  }

  private async seed(): Promise<void> {
    await this.seedUnits();
    await this.seedUsers();
    const groupId = await this.seedGroup();
    const roundIds = new Map<DemoRoundKey, number>();
    for (const r of DEMO_ROUNDS) {
      const round = await this.clock.replayAt(at(r.endDate), () =>
        this.rounds.create(this.actor('han.jingyi'), {
          name: r.name,
          kind: r.kind as RoundKind,
          domain: r.domain as Domain,
          companyUnitId: this.unit(r.companyCode).id,
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
      await this.clock.replayAt(at(r.planMeetingDate ?? addDays(r.endDate, 14)), () =>
        this.rounds.start(this.actor('han.jingyi'), round.id),
      );
    }

    // 2022: every finding rectified and closed out through the gate, then the rounds closed.
    const findingIds: number[] = [];
    for (const [index, d] of DEMO_FINDINGS.entries()) {
      const round = DEMO_ROUNDS.find((r) => r.key === d.round)!;
      if (round.kind !== 'AUDIT') continue;
      findingIds[index] = await this.walk(
        d,
        roundIds.get(d.round)!,
        round.startDate,
        addDays(round.endDate, 14),
        'CLOSED',
      );
    }
    for (const r of DEMO_ROUNDS.filter((x) => x.kind === 'AUDIT')) {
      await this.clock.replayAt(at('2022-12-20'), () =>
        this.rounds.close(this.actor('han.jingyi'), roundIds.get(r.key)!),
      );
    }

    // January 2023 look-back: a mix of states, recurrences linked to the 2022 findings they re-found.
    const positions = new Map<DemoRoundKey, number>();
    for (const [index, d] of DEMO_FINDINGS.entries()) {
      const round = DEMO_ROUNDS.find((r) => r.key === d.round)!;
      if (round.kind !== 'LOOK_BACK') continue;
      const position = positions.get(d.round) ?? 0;
      positions.set(d.round, position + 1);
      const count = DEMO_FINDINGS.filter((x) => x.round === d.round).length;
      const target: Target =
        position === count - 1 && count > 6
          ? 'CANCELLED'
          : LOOK_BACK_PATTERN[position % LOOK_BACK_PATTERN.length];
      const recurrenceOf = d.recurrenceOfIndex !== undefined ? findingIds[d.recurrenceOfIndex] : undefined;
      findingIds[index] = await this.walk(
        d,
        roundIds.get(d.round)!,
        round.startDate,
        round.planMeetingDate!,
        target,
        recurrenceOf,
      );
    }

    await this.seedWeeklyReports(roundIds, findingIds);
    await this.seedHazardReports();
  }

  /** A few 隐患举报 of spring 2023: paid, approved, proposed, a duplicate (no bounty) and an invalid one. */
  private async seedHazardReports() {
    const office = this.actor('han.jingyi');
    const leader = this.actor('qin.guodong');
    const reports: {
      reporter: string;
      unit: string;
      location: string;
      description: string;
      hide: boolean;
      level?: HazardLevel;
      outcome: 'PAID' | 'APPROVED' | 'PROPOSED' | 'DUPLICATE' | 'INVALID';
    }[] = [
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
    const ids: number[] = [];
    for (const [i, r] of reports.entries()) {
      const day = addDays('2023-03-06', i * 3);
      const created = await this.clock.replayAt(at(day), () =>
        this.hazards.create(this.actor(r.reporter), {
          hazardUnitId: this.unit(r.unit).id,
          location: r.location,
          description: r.description,
          onBehalfOfUnit: false,
          hideIdentity: r.hide,
        }),
      );
      await this.clock.replayAt(at(addDays(day, 1)), async () => {
        if (r.outcome === 'INVALID')
          return this.hazards.triage(office, created.id, {
            result: 'INVALID',
            note: '属日常维修事项，不构成安全隐患，已转后勤处理',
          });
        if (r.outcome === 'DUPLICATE')
          return this.hazards.triage(office, created.id, {
            result: 'DUPLICATE',
            duplicateOfReportId: ids[1],
          }); // repeats the 卸煤沟 report
        return this.hazards.triage(office, created.id, {
          result: 'VALID',
          level: r.level,
          category: FindingCategory.UNSAFE_CONDITION,
          deadline: addDays(day, 20),
          responsiblePerson: `${this.unit(r.unit).name}负责人`,
          responsibleLeader: r.level === HazardLevel.MAJOR ? '分管生产副总经理' : undefined,
        });
      });
      ids.push(created.id);
      if (r.outcome === 'DUPLICATE' || r.outcome === 'INVALID') continue;
      const bounty = await this.clock.replayAt(at(addDays(day, 2)), () =>
        this.hazards.propose(office, { hazardReportId: created.id }),
      );
      if (r.outcome === 'PROPOSED') continue;
      await this.clock.replayAt(at(addDays(day, 4)), () =>
        this.hazards.decide(leader, bounty.id, { approve: true, note: '同意按标准奖励' }),
      );
      if (r.outcome === 'PAID')
        await this.clock.replayAt(at(addDays(day, 9)), () =>
          this.hazards.pay(office, bounty.id, {
            paidOn: addDays(day, 9),
            paymentRef: `财务凭证 ${day.replace(/-/g, '')}-01`,
          }),
        );
    }
  }

  /**
   * Thursday 举一反三 reports for the two safety look-backs, 2023-W07 to W14: mostly on time, some "none found",
   * some with self-found problems, a few late and a few missing; then the deadline job as it ran each Friday.
   */
  private async seedWeeklyReports(roundIds: Map<DemoRoundKey, number>, findingIds: number[]) {
    const office = this.actor('han.jingyi');
    for (const key of ['XCL_2023_LB_SAFETY', 'SXLY_2023_LB_SAFETY'] as DemoRoundKey[]) {
      const roundId = roundIds.get(key)!;
      const campaignFindings = DEMO_FINDINGS.map((d, i) => ({ d, id: findingIds[i] })).filter(
        (x) => x.d.round === key,
      );
      const obligation = await this.clock.replayAt(at('2023-02-13'), () =>
        this.weekly.createObligation(office, {
          name: '“回头看”举一反三周报（每周四）',
          roundId,
          startDate: '2023-02-13',
          endDate: '2023-04-09',
        }),
      );
      const weeks = weeksBetween(isoWeekOf('2023-02-13'), isoWeekOf('2023-04-06'));
      for (const [w, week] of weeks.entries()) {
        for (const [u, unitId] of obligation.unitIds.entries()) {
          const unit = [...this.unitByCode.values()].find((x) => x.id === unitId)!;
          const pattern = (u * 3 + w) % 11;
          if (pattern === 0) continue; // 缺报
          const officer = await this.unitActor(unit, Role.UNIT_OFFICER);
          const when =
            pattern === 1
              ? new Date(`${addDays(thursdayOf(week), 1)}T03:00:00Z`)
              : at(addDays(mondayOf(week), 2));
          const prompt = campaignFindings[(u + w) % campaignFindings.length];
          const items =
            pattern === 2 || pattern === 5
              ? [
                  {
                    description: `举一反三排查发现：${unit.name}${prompt.d.tags[0] ?? '现场'}存在与“${prompt.d.description.slice(0, 16)}”同类的问题`,
                    location: `${unit.name}现场`,
                    level: HazardLevel.GENERAL,
                    category: prompt.d.category as FindingCategory,
                    promptedByFindingId: prompt.id,
                    fixedOnTheSpot: pattern === 5,
                    deadline: addDays(thursdayOf(week), 21),
                  },
                ]
              : [];
          await this.clock.replayAt(when, () =>
            this.weekly.submit(officer, {
              obligationId: obligation.id,
              unitId,
              week: formatWeek(week),
              noneFound: items.length === 0,
              statement: items.length ? undefined : '本周举一反三排查未发现同类问题',
              items,
            }),
          );
        }
      }
    }
    await this.clock.replayAt(at('2023-04-14'), () => this.weekly.runDeadlines('demo-seed'));
  }

  /** One finding from logging to its target state, each step by the right person at its own date. */
  private async walk(
    d: DemoFinding,
    roundId: number,
    foundDate: string,
    assignedOn: string,
    target: Target,
    recurrenceOfId?: number,
  ): Promise<number> {
    const office = this.actor('han.jingyi');
    const unit = this.unit(d.unitCode);
    const officer = await this.unitActor(unit, Role.UNIT_OFFICER);
    const head = await this.unitActor(unit, Role.UNIT_HEAD);
    const deadline = addDays(assignedOn, d.deadlineDays);
    const responsiblePerson = `${this.unit(d.unitCode).name}负责人`;
    const f = await this.clock.replayAt(at(assignedOn), () =>
      this.findings.create(office, {
        roundId,
        unitId: unit.id,
        description: d.description,
        location: d.location,
        level: d.level as HazardLevel,
        category: d.category as FindingCategory,
        tags: d.tags,
        source: FindingSource.AUDIT_TEAM,
        foundDate,
        foundBy: '中铝集团第二督察组',
        deadline,
        responsiblePerson,
        responsibleLeader: d.level === 'MAJOR' ? '分管生产副总经理' : undefined,
        recurrenceOfId,
      }),
    );
    if (target === 'ASSIGNED') return f.id;
    if (target === 'CANCELLED') {
      await this.clock.replayAt(at(addDays(assignedOn, 3)), () =>
        this.findings.cancel(office, f.id, '经核实与本轮已登记问题重复，合并整改'),
      );
      return f.id;
    }

    const planAuthor = d.level === 'MAJOR' ? head : officer;
    await this.clock.replayAt(at(addDays(assignedOn, 3)), () =>
      this.rectification.recordPlan(planAuthor, f.id, {
        measures: d.measures,
        responsiblePerson,
        fundsAmount: d.fundsYuan,
        fundsSource: d.fundsYuan > 0 ? '安全生产费用' : undefined,
        fundsZeroReason: d.fundsYuan === 0 ? '由班组自行整改，无需专项资金' : undefined,
        deadline,
        contingencyPlan: d.contingency,
        ...(d.level === 'MAJOR'
          ? { interimControls: '划定警戒区域，安排专人24小时监护，配备便携式检测仪', stopProduction: false }
          : {}),
      }),
    );
    await this.clock.replayAt(at(addDays(assignedOn, 10)), () =>
      this.rectification.addProgress(officer, f.id, {
        note: '整改措施已启动，材料和人员已落实',
        percent: 40,
      }),
    );
    if (target === 'RECTIFYING') return f.id;

    const photo = await this.clock.replayAt(at(addDays(deadline, -4)), () =>
      this.evidence.upload(
        officer,
        f.id,
        {
          originalname: Buffer.from('整改后照片.png', 'utf8').toString('latin1'),
          buffer: PHOTO,
          size: PHOTO.length,
        },
        EvidenceKind.AFTER,
        '整改完成后现场',
      ),
    );
    await this.clock.replayAt(at(addDays(deadline, -3)), () =>
      this.rectification.submitSummary(officer, f.id, {
        whatWasDone: `已按方案完成整改：${d.measures}`,
        rootCause: d.rootCause,
        evidenceIds: [photo.id],
      }),
    );
    if (target === 'PENDING_VERIFICATION') return f.id;

    const verifier = this.verifierFor(unit);
    if (target === 'RETURNED') {
      await this.clock.replayAt(at(addDays(deadline, -1)), () =>
        this.closeout.verify(verifier, f.id, {
          result: 'FAIL',
          verifiedOn: addDays(deadline, -1),
          notes: '现场复查发现整改不彻底，同类部位仍存在问题，请补充整改',
        }),
      );
      return f.id;
    }
    const verifierPhoto = await this.clock.replayAt(at(addDays(deadline, -1)), () =>
      this.evidence.upload(
        verifier,
        f.id,
        {
          originalname: Buffer.from('复查照片.png', 'utf8').toString('latin1'),
          buffer: PHOTO,
          size: PHOTO.length,
        },
        EvidenceKind.AFTER,
        '督导组复查',
      ),
    );
    await this.clock.replayAt(at(addDays(deadline, -1)), () =>
      this.closeout.verify(verifier, f.id, {
        result: 'PASS',
        verifiedOn: addDays(deadline, -1),
        notes: '现场复查，整改措施落实到位',
        evidenceIds: [verifierPhoto.id],
      }),
    );
    if (target === 'VERIFIED') return f.id;

    const secondary = this.secondaryOf(unit);
    await this.clock.replayAt(at(deadline), async () => {
      await this.closeout.recordSweep(office, f.id, {
        checkedUnitIds: [secondary.id],
        checkedBy: '安全环保健康部组织',
        result: 'NONE_FOUND',
        sweptOn: deadline,
        notes: '举一反三排查同类部位，未发现同类问题',
      });
      await this.closeout.recordMechanism(officer, f.id, {
        kind: 'MECHANISM',
        title: `${secondary.name}${d.tags[0] ?? '现场'}管理规定（修订）`,
        documentNumber: `${secondary.code}-ZD-${deadline.slice(0, 4)}-${String(f.id).padStart(2, '0')}`,
        effectiveDate: deadline,
      });
      await this.closeout.recordAccountability(verifier, f.id, {
        kind: 'ACTION',
        personName: responsiblePerson,
        action: AccountabilityAction.CRITICISM,
        decidedBy: '公司安全生产委员会',
        decidedOn: deadline,
      });
      if (recurrenceOfId) {
        // 倒查: the persons responsible for the earlier finding are held accountable too.
        const earlier = await this.dataSource.query(`SELECT responsible_person FROM findings WHERE id = $1`, [
          recurrenceOfId,
        ]);
        if (earlier[0].responsible_person !== responsiblePerson) {
          await this.closeout.recordAccountability(verifier, f.id, {
            kind: 'ACTION',
            personName: earlier[0].responsible_person,
            action: AccountabilityAction.ECONOMIC,
            amountYuan: 1000,
            decidedBy: '公司安全生产委员会',
            decidedOn: deadline,
          });
        }
      }
      await this.closeout.recordSatisfaction(officer, f.id, {
        representatives: '职工代表及班组代表',
        confirmedOn: deadline,
        satisfied: true,
        comments: '整改效果良好',
      });
    });
    const closer = d.level === 'MAJOR' ? this.actor('qin.guodong') : verifier;
    await this.clock.replayAt(at(addDays(deadline, 1)), () => this.closeout.closeOut(closer, f.id));
    return f.id;
  }

  private async seedUnits() {
    const pending = [...DEMO_UNITS];
    while (pending.length) {
      const ready = pending.findIndex((u) => !u.parentCode || this.unitByCode.has(u.parentCode));
      if (ready < 0)
        throw new Error(`Demo units with unknown parents: ${pending.map((u) => u.code).join(', ')}`);
      const [u] = pending.splice(ready, 1);
      const created = await this.units.create(SYSTEM_ACTOR, {
        code: u.code,
        name: u.name,
        kind: u.kind,
        parentId: u.parentCode ? this.unitByCode.get(u.parentCode)!.id : undefined,
        aliases: u.aliases,
      });
      this.unitByCode.set(u.code, created);
    }
  }

  private async seedUsers() {
    for (const u of DEMO_USERS) {
      const { user } = await this.users.create(SYSTEM_ACTOR, {
        username: u.username,
        displayName: u.displayName,
        homeUnitId: this.unit(u.unitCode).id,
        roles: u.roles as Role[],
        password: DEMO_PASSWORD_HINT,
      });
      this.remember(user.id, u.username, u.displayName, user.roles, this.unit(u.unitCode));
    }
  }

  private async seedGroup(): Promise<number> {
    const group = await this.groups.create(SYSTEM_ACTOR, {
      name: '督察问题整改督导组',
      campaign: '2023年1月集团督察“回头看”问题整改',
      officeUnitId: this.unit('XCL-AHB').id,
    });
    for (const u of DEMO_USERS.filter((x) => x.groupPosition)) {
      await this.groups.addMember(SYSTEM_ACTOR, group.id, {
        userId: this.actor(u.username).id,
        position: u.groupPosition as GroupPosition,
      });
    }
    return group.id;
  }

  /** The unit's own officer (or head): the nearest demo user above it, or a generated account for its 二级单位. */
  private async unitActor(unit: Unit, role: Role.UNIT_OFFICER | Role.UNIT_HEAD): Promise<Actor> {
    const existing = [...this.actors.values()]
      .filter((a) => a.roles.includes(role) && unit.path.startsWith(a.homeUnitPath!))
      .sort((a, b) => b.homeUnitPath!.length - a.homeUnitPath!.length)[0];
    if (existing) return existing;
    const secondary = this.secondaryOf(unit);
    const username = `${role === Role.UNIT_OFFICER ? 'aqy' : 'fzr'}.${secondary.code.toLowerCase()}`;
    const displayName = `${secondary.name}${role === Role.UNIT_OFFICER ? '安全员' : '负责人'}`;
    const { user } = await this.users.create(SYSTEM_ACTOR, {
      username,
      displayName,
      homeUnitId: secondary.id,
      roles: [role],
      password: DEMO_PASSWORD_HINT,
    });
    return this.remember(user.id, username, displayName, [role], secondary);
  }

  /** A supervision-group member who does not belong to the responsible unit. */
  private verifierFor(unit: Unit): Actor {
    for (const username of ['hou.xiaodong', 'fan.lijuan', 'peng.yuhang']) {
      const a = this.actor(username);
      if (!a.homeUnitPath!.startsWith(unit.path)) return a;
    }
    throw new Error(`No independent verifier for ${unit.code}`);
  }

  private secondaryOf(unit: Unit): Unit {
    let u = unit;
    while (UNIT_TIER[u.kind] > 2 && u.parentId)
      u = [...this.unitByCode.values()].find((x) => x.id === u.parentId)!;
    return u;
  }

  private remember(id: number, username: string, displayName: string, roles: Role[], unit: Unit): Actor {
    const actor: Actor = {
      id,
      username,
      displayName,
      roles,
      homeUnitId: unit.id,
      homeUnitPath: unit.path,
      unitScopePath: isOrganisationWide(roles) ? null : unit.path,
    };
    this.actors.set(username, actor);
    return actor;
  }

  private actor(username: string): Actor {
    const a = this.actors.get(username);
    if (!a) throw new Error(`Demo user ${username} is missing`);
    return a;
  }

  private unit(code: string): Unit {
    const u = this.unitByCode.get(code);
    if (!u) throw new Error(`Demo unit ${code} is missing`);
    return u;
  }
}
