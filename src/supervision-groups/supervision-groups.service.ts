import { Injectable } from '@nestjs/common';
import { Actor } from '../common/access/actor';
import { Role } from '../common/access/roles';
import { AuditLogService } from '../audit-log/audit-log.service';
import { conflict, notFound, validationFailed } from '../common/errors/domain-error';
import { Transactions, type Tx } from '../common/persistence/transactions';
import { assertVersion } from '../common/persistence/version';
import { UnitsRepository } from '../org/units.repository';
import type { Unit } from '../org/unit.entity';
import type { User } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { AddMemberDto, CreateGroupDto, UpdateGroupDto } from './supervision-group.dto';
import { SupervisionGroup } from './supervision-group.entity';
import { SupervisionGroupsRepository } from './supervision-groups.repository';
import { GROUP_POSITION_LABEL, GroupPosition, LEADERSHIP_POSITIONS } from './group-position';

const groupSnapshot = (g: SupervisionGroup) => ({
  name: g.name,
  campaign: g.campaign,
  officeUnitId: g.officeUnitId,
  active: g.active,
});

/** Which system role a position needs: leadership positions need SUPERVISION_LEADER. */
export function roleFitsPosition(roles: Role[], position: GroupPosition): boolean {
  if (LEADERSHIP_POSITIONS.includes(position)) return roles.includes(Role.SUPERVISION_LEADER);
  return roles.includes(Role.SUPERVISOR) || roles.includes(Role.SUPERVISION_LEADER);
}

@Injectable()
export class SupervisionGroupsService {
  constructor(
    private readonly groups: SupervisionGroupsRepository,
    private readonly users: UsersRepository,
    private readonly units: UnitsRepository,
    private readonly transactions: Transactions,
    private readonly audit: AuditLogService,
  ) {}

  async list() {
    const groups = await this.groups.findAll();
    return { items: await Promise.all(groups.map((g) => this.withMembers(g))), total: groups.length };
  }

  async get(id: number) {
    const group = await this.groups.findById(id);
    if (!group) throw notFound('督导组 / Supervision group', id);
    return this.withMembers(group);
  }

  /** Whether a supervision group with this id exists (e.g. for a round that names one). */
  exists(id: number, tx?: Tx): Promise<boolean> {
    return this.groups.exists(id, tx);
  }

  /** The current position of a user in any active group, or null: used by verification, close-out, bounties. */
  positionOf(userId: number, tx?: Tx): Promise<GroupPosition | null> {
    return this.groups.positionOf(userId, tx);
  }

  /** The user's current memberships of active groups (verification and close-out check them). */
  membershipsOf(userId: number, tx?: Tx) {
    return this.groups.membershipsOf(userId, tx);
  }

  /** Active groups covering a company: their office unit lies in the company's subtree. */
  groupsCoveringCompany(company: Pick<Unit, 'path'>, tx?: Tx): Promise<number[]> {
    return this.groups.activeGroupIdsWithOfficeUnder(company.path, tx);
  }

  async create(actor: Actor, dto: CreateGroupDto) {
    return this.transactions.run(async (m) => {
      await this.assertOfficeUnit(m, dto.officeUnitId);
      const group = await this.groups.create(m, {
        name: dto.name,
        campaign: dto.campaign,
        officeUnitId: dto.officeUnitId,
        active: true,
      });
      await this.audit.record(m, actor, {
        action: 'GROUP_CREATED',
        entityType: 'SupervisionGroup',
        entityId: group.id,
        unitId: group.officeUnitId,
        after: groupSnapshot(group),
      });
      return this.withMembers(group, m);
    });
  }

  async update(actor: Actor, id: number, dto: UpdateGroupDto) {
    return this.transactions.run(async (m) => {
      const group = await this.lockGroup(m, id);
      assertVersion(group, dto.version);
      const before = groupSnapshot(group);
      if (dto.officeUnitId) await this.assertOfficeUnit(m, dto.officeUnitId);
      Object.assign(group, {
        name: dto.name ?? group.name,
        campaign: dto.campaign ?? group.campaign,
        officeUnitId: dto.officeUnitId ?? group.officeUnitId,
        active: dto.active ?? group.active,
      });
      const saved = await this.groups.save(m, group);
      await this.audit.record(m, actor, {
        action: 'GROUP_UPDATED',
        entityType: 'SupervisionGroup',
        entityId: id,
        unitId: saved.officeUnitId,
        before,
        after: groupSnapshot(saved),
      });
      return this.withMembers(saved, m);
    });
  }

  async addMember(actor: Actor, groupId: number, dto: AddMemberDto) {
    return this.transactions.run(async (m) => {
      const group = await this.lockGroup(m, groupId);
      const user = await this.users.findById(dto.userId, m);
      if (!user || !user.active)
        throw validationFailed([{ field: 'userId', messages: ['用户不存在或已停用 / No such active user'] }]);
      this.assertRoleFits(user, dto.position);
      const existing = await this.groups.currentMember(m, groupId, user.id);
      if (existing)
        throw conflict(
          'ALREADY_MEMBER',
          `${user.displayName} 已是本组${GROUP_POSITION_LABEL[existing.position]} / Already a member`,
        );
      await this.assertOneExecutiveDeputy(m, groupId, dto.position);
      const member = await this.groups.addMember(m, { groupId, userId: user.id, position: dto.position });
      await this.audit.record(m, actor, {
        action: 'GROUP_MEMBER_ADDED',
        entityType: 'SupervisionGroup',
        entityId: groupId,
        unitId: group.officeUnitId,
        after: { memberUserId: user.id, position: member.position },
      });
      return this.withMembers(group, m);
    });
  }

  async changePosition(actor: Actor, groupId: number, userId: number, position: GroupPosition) {
    return this.transactions.run(async (m) => {
      const group = await this.lockGroup(m, groupId);
      const member = await this.currentMember(m, groupId, userId);
      const user = await this.users.findByIdOrFail(userId, m);
      this.assertRoleFits(user, position);
      if (member.position !== position) await this.assertOneExecutiveDeputy(m, groupId, position);
      const before = { memberUserId: userId, position: member.position };
      member.position = position;
      await this.groups.saveMember(m, member);
      await this.audit.record(m, actor, {
        action: 'GROUP_MEMBER_POSITION_CHANGED',
        entityType: 'SupervisionGroup',
        entityId: groupId,
        unitId: group.officeUnitId,
        before,
        after: { memberUserId: userId, position },
      });
      return this.withMembers(group, m);
    });
  }

  async removeMember(actor: Actor, groupId: number, userId: number) {
    return this.transactions.run(async (m) => {
      const group = await this.lockGroup(m, groupId);
      const member = await this.currentMember(m, groupId, userId);
      member.leftAt = new Date();
      await this.groups.saveMember(m, member);
      await this.audit.record(m, actor, {
        action: 'GROUP_MEMBER_LEFT',
        entityType: 'SupervisionGroup',
        entityId: groupId,
        unitId: group.officeUnitId,
        before: { memberUserId: userId, position: member.position },
        after: { memberUserId: userId, position: null },
      });
      return this.withMembers(group, m);
    });
  }

  private async withMembers(group: SupervisionGroup, tx?: Tx) {
    const members = await this.groups.currentMembers(group.id, tx);
    return {
      ...group,
      members: members.map((x) => ({ ...x, positionLabel: GROUP_POSITION_LABEL[x.position] })),
    };
  }

  private async lockGroup(m: Tx, id: number) {
    const group = await this.groups.lockById(m, id);
    if (!group) throw notFound('督导组 / Supervision group', id);
    return group;
  }

  private async currentMember(m: Tx, groupId: number, userId: number) {
    const member = await this.groups.currentMember(m, groupId, userId);
    if (!member) throw notFound('督导组成员 / Group member', userId);
    return member;
  }

  private assertRoleFits(user: User, position: GroupPosition) {
    if (!roleFitsPosition(user.roles, position)) {
      const need = LEADERSHIP_POSITIONS.includes(position)
        ? 'SUPERVISION_LEADER'
        : 'SUPERVISOR 或 SUPERVISION_LEADER';
      throw validationFailed([
        {
          field: 'position',
          messages: [
            `${user.displayName} 担任${GROUP_POSITION_LABEL[position]}需要角色 ${need} / The user needs role ${need}`,
          ],
        },
      ]);
    }
  }

  private async assertOneExecutiveDeputy(m: Tx, groupId: number, position: GroupPosition) {
    if (position !== GroupPosition.EXECUTIVE_DEPUTY) return;
    if (await this.groups.positionTaken(m, groupId, position))
      throw conflict(
        'EXECUTIVE_DEPUTY_TAKEN',
        '本组已有常务副组长 / The group already has an executive deputy',
      );
  }

  private async assertOfficeUnit(m: Tx, unitId: number) {
    const unit = await this.units.findById(unitId, m);
    if (!unit || !unit.active)
      throw validationFailed([
        { field: 'officeUnitId', messages: ['办公室所在单位不存在或已停用 / No such active unit'] },
      ]);
  }
}
