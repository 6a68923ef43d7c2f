import { Actor } from '../common/access/actor';
import { DomainError } from '../common/errors/domain-error';
import { ListFindingsQuery } from '../findings/finding.dto';
import { FindingsService } from '../findings/findings.service';
import { UnitsService } from '../org/units.service';
import { ListUsersQuery } from '../users/user.dto';
import { UsersService } from '../users/users.service';

/**
 * Lookups the forms share: people type a finding's code (XCL-2023-AQ-0007), not its id, and choose units from
 * the directory as the API shows it to them.
 */

/** A finding's id from its code, within what the actor may see; a refusal names `field` when there is none. */
export async function findingIdByCode(
  findings: FindingsService,
  actor: Actor,
  code: string,
  field: string,
): Promise<number> {
  if (/^\d+$/.test(code)) return Number(code);
  const found = await findings.list(actor, Object.assign(new ListFindingsQuery(), { q: code, limit: 20 }));
  const hit = found.items.find((f) => f.code === code);
  if (!hit)
    throw new DomainError('BAD_REQUEST', 'VALIDATION_FAILED', '输入有误，请按提示修改', [
      { field, messages: [`找不到编号为 ${code} 的问题`] },
    ]);
  return hit.id;
}

/** The units the actor may choose from, in tree order with their depth (for indenting the options). */
export async function unitOptions(units: UnitsService, actor: Actor) {
  const { items } = await units.list(actor, { limit: 1000 });
  return items.map((u) => ({
    id: u.id,
    name: u.name,
    depth: Math.max(0, u.path.split('/').filter(Boolean).length - 1),
  }));
}

/**
 * The person picker's choices (a datalist on the responsible/accountable person fields): the active users the actor
 * may see, by name with their unit; `first` (e.g. the earlier finding's persons still to be covered) come first. A
 * person who is not a user can still be typed; the close-out gate matches such names without units and titles.
 */
export async function personOptions(
  users: UsersService,
  units: UnitsService,
  actor: Actor,
  first: string[] = [],
): Promise<{ value: string; label: string }[]> {
  const { items } = await users.list(
    actor,
    Object.assign(new ListUsersQuery(), { active: true, limit: 500 }),
  );
  const homeUnits = await units.findByIds(items.flatMap((u) => (u.homeUnitId ? [u.homeUnitId] : [])));
  const unitNames = new Map(homeUnits.map((u) => [u.id, u.name]));
  const seen = new Set<string>();
  return [
    ...first.map((name) => ({ value: name, label: '原问题责任人，尚未追责' })),
    ...items.map((u) => ({
      value: u.displayName,
      label: u.homeUnitId ? (unitNames.get(u.homeUnitId) ?? '') : '',
    })),
  ].filter((o) => !seen.has(o.value) && !!seen.add(o.value));
}
