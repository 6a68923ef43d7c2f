import { UnitScope } from '../../common/access/unit-scope';
import { ORGANISATION_WIDE_ROLES, Role } from '../../common/access/roles';
import type { Audience } from './ladder';

export interface Candidate {
  id: number;
  displayName: string;
  roles: Role[];
  homeUnitPath: string | null;
}

/**
 * Who a notification may reach besides the ladder's audiences: `verifiers` = every current member of the round's
 * supervision group (复查 is theirs); `approver` = who decides an extension (the safety office; for a MAJOR finding
 * the round's group leaders — any 组长 when the round has no group).
 */
export type FindingAudience = Audience | 'verifiers' | 'approver';

/** What the recipients of a finding's notification are chosen by. */
export interface FindingPlace {
  /** The responsible unit's materialised path. */
  unitPath: string;
  /** The 二级单位's path (null when the unit is a company or directly under one). */
  secondLevelPath: string | null;
  /** 责任人 (a name). */
  responsiblePerson: string;
  /** Users leading the round's supervision group (组长). */
  groupLeaderIds: number[];
  /** Every current member of the round's supervision group. */
  groupMemberIds?: number[];
  /** MAJOR findings' extensions are decided by the group's leaders. */
  major?: boolean;
}

/** A place that is only a unit (weekly reports, assessments, notices): no responsible person, no group. */
export const unitPlace = (unitPath: string): FindingPlace => ({
  unitPath,
  secondLevelPath: null,
  responsiblePerson: '',
  groupLeaderIds: [],
});

/** Whether a unit lies within a user's UnitScope (their home subtree, or everything for organisation-wide roles). */
export const seesUnit = (u: Candidate, unitPath: string) =>
  UnitScope.ofHome(
    u.roles.some((r) => ORGANISATION_WIDE_ROLES.includes(r)),
    u.homeUnitPath,
  ).includesPath(unitPath);

/**
 * The users an audience of a finding reaches, always within their UnitScope: unit = the unit officers whose subtree
 * holds the unit and the responsible person (a unit user of that name); head = the unit heads over it; leader2 = the
 * heads of the 二级单位 itself; office = the safety office; group = the round's supervision group leaders;
 * verifiers = the round's group members; approver = see FindingAudience.
 */
export function recipientsOf(
  audiences: FindingAudience[],
  place: FindingPlace,
  users: Candidate[],
): number[] {
  const ids = new Set<number>();
  const members = place.groupMemberIds ?? [];
  const groupLeaders = place.groupLeaderIds;
  for (const u of users) {
    if (!seesUnit(u, place.unitPath)) continue;
    const has = (r: Role) => u.roles.includes(r);
    const approves = place.major
      ? has(Role.SUPERVISION_LEADER) && (groupLeaders.length ? members.includes(u.id) : true)
      : has(Role.SAFETY_OFFICE);
    const pick =
      (audiences.includes('unit') &&
        (has(Role.UNIT_OFFICER) ||
          ((has(Role.UNIT_OFFICER) || has(Role.UNIT_HEAD)) && u.displayName === place.responsiblePerson))) ||
      (audiences.includes('head') && has(Role.UNIT_HEAD)) ||
      (audiences.includes('leader2') &&
        has(Role.UNIT_HEAD) &&
        place.secondLevelPath !== null &&
        u.homeUnitPath === place.secondLevelPath) ||
      (audiences.includes('office') && has(Role.SAFETY_OFFICE)) ||
      (audiences.includes('group') && groupLeaders.includes(u.id)) ||
      (audiences.includes('verifiers') && members.includes(u.id)) ||
      (audiences.includes('approver') && approves);
    if (pick) ids.add(u.id);
  }
  return [...ids];
}

/** A bounty's step and the people in it (the reporter may hide their identity). */
export interface BountyFacts {
  status: 'PROPOSED' | 'APPROVED' | 'REJECTED' | 'PAID';
  proposedById: number;
  reporterId: number;
}

/**
 * Who hears of a bounty: awaiting approval → the leaders (组长, SUPERVISION_LEADER) except the proposer, who may not
 * approve their own proposal; approved, rejected or paid → the reporter alone (a hidden reporter is named to nobody else).
 */
export function bountyRecipients(b: BountyFacts, users: Candidate[]): number[] {
  if (b.status === 'PROPOSED')
    return users
      .filter((u) => u.roles.includes(Role.SUPERVISION_LEADER) && u.id !== b.proposedById)
      .map((u) => u.id);
  return users.some((u) => u.id === b.reporterId) ? [b.reporterId] : [];
}

/** How a reporter is named to the people who are not the reporter: a hidden one is not named at all. */
export const reporterLabel = (hideIdentity: boolean, displayName: string | undefined): string =>
  hideIdentity ? '匿名举报人' : (displayName ?? '举报人');
