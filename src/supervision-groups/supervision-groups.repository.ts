import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { preparedStatement } from '../common/persistence/prepared';
import type { Tx } from '../common/persistence/transactions';
import { GroupPosition } from './group-position';
import { SupervisionGroup, SupervisionGroupMember } from './supervision-group.entity';

/** A current member as lists show it: with the user's login and display name. */
export interface CurrentMemberRow {
  userId: number;
  username: string;
  displayName: string;
  position: GroupPosition;
  joinedAt: Date;
}

/** Leadership first: 组长, 常务副组长, 副组长, 成员. */
const POSITION_ORDER = `array_position(ARRAY['LEADER','EXECUTIVE_DEPUTY','DEPUTY','MEMBER']::group_position[], m.position)`;

/** Supervision groups (督导组) and their membership history. */
@Injectable()
export class SupervisionGroupsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private groups(tx?: Tx) {
    return (tx ?? this.dataSource.manager).getRepository(SupervisionGroup);
  }

  private members(tx?: Tx) {
    return (tx ?? this.dataSource.manager).getRepository(SupervisionGroupMember);
  }

  findAll(): Promise<SupervisionGroup[]> {
    return this.groups().find({ order: { id: 'ASC' } });
  }

  findById(id: number, tx?: Tx): Promise<SupervisionGroup | null> {
    return this.groups(tx).findOneBy({ id });
  }

  exists(id: number, tx?: Tx): Promise<boolean> {
    return this.groups(tx).existsBy({ id });
  }

  lockById(tx: Tx, id: number): Promise<SupervisionGroup | null> {
    return this.groups(tx).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Inserts a new group. */
  create(tx: Tx, fields: Pick<SupervisionGroup, 'name' | 'campaign' | 'officeUnitId' | 'active'>) {
    return this.groups(tx).save(this.groups(tx).create(fields));
  }

  save(tx: Tx, group: SupervisionGroup): Promise<SupervisionGroup> {
    return this.groups(tx).save(group);
  }

  /** The group's current members, leadership first, then by login name. */
  async currentMembers(groupId: number, tx?: Tx): Promise<CurrentMemberRow[]> {
    // Every finding notification reads it (the round's group): prepared, fixed text.
    const { rows } = await preparedStatement<CurrentMemberRow>(
      tx ?? this.dataSource.manager,
      `SELECT m.user_id AS "userId", u.username, u.display_name AS "displayName", m.position, m.joined_at AS "joinedAt"
         FROM supervision_group_members m JOIN users u ON u.id = m.user_id
        WHERE m.group_id = $1 AND m.left_at IS NULL
        ORDER BY ${POSITION_ORDER}, u.username`,
      [groupId],
    );
    return rows;
  }

  /** The highest current position of a user in any active group, or null. */
  async positionOf(userId: number, tx?: Tx): Promise<GroupPosition | null> {
    const rows: { position: GroupPosition }[] = await (tx ?? this.dataSource.manager).query(
      `SELECT m.position FROM supervision_group_members m JOIN supervision_groups g ON g.id = m.group_id
        WHERE m.user_id = $1 AND m.left_at IS NULL AND g.active
        ORDER BY ${POSITION_ORDER} LIMIT 1`,
      [userId],
    );
    return rows[0]?.position ?? null;
  }

  /** The user's current memberships of active groups, leadership first. */
  membershipsOf(
    userId: number,
    tx?: Tx,
  ): Promise<{ groupId: number; groupName: string; position: GroupPosition }[]> {
    return (tx ?? this.dataSource.manager).query(
      `SELECT m.group_id AS "groupId", g.name AS "groupName", m.position
         FROM supervision_group_members m JOIN supervision_groups g ON g.id = m.group_id
        WHERE m.user_id = $1 AND m.left_at IS NULL AND g.active
        ORDER BY ${POSITION_ORDER}, g.id`,
      [userId],
    );
  }

  /** Active groups whose office unit lies in the subtree at `companyPath` (the groups covering that company). */
  async activeGroupIdsWithOfficeUnder(companyPath: string, tx?: Tx): Promise<number[]> {
    const rows: { id: number }[] = await (tx ?? this.dataSource.manager).query(
      `SELECT g.id FROM supervision_groups g JOIN units u ON u.id = g.office_unit_id
        WHERE g.active AND u.path LIKE $1 ORDER BY g.id`,
      [`${companyPath}%`],
    );
    return rows.map((r) => r.id);
  }

  /** The user's current membership of the group (not left), or null. */
  currentMember(tx: Tx, groupId: number, userId: number): Promise<SupervisionGroupMember | null> {
    return this.members(tx).findOneBy({ groupId, userId, leftAt: IsNull() });
  }

  /** Whether a current member of the group holds `position`. */
  positionTaken(tx: Tx, groupId: number, position: GroupPosition): Promise<boolean> {
    return this.members(tx).existsBy({ groupId, position, leftAt: IsNull() });
  }

  addMember(tx: Tx, fields: { groupId: number; userId: number; position: GroupPosition }) {
    return this.members(tx).save(this.members(tx).create({ ...fields, leftAt: null }));
  }

  saveMember(tx: Tx, member: SupervisionGroupMember): Promise<SupervisionGroupMember> {
    return this.members(tx).save(member);
  }
}
