import { ALL_ROLES, Role } from './roles';

/** Everyone who works on or reads findings; reporters only see their own hazard reports. */
export const FINDING_READERS = ALL_ROLES.filter((r) => r !== Role.REPORTER);
