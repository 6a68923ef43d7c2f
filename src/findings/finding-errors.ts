import { DomainError, type FieldProblem, forbidden, validationFailed } from '../common/errors/domain-error';
import type { Finding } from './entities/finding.entity';
import { FINDING_STATUS_LABEL, HazardLevel } from './finding.enums';
import type { PlanProblem } from './rules/five-implementations';
import type { FindingAction, TransitionOutcome } from './rules/lifecycle';

/**
 * The error for a step the lifecycle rule refused: 403 for a role that may never do it, 409 naming both states
 * otherwise (or the caller's own error for a refused state, when `stateError` is given).
 */
export function refusal(
  outcome: Exclude<TransitionOutcome, { ok: true }>,
  action: FindingAction,
  stateError?: () => DomainError,
): DomainError {
  if (outcome.reason === 'ROLE')
    return forbidden(
      `此操作仅限 ${outcome.allowedRoles.join(', ')} / Only ${outcome.allowedRoles.join(', ')} may do this`,
    );
  if (stateError) return stateError();
  return new DomainError('CONFLICT', 'FINDING_INVALID_TRANSITION', outcome.message, {
    current: outcome.current,
    requested: outcome.requested,
    action,
  });
}

/** 409: the finding's status does not allow `what`. */
export function stateConflict(f: Finding, what: string): DomainError {
  return new DomainError(
    'CONFLICT',
    'FINDING_INVALID_TRANSITION',
    `问题当前为「${FINDING_STATUS_LABEL[f.status]}」(${f.status})，不能${what}`,
    {
      current: f.status,
      requested: null,
    },
  );
}

/**
 * The refusal of a plan: `400 PLAN_INCOMPLETE` naming the missing elements when that is all that is wrong (as it has
 * always answered); with malformed fields or foreign evidence besides, `400 VALIDATION_FAILED` — the answer malformed
 * input has always had — naming every field, the missing elements in its message too.
 */
export function planRefusal(
  level: HazardLevel,
  incomplete: PlanProblem[],
  problems: FieldProblem[],
  onlyIncomplete: boolean,
): DomainError {
  const what = `${level === HazardLevel.MAJOR ? '重大事故隐患治理方案' : '五落实'}不完整，缺少：${[...new Set(incomplete.map((p) => p.element))].join('、')}`;
  if (onlyIncomplete)
    return new DomainError('BAD_REQUEST', 'PLAN_INCOMPLETE', `${what} / The plan is incomplete`, problems);
  return validationFailed(
    problems,
    incomplete.length
      ? `输入有误，请按提示修改；${what} / Validation failed; the plan is incomplete`
      : undefined,
  );
}
