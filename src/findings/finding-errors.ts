import { DomainError, forbidden } from '../common/errors/domain-error';
import type { Finding } from './entities/finding.entity';
import { FINDING_STATUS_LABEL } from './finding.enums';
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
