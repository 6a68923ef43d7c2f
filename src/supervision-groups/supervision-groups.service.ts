import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { Actor } from '../common/access/actor';
import { Role } from '../common/access/roles';
import { AuditLogService } from '../audit-log/audit-log.service';
import { conflict, notFound, validationFailed } from '../common/errors/domain-error';
import { Unit } from '../org/unit.entity';
import { assertVersion } from '../common/persistence/version';
import { User } from '../users/user.entity';
import { AddMemberDto, CreateGroupDto, UpdateGroupDto } from './supervision-group.dto';
import { SupervisionGroup, SupervisionGroupMember } from './supervision-group.entity';
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
    private readonly dataSource: DataSource,
    private readonly audit: AuditLogService,
  ) {}

  async list() {
    const groups = await this.dataSource.getRepository(SupervisionGroup).find({ order: { id: 'ASC' } });
    return { items: await Promise.all(groups.map((g) => this.withMembers(g))), total: groups.length };
  }

  async get(id: number) {
    const group = await this.dataSource.getRepository(SupervisionGroup).findOneBy({ id });
    if (!group) throw notFound('督导组 / Supervision group', id);
    return this.withMembers(group);
  }

  /** The current position of a user in any active group, or null: used by verification, close-out, bounties. */
  async positionOf(
    userId: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<GroupPosition | null> {
    const rows: { position: GroupPosition }[] = await manager.query(
      `SELECT m.position FROM supervision_group_members m JOIN supervision_groups g ON g.id = m.group_id
        WHERE m.user_id = $1 AND m.left_at IS NULL AND g.active
        ORDER BY array_position(ARRAY['LEADER','EXECUTIVE_DEPUTY','DEPUTY','MEMBER']::group_position[], m.position) LIMIT 1`,
      [userId],
    );
    return rows[0]?.position ?? null;
  }

  async create(actor: Actor, dto: CreateGroupDto) {
    return this.dataSource.transaction(async (m) => {
      await this.assertOfficeUnit(m, dto.officeUnitId);
      const group = await m
        .getRepository(SupervisionGroup)
        .save(m.getRepository(SupervisionGroup).create({ ...dto, active: true }));
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
    return this.dataSource.transaction(async (m) => {
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
      const saved = await m.getRepository(SupervisionGroup).save(group);
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
    return this.dataSource.transaction(async (m) => {
      const group = await this.lockGroup(m, groupId);
      const user = await m.getRepository(User).findOneBy({ id: dto.userId });
      if (!user || !user.active)
        throw validationFailed([{ field: 'userId', messages: ['用户不存在或已停用 / No such active user'] }]);
      this.assertRoleFits(user, dto.position);
      const existing = await m
        .getRepository(SupervisionGroupMember)
        .findOneBy({ groupId, userId: user.id, leftAt: IsNull() });
      if (existing)
        throw conflict(
          'ALREADY_MEMBER',
          `${user.displayName} 已是本组${GROUP_POSITION_LABEL[existing.position]} / Already a member`,
        );
      await this.assertOneExecutiveDeputy(m, groupId, dto.position);
      const member = await m
        .getRepository(SupervisionGroupMember)
        .save(
          m
            .getRepository(SupervisionGroupMember)
            .create({ groupId, userId: user.id, position: dto.position, leftAt: null }),
        );
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
    return this.dataSource.transaction(async (m) => {
      const group = await this.lockGroup(m, groupId);
      const member = await this.currentMember(m, groupId, userId);
      const user = await m.getRepository(User).findOneByOrFail({ id: userId });
      this.assertRoleFits(user, position);
      if (member.position !== position) await this.assertOneExecutiveDeputy(m, groupId, position);
      const before = { memberUserId: userId, position: member.position };
      member.position = position;
      await m.getRepository(SupervisionGroupMember).save(member);
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
    return this.dataSource.transaction(async (m) => {
      const group = await this.lockGroup(m, groupId);
      const member = await this.currentMember(m, groupId, userId);
      member.leftAt = new Date();
      await m.getRepository(SupervisionGroupMember).save(member);
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

  private async withMembers(group: SupervisionGroup, m: EntityManager = this.dataSource.manager) {
    const members: {
      userId: number;
      username: string;
      displayName: string;
      position: GroupPosition;
      joinedAt: Date;
    }[] = await m.query(
      `SELECT m.user_id AS "userId", u.username, u.display_name AS "displayName", m.position, m.joined_at AS "joinedAt"
         FROM supervision_group_members m JOIN users u ON u.id = m.user_id
        WHERE m.group_id = $1 AND m.left_at IS NULL
        ORDER BY array_position(ARRAY['LEADER','EXECUTIVE_DEPUTY','DEPUTY','MEMBER']::group_position[], m.position), u.username`,
      [group.id],
    );
    return {
      ...group,
      members: members.map((x) => ({ ...x, positionLabel: GROUP_POSITION_LABEL[x.position] })),
    };
  }

  private async lockGroup(m: EntityManager, id: number) {
    const group = await m
      .getRepository(SupervisionGroup)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!group) throw notFound('督导组 / Supervision group', id);
    return group;
  }

  private async currentMember(m: EntityManager, groupId: number, userId: number) {
    const member = await m
      .getRepository(SupervisionGroupMember)
      .findOneBy({ groupId, userId, leftAt: IsNull() });
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

  private async assertOneExecutiveDeputy(m: EntityManager, groupId: number, position: GroupPosition) {
    if (position !== GroupPosition.EXECUTIVE_DEPUTY) return;
    const taken = await m
      .getRepository(SupervisionGroupMember)
      .existsBy({ groupId, position, leftAt: IsNull() });
    if (taken)
      throw conflict(
        'EXECUTIVE_DEPUTY_TAKEN',
        '本组已有常务副组长 / The group already has an executive deputy',
      );
  }

  private async assertOfficeUnit(m: EntityManager, unitId: number) {
    const unit = await m.getRepository(Unit).findOneBy({ id: unitId });
    if (!unit || !unit.active)
      throw validationFailed([
        { field: 'officeUnitId', messages: ['办公室所在单位不存在或已停用 / No such active unit'] },
      ]);
  }

  /** Whether a supervision group exists (active or not). */
  async exists(id: number, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    return manager.getRepository(SupervisionGroup).existsBy({ id });
  }
}
