import { UnitScope } from '../../common/access/unit-scope';
import { ORGANISATION_WIDE_ROLES, Role } from '../../common/access/roles';
import type { Audience } from './ladder';

export interface Candidate {
  id: number;
  displayName: string;
  roles: Role[];
  homeUnitPath: string | null;
}

/** What the recipients of a finding's notification are chosen by. */
export interface FindingPlace {
  /** The responsible unit's materialised path. */
  unitPath: string;
  /** The 二级单位's path (null when the unit is a company or directly under one). */
  secondLevelPath: string | null;
  /** 责任人 (a name). */
  responsiblePerson: string;
  /** Users leading the round's supervision group. */
  groupLeaderIds: number[];
}

const sees = (u: Candidate, unitPath: string) =>
  UnitScope.ofHome(
    u.roles.some((r) => ORGANISATION_WIDE_ROLES.includes(r)),
    u.homeUnitPath,
  ).includesPath(unitPath);

/**
 * The users an audience of a finding reaches, always within their UnitScope: unit = the unit officers whose subtree
 * holds the unit and the responsible person (a unit user of that name); head = the unit heads over it; leader2 = the
 * heads of the 二级单位 itself; office = the safety office; group = the round's supervision group leaders.
 */
export function recipientsOf(audiences: Audience[], place: FindingPlace, users: Candidate[]): number[] {
  const ids = new Set<number>();
  for (const u of users) {
    if (!sees(u, place.unitPath)) continue;
    const has = (r: Role) => u.roles.includes(r);
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
      (audiences.includes('group') && place.groupLeaderIds.includes(u.id));
    if (pick) ids.add(u.id);
  }
  return [...ids];
}
