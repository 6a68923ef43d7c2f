import { Role, SUPERVISION_ROLES, UNIT_ROLES } from '../../common/access/roles';
import { FindingStatus, HazardLevel } from '../finding.enums';
import { FindingAction, TRANSITIONS } from './lifecycle';
import { isOpen, UNIT_OWES_STATUSES } from './open-and-overdue';

/** What a user may do with one finding, as the finding page offers it (one form each). */
export type FindingActionName =
  | 'plan' // 五落实 plan (recorded or revised)
  | 'confirm' // the unit head confirms a MAJOR finding's plan
  | 'progress' // 整改进展
  | 'evidence' // upload evidence
  | 'extension' // ask for a later deadline
  | 'decideExtension' // approve or reject a pending extension request
  | 'summary' // 整改总结, asks for verification
  | 'verification' // 复查
  | 'sweep' // 举一反三 sweep
  | 'similar' // link similar findings
  | 'recurrence' // link as a recurrence (复发) of a closed finding
  | 'mechanism' // 长效机制
  | 'accountability' // 责任追究
  | 'satisfaction' // 员工和群众满意确认
  | 'closeout' // 销号
  | 'cancel'; // 作废

export type AllowedFindingActions = Record<FindingActionName, boolean>;

const UNIT = UNIT_ROLES as Role[];
const SUPERVISION = SUPERVISION_ROLES as Role[];
const RECORDERS = [Role.SAFETY_OFFICE, ...SUPERVISION, ...UNIT];
const LINKERS = [Role.SAFETY_OFFICE, ...SUPERVISION];
/** The satisfaction result is recorded by the supervision group or the safety office, never by the unit itself. */
const CERTIFIERS = [Role.SAFETY_OFFICE, ...SUPERVISION];

/**
 * Who may take each action at all (the routes' roles, in the order they declare them). The lifecycle steps take
 * theirs from the lifecycle rule.
 */
export const FINDING_ACTION_ROLES: Record<FindingActionName, readonly Role[]> = {
  plan: TRANSITIONS.RECORD_PLAN.roles,
  confirm: [Role.UNIT_HEAD],
  progress: UNIT,
  evidence: [...UNIT, Role.SAFETY_OFFICE, ...SUPERVISION],
  extension: UNIT,
  decideExtension: [Role.SAFETY_OFFICE, Role.SUPERVISION_LEADER],
  summary: TRANSITIONS.SUBMIT_SUMMARY.roles,
  verification: TRANSITIONS.VERIFY_PASS.roles,
  sweep: RECORDERS,
  similar: LINKERS,
  recurrence: LINKERS,
  mechanism: RECORDERS,
  accountability: SUPERVISION,
  satisfaction: CERTIFIERS,
  closeout: TRANSITIONS.CLOSE.roles,
  cancel: TRANSITIONS.CANCEL.roles,
};

export interface FindingActionFacts {
  status: FindingStatus;
  level: HazardLevel;
  roles: readonly Role[];
  /** The latest plan exists and waits for the unit head's confirmation. */
  planAwaitingConfirmation: boolean;
  /** The finding is already linked as a recurrence of an earlier one. */
  isRecurrence: boolean;
  /** Overdue now (rules/open-and-overdue.ts): too late to ask for an extension (rules/lateness.ts). */
  overdue?: boolean;
  /**
   * Where the user stands for this finding beyond the role (closeout/supervision-standing.service.ts): a member of
   * its supervision group, in a 组长/副组长 position there, and from outside the responsible 二级单位.
   */
  standing: { groupMember: boolean; groupLeader: boolean; independent: boolean };
}

/**
 * Which actions the user may take on the finding now — the same roles and states the services enforce: lifecycle
 * steps by the lifecycle rule; the unit's own work while it still owes the rectification; evidence and the
 * 五个不放过 records while the finding is open; verification and close-out only for a member of the finding's
 * supervision group from outside the responsible 二级单位, a MAJOR close-out only for its 组长/副组长. (Some checks
 * stay with the service: e.g. a MAJOR finding's extension is decided by a supervision-group leader.)
 */
export function allowedFindingActions(f: FindingActionFacts): AllowedFindingActions {
  const may = (action: FindingActionName) => f.roles.some((r) => FINDING_ACTION_ROLES[action].includes(r));
  const step = (action: FindingActionName, lifecycle: FindingAction) =>
    may(action) && TRANSITIONS[lifecycle].from.includes(f.status);
  const open = isOpen(f.status);
  const unitOwes = UNIT_OWES_STATUSES.includes(f.status);
  return {
    plan: step('plan', 'RECORD_PLAN'),
    confirm: may('confirm') && unitOwes && f.level === HazardLevel.MAJOR && f.planAwaitingConfirmation,
    progress: may('progress') && unitOwes,
    evidence: may('evidence') && open,
    extension: may('extension') && unitOwes && !f.overdue,
    decideExtension: may('decideExtension'),
    summary: step('summary', 'SUBMIT_SUMMARY'),
    verification: step('verification', 'VERIFY_PASS') && f.standing.groupMember && f.standing.independent,
    sweep: may('sweep') && open,
    similar: may('similar') && open,
    recurrence: may('recurrence') && open && !f.isRecurrence,
    mechanism: may('mechanism') && open,
    accountability: may('accountability') && open,
    satisfaction: may('satisfaction') && open,
    closeout:
      step('closeout', 'CLOSE') &&
      f.standing.groupMember &&
      (f.level !== HazardLevel.MAJOR || f.standing.groupLeader),
    cancel: step('cancel', 'CANCEL'),
  };
}

/**
 * Why a user whose role closes findings is not offered 销号 for a VERIFIED finding, in Chinese — said on the page
 * instead of leaving them with "督导组可以销号" and no form: not a member of the finding's supervision group, or a plain
 * member before a MAJOR finding (its 组长/副组长 closes it). Null when the form is offered or the reason is another.
 */
export function closeoutWithheldReason(f: FindingActionFacts): string | null {
  const mayClose = f.roles.some((r) => FINDING_ACTION_ROLES.closeout.includes(r));
  if (!mayClose || f.status !== FindingStatus.VERIFIED) return null;
  if (!f.standing.groupMember) return '只有本问题所属督导组的成员可以销号。';
  if (f.level === HazardLevel.MAJOR && !f.standing.groupLeader)
    return '重大隐患须由督导组组长或副组长销号，请提请组长或副组长办理。';
  return null;
}
