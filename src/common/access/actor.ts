import { UnitScope } from './unit-scope';
import { ORGANISATION_WIDE_ROLES, Role } from './roles';

/**
 * Who is calling, as every service sees it. `unitScopePath` is set for unit-scoped users (no organisation-wide
 * role): they see and change only units whose materialised path starts with it — applied inside SQL queries.
 */
export interface Actor {
  id: number;
  username: string;
  displayName: string;
  roles: Role[];
  homeUnitId: number | null;
  homeUnitPath: string | null;
  unitScopePath: string | null;
  /**
   * The HTTP request this actor acts in (its X-Request-Id), recorded with every change it makes; absent for the
   * service's own work. Carried here rather than in an AsyncLocalStorage: on Node 20 and 22 an active
   * AsyncLocalStorage costs a hook on every promise (~10 % of the detail's CPU, issue 22).
   */
  requestId?: string;
  /**
   * The service's address as that request reached it (`http://10.0.0.5:3000`; requestOrigin), for links made for
   * this caller: printouts' QR codes, posters (linkBaseFor). Never for messages to other people (notifications):
   * the request's Host header must not choose where their links lead.
   */
  origin?: string;
}

export const isOrganisationWide = (roles: readonly Role[]) =>
  roles.some((r) => ORGANISATION_WIDE_ROLES.includes(r));

export const hasRole = (actor: Actor, ...roles: Role[]) => actor.roles.some((r) => roles.includes(r));

/** Whether a unit (by its path) is inside the actor's scope (the rule itself: unit-scope.ts). */
export const canSeeUnitPath = (actor: Actor, unitPath: string) => UnitScope.of(actor).includesPath(unitPath);

/** The actor for work the service does by itself (first-start admin, scheduled jobs, demo data). */
export const SYSTEM_ACTOR: Actor = {
  id: 0,
  username: 'system',
  displayName: '系统',
  roles: [Role.ADMIN],
  homeUnitId: 0,
  homeUnitPath: '/',
  unitScopePath: null,
};
