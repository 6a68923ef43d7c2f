import { Role } from '../../common/access/roles';
import { FINDING_STATUS_LABEL, FindingStatus } from '../finding.enums';
import { OPEN_STATUSES } from './open-and-overdue';

/**
 * The finding lifecycle of DOMAIN.md §3 as data: each action, the states it starts from, where it leads, and who
 * may take it. Services ask `transition()` and persist the result; nothing else decides a state change.
 */
export type FindingAction =
  | 'RECORD_PLAN' // 五落实: ASSIGNED → RECTIFYING (or the plan is revised while RECTIFYING)
  | 'CONFIRM_PLAN' // 单位负责人确认 a MAJOR finding's plan recorded by an officer: ASSIGNED → RECTIFYING
  | 'SUBMIT_SUMMARY' // 整改总结, ask for verification: RECTIFYING → PENDING_VERIFICATION
  | 'VERIFY_PASS' // 复查通过 (again from VERIFIED: a new verification, e.g. with the evidence an earlier one lacked)
  | 'VERIFY_FAIL' // 复查不通过: back to RECTIFYING
  | 'CLOSE' // 销号, through the 五个不放过 gate
  | 'CANCEL' // 作废
  | 'WITHDRAW_SELF_CHECK'; // a weekly report's correction drops a self-check item nobody has started on

const UNIT = [Role.UNIT_OFFICER, Role.UNIT_HEAD];
const SUPERVISION = [Role.SUPERVISOR, Role.SUPERVISION_LEADER];
const OPEN: FindingStatus[] = [...OPEN_STATUSES];

export const TRANSITIONS: Record<
  FindingAction,
  { from: FindingStatus[]; to: FindingStatus | 'SAME'; roles: Role[] }
> = {
  RECORD_PLAN: {
    from: [FindingStatus.ASSIGNED, FindingStatus.RECTIFYING],
    to: FindingStatus.RECTIFYING,
    roles: UNIT,
  },
  CONFIRM_PLAN: {
    from: [FindingStatus.ASSIGNED, FindingStatus.RECTIFYING],
    to: FindingStatus.RECTIFYING,
    roles: [Role.UNIT_HEAD],
  },
  SUBMIT_SUMMARY: { from: [FindingStatus.RECTIFYING], to: FindingStatus.PENDING_VERIFICATION, roles: UNIT },
  VERIFY_PASS: {
    from: [FindingStatus.PENDING_VERIFICATION, FindingStatus.VERIFIED],
    to: FindingStatus.VERIFIED,
    roles: SUPERVISION,
  },
  VERIFY_FAIL: {
    from: [FindingStatus.PENDING_VERIFICATION],
    to: FindingStatus.RECTIFYING,
    roles: SUPERVISION,
  },
  CLOSE: { from: [FindingStatus.VERIFIED], to: FindingStatus.CLOSED, roles: SUPERVISION },
  CANCEL: { from: OPEN, to: FindingStatus.CANCELLED, roles: [Role.SAFETY_OFFICE] },
  WITHDRAW_SELF_CHECK: { from: [FindingStatus.ASSIGNED], to: FindingStatus.CANCELLED, roles: UNIT },
};

export type TransitionOutcome =
  | { ok: true; to: FindingStatus }
  | { ok: false; reason: 'ROLE'; allowedRoles: Role[] }
  | { ok: false; reason: 'STATE'; current: FindingStatus; requested: FindingStatus; message: string };

/** Whether any of these roles may ever take the action (the role half of `transition`, before loading a finding). */
export const mayTake = (action: FindingAction, roles: readonly Role[]): boolean =>
  roles.some((r) => TRANSITIONS[action].roles.includes(r));

export function transition(
  current: FindingStatus,
  action: FindingAction,
  roles: readonly Role[],
): TransitionOutcome {
  const rule = TRANSITIONS[action];
  const to = rule.to === 'SAME' ? current : rule.to;
  if (!mayTake(action, roles)) return { ok: false, reason: 'ROLE', allowedRoles: rule.roles };
  if (!rule.from.includes(current)) {
    return {
      ok: false,
      reason: 'STATE',
      current,
      requested: to,
      message: `问题当前为「${FINDING_STATUS_LABEL[current]}」(${current})，不能转为「${FINDING_STATUS_LABEL[to]}」(${to}) / Cannot go from ${current} to ${to}`,
    };
  }
  return { ok: true, to };
}

/** Open statuses are defined once, in open-and-overdue.ts. */
export { isOpen } from './open-and-overdue';
