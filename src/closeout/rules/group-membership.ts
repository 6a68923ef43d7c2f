import {
  GROUP_POSITION_LABEL,
  GroupPosition,
  LEADERSHIP_POSITIONS,
} from '../../supervision-groups/group-position';

/** A user's current place in one active supervision group (督导组). */
export interface GroupMembership {
  groupId: number;
  groupName: string;
  position: GroupPosition;
}

export interface GroupFacts {
  /** The supervision group assigned to the finding's round, if any. */
  roundGroupId: number | null;
  /** The groups covering the audited company (used only when the round names no group). */
  groupsCoveringCompany: number[];
  /** The acting user's current memberships of active groups. */
  memberships: GroupMembership[];
}

/** Where the acting user stands for one finding: a member of its supervision group, and in a leadership position. */
export interface GroupStanding {
  member: boolean;
  /** 组长, 常务副组长 or 副组长 of that group (MAJOR close-out). */
  leader: boolean;
  /** The groups that supervise the finding (empty: none does). */
  groupIds: number[];
  /** The user's position in the first of those groups they belong to, in words (for messages), or null. */
  positionLabel: string | null;
}

/**
 * 督导组成员资格: verification and close-out belong to the supervision group assigned to the finding's round; when the
 * round names none, to any active group covering the audited company (its office is in that company, or it
 * supervises another round of that company). A MAJOR
 * finding is closed by a member whose position in that group is 组长 or 副组长 — the SUPERVISION_LEADER role alone
 * does not make someone the leader of this group.
 */
export function groupStanding(f: GroupFacts): GroupStanding {
  const groupIds = f.roundGroupId !== null ? [f.roundGroupId] : f.groupsCoveringCompany;
  const mine = f.memberships.filter((m) => groupIds.includes(m.groupId));
  return {
    member: mine.length > 0,
    leader: mine.some((m) => LEADERSHIP_POSITIONS.includes(m.position)),
    groupIds,
    positionLabel: mine.length ? GROUP_POSITION_LABEL[mine[0].position] : null,
  };
}
