import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/access/actor';
import { DomainError } from '../common/errors/domain-error';
import type { Tx } from '../common/persistence/transactions';
import type { Finding } from '../findings/entities/finding.entity';
import { HazardLevel } from '../findings/finding.enums';
import type { Unit } from '../org/unit.entity';
import { UnitsRepository } from '../org/units.repository';
import { RoundsService } from '../rounds/rounds.service';
import { SupervisionGroupsService } from '../supervision-groups/supervision-groups.service';
import { groupStanding, GroupStanding } from './rules/group-membership';
import { isIndependentVerifier, LineageUnit, responsibleSubtreePath } from './rules/verifier-independence';

/** Where a user stands for one finding: independent of its 二级单位, and a member (or leader) of its supervision group. */
export interface SupervisionStanding {
  group: GroupStanding;
  independent: boolean;
  /** The responsible 二级单位 (or the unit itself), by name, for messages. */
  responsibleName: string;
}

/**
 * Who may verify (复查) and close out (销号) a finding beyond the role: someone outside the responsible 二级单位's
 * subtree (rules/verifier-independence.ts), who is a member of the finding's supervision group — of a leadership
 * position for a MAJOR close-out (rules/group-membership.ts).
 */
@Injectable()
export class SupervisionStandingService {
  constructor(
    private readonly rounds: RoundsService,
    private readonly groups: SupervisionGroupsService,
    private readonly units: UnitsRepository,
  ) {}

  /** The responsible unit's lineage (the unit and its ancestors): rule 1 of the gate and verification use it. */
  async responsibleLineage(
    f: Pick<Finding, 'unitId'>,
    tx?: Tx,
  ): Promise<{ path: string; kind: LineageUnit['kind']; name: string }[]> {
    const lineage = await this.units.lineageOfId(f.unitId, tx);
    if (!lineage.length) await this.units.findByIdOrFail(f.unitId, tx); // its "not found", should the unit be gone
    return lineage;
  }

  async of(actor: Actor, f: Pick<Finding, 'unitId' | 'roundId'>, tx?: Tx): Promise<SupervisionStanding> {
    const lineage = await this.responsibleLineage(f, tx);
    const round = (await this.rounds.findById(f.roundId, tx))!;
    const company = await this.units.findByIdOrFail(round.companyUnitId, tx);
    const group = groupStanding({
      roundGroupId: round.supervisionGroupId,
      groupsCoveringCompany: round.supervisionGroupId === null ? await this.groupsCovering(company, tx) : [],
      memberships: await this.groups.membershipsOf(actor.id, tx),
    });
    const subtree = responsibleSubtreePath(lineage);
    return {
      group,
      independent: isIndependentVerifier(actor.homeUnitPath, lineage),
      responsibleName: lineage.find((u) => u.path === subtree)?.name ?? '',
    };
  }

  /**
   * The groups covering a company, for its rounds that name none (e.g. the hazard-report round): the active groups
   * whose office lies in the company, and the groups assigned to any other round of it.
   */
  private async groupsCovering(company: Unit, tx?: Tx): Promise<number[]> {
    const assigned = (await this.rounds.findByCompany(company.id))
      .map((r) => r.supervisionGroupId)
      .filter((id): id is number => id !== null);
    return [...new Set([...(await this.groups.groupsCoveringCompany(company, tx)), ...assigned])];
  }

  /** 复查: independent of the responsible 二级单位, and a member of the finding's supervision group (403 otherwise). */
  async assertMayVerify(actor: Actor, f: Finding, tx: Tx): Promise<void> {
    const s = await this.of(actor, f, tx);
    if (!s.independent)
      throw new DomainError(
        'FORBIDDEN',
        'VERIFIER_FROM_RESPONSIBLE_UNIT',
        `复查人不能来自责任单位「${s.responsibleName}」及其下属单位 / The verifier may not belong to the responsible second-level unit or any unit under it`,
      );
    this.assertMember(s, '复查', 'verify');
  }

  /** 销号: a member of the finding's supervision group; for a MAJOR finding its 组长 or 副组长 (403 otherwise). */
  async assertMayClose(actor: Actor, f: Finding, tx: Tx): Promise<void> {
    const s = await this.of(actor, f, tx);
    this.assertMember(s, '销号', 'close out');
    if (f.level === HazardLevel.MAJOR && !s.group.leader)
      throw new DomainError(
        'FORBIDDEN',
        'GROUP_LEADER_REQUIRED',
        `重大隐患须由本督导组组长或副组长销号（您在本组为${s.group.positionLabel}） / A MAJOR finding is closed by the leader or a deputy leader of its supervision group`,
      );
  }

  private assertMember(s: SupervisionStanding, what: string, verb: string): void {
    if (s.group.member) return;
    throw new DomainError(
      'FORBIDDEN',
      'NOT_SUPERVISION_GROUP_MEMBER',
      s.group.groupIds.length
        ? `${what}须由本轮督导组成员进行，您不是该督导组成员 / Only members of the round's supervision group may ${verb}`
        : `本轮未指定督导组，也没有覆盖被督察公司的督导组，无人可以${what} / No supervision group covers this round, so nobody may ${verb}`,
      { groupIds: s.group.groupIds },
    );
  }
}
