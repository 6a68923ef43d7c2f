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

/** A unit as the typed-search fields offer it: its names from the top of what the actor sees, e.g. "热电分厂 · 石灰工区". */
export interface UnitChoice {
  id: number;
  name: string;
  label: string;
}

/** The units the actor may choose from, each labelled with its visible ancestors (for a <datalist>). */
export async function unitChoices(units: UnitsService, actor: Actor): Promise<UnitChoice[]> {
  const { items } = await units.list(actor, { limit: 1000 });
  const names = new Map(items.map((u) => [u.id, u.name]));
  return items.map((u) => ({
    id: u.id,
    name: u.name,
    label: u.path
      .split('/')
      .filter(Boolean)
      .map((id) => names.get(Number(id)))
      .filter(Boolean)
      .join(' · '),
  }));
}

/**
 * The unit typed into a search field: its full label as offered, else the one unit of that name, else the one unit
 * whose label contains the text. A refusal names `field` (none found, or several: choose from the list).
 */
export function matchUnit(choices: UnitChoice[], typed: string | undefined, field: string): UnitChoice {
  const t = (typed ?? '').trim().replace(/\s+/g, ' ');
  const refuse = (message: string) =>
    new DomainError('BAD_REQUEST', 'VALIDATION_FAILED', '输入有误，请按提示修改', [
      { field, messages: [message] },
    ]);
  if (!t) throw refuse('请选择隐患所在单位');
  const norm = (s: string) => s.replace(/\s+/g, '');
  for (const candidates of [
    choices.filter((c) => norm(c.label) === norm(t)),
    choices.filter((c) => c.name === t),
    choices.filter((c) => norm(c.label).includes(norm(t))),
  ]) {
    if (candidates.length === 1) return candidates[0];
    if (candidates.length > 1) throw refuse(`有 ${candidates.length} 个单位与“${t}”相符，请从列表中选择一个`);
  }
  throw refuse(`找不到单位“${t}”，请输入单位名称后从列表中选择`);
}
