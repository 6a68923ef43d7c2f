import { Actor } from '../common/access/actor';
import { DomainError } from '../common/errors/domain-error';
import { ListFindingsQuery } from '../findings/finding.dto';
import { FindingsService } from '../findings/findings.service';
import { UnitsService } from '../org/units.service';

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
