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

const NO_SUMMARY_EVIDENCE = '提交整改总结前，请先上传整改后照片或整改资料（方案记录之后上传）';
const NO_SUMMARY_EVIDENCE_EN =
  'upload an "after" photo or a document of the rectification before the summary';

/** A summary's missing "after" evidence (rules/summary-evidence.ts), at the evidence field. */
export const SUMMARY_EVIDENCE_MISSING_PROBLEM: FieldProblem = {
  field: 'evidenceIds',
  messages: [
    '尚无整改后照片或整改资料：请先在“上传证据”中上传（类别选“整改后”或“文件资料”） / No after-photo or document since the plan',
  ],
};

/**
 * The refusal of a summary: `409 SUMMARY_EVIDENCE_MISSING` when the missing "after" evidence is all that is wrong
 * (as it has always answered); with malformed fields or foreign evidence besides, `400 VALIDATION_FAILED` — the
 * answer those have always had — naming every field, the missing evidence in its message too.
 */
export function summaryRefusal(
  problems: FieldProblem[],
  evidenceMissing: boolean,
  onlyMissing: boolean,
): DomainError {
  if (onlyMissing)
    return new DomainError(
      'CONFLICT',
      'SUMMARY_EVIDENCE_MISSING',
      `${NO_SUMMARY_EVIDENCE} / ${NO_SUMMARY_EVIDENCE_EN[0].toUpperCase()}${NO_SUMMARY_EVIDENCE_EN.slice(1)}`,
      problems,
    );
  return validationFailed(
    problems,
    evidenceMissing
      ? `输入有误，请按提示修改；${NO_SUMMARY_EVIDENCE} / Validation failed; ${NO_SUMMARY_EVIDENCE_EN}`
      : undefined,
  );
}
