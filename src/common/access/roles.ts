/** The roles of DOMAIN.md §7. */
export enum Role {
  SAFETY_OFFICE = 'SAFETY_OFFICE',
  SUPERVISOR = 'SUPERVISOR',
  SUPERVISION_LEADER = 'SUPERVISION_LEADER',
  UNIT_OFFICER = 'UNIT_OFFICER',
  UNIT_HEAD = 'UNIT_HEAD',
  REPORTER = 'REPORTER',
  VIEWER = 'VIEWER',
  ADMIN = 'ADMIN',
}
export const ALL_ROLES = Object.values(Role);

/** Roles that work across the whole organisation; a user with any of them is not limited to a unit subtree. */
export const ORGANISATION_WIDE_ROLES: readonly Role[] = [
  Role.SAFETY_OFFICE,
  Role.SUPERVISOR,
  Role.SUPERVISION_LEADER,
  Role.VIEWER,
  Role.ADMIN,
];
/** Roles whose work is limited to the home unit's subtree. */
export const UNIT_ROLES: readonly Role[] = [Role.UNIT_OFFICER, Role.UNIT_HEAD];
export const SUPERVISION_ROLES: readonly Role[] = [Role.SUPERVISOR, Role.SUPERVISION_LEADER];
