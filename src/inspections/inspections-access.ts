import { type Actor, hasRole } from '../common/access/actor';
import { FINDING_READERS } from '../common/access/reader-roles';
import { Role, UNIT_ROLES } from '../common/access/roles';
import { UnitScope } from '../common/access/unit-scope';
import { forbidden, notFound } from '../common/errors/domain-error';
import { INSPECTION_LEVELS, InspectionLevel } from './inspection.enums';

/** Who reads the register and the inspections: everyone who reads findings (unit roles their subtree). */
export const INSPECTION_READERS = FINDING_READERS;
/** Who registers and edits sources and does inspections: the safety office, and unit people in their subtree. */
export const SOURCE_MANAGERS: Role[] = [Role.SAFETY_OFFICE, ...UNIT_ROLES];

/** A record of a unit the actor may not see does not exist for them (404, as findings). */
export function assertVisible(actor: Actor, unitPath: string, what: string, id: number): void {
  if (!UnitScope.of(actor).includesPath(unitPath)) throw notFound(what, id);
}

/** Manage a unit's sources: the safety office anywhere; unit people within their subtree. */
export function assertManages(actor: Actor, unitPath: string): void {
  if (hasRole(actor, Role.SAFETY_OFFICE)) return;
  if (hasRole(actor, ...UNIT_ROLES) && UnitScope.of(actor).includesPath(unitPath)) return;
  throw forbidden('只有本单位（及上级单位）人员或安全环保部可以管理该重要危险源 / Not your unit');
}

/** The levels an actor inspects at: the company's by the safety office; the unit levels by the unit's people. */
export function levelsInspectedBy(actor: Actor): InspectionLevel[] {
  if (hasRole(actor, Role.SAFETY_OFFICE)) return INSPECTION_LEVELS;
  if (hasRole(actor, ...UNIT_ROLES)) return INSPECTION_LEVELS.filter((l) => l !== InspectionLevel.COMPANY);
  return [];
}

/** Do an inspection: the level must be one the actor inspects at, and the unit in their scope. */
export function assertInspects(actor: Actor, level: InspectionLevel, unitPath: string): void {
  if (!levelsInspectedBy(actor).includes(level))
    throw forbidden(
      level === InspectionLevel.COMPANY
        ? '公司级检查由安全环保部进行 / Company inspections are the safety office’s'
        : '只有本单位人员可以进行本单位的检查 / Only the unit’s people inspect',
    );
  if (!UnitScope.of(actor).includesPath(unitPath)) throw forbidden('不在你的管辖范围内 / Not your unit');
}
