import { Role } from '../../common/access/roles';
import { daysBetween } from '../../common/time/business-date';
import { conflict, DomainError, forbidden } from '../../common/errors/domain-error';
import { ListingStatus, LISTING_STATUS_LABEL } from '../supervision.enums';

/**
 * 挂牌督办 rules (issue 21): who may take which step of a listing, and in which state. Plain functions, used by the
 * service, the detail view (which forms a user sees) and the pages.
 *
 * - the **listing authority** (SAFETY_OFFICE, or a SUPERVISION_LEADER) lists, serves the notice, decides extensions
 *   and delists;
 * - the **unit** (UNIT_OFFICER / UNIT_HEAD of the finding's unit subtree — the scope is checked by the query) signs,
 *   asks for an extension and applies for acceptance;
 * - the **group** (SAFETY_OFFICE, SUPERVISOR, SUPERVISION_LEADER) accepts on site.
 */
export type ListingAction =
  'serve' | 'sign' | 'requestExtension' | 'decideExtension' | 'requestAcceptance' | 'accept' | 'delist';

export const LISTING_AUTHORITY: readonly Role[] = [Role.SAFETY_OFFICE, Role.SUPERVISION_LEADER];
export const LISTING_UNIT: readonly Role[] = [Role.UNIT_OFFICER, Role.UNIT_HEAD];
export const ACCEPTING_GROUP: readonly Role[] = [
  Role.SAFETY_OFFICE,
  Role.SUPERVISOR,
  Role.SUPERVISION_LEADER,
];

const WHO: Record<ListingAction, readonly Role[]> = {
  serve: LISTING_AUTHORITY,
  sign: LISTING_UNIT,
  requestExtension: LISTING_UNIT,
  decideExtension: LISTING_AUTHORITY,
  requestAcceptance: LISTING_UNIT,
  accept: ACCEPTING_GROUP,
  delist: LISTING_AUTHORITY,
};

const WHEN: Record<ListingAction, readonly ListingStatus[]> = {
  serve: [ListingStatus.LISTED],
  sign: [ListingStatus.SERVED],
  requestExtension: [ListingStatus.SERVED, ListingStatus.SIGNED],
  decideExtension: [ListingStatus.LISTED, ListingStatus.SERVED, ListingStatus.SIGNED],
  requestAcceptance: [ListingStatus.SIGNED],
  accept: [ListingStatus.ACCEPTANCE_REQUESTED],
  delist: [ListingStatus.ACCEPTED],
};

const ACTION_LABEL: Record<ListingAction, string> = {
  serve: '送达督办通知书',
  sign: '签收',
  requestExtension: '申请延期',
  decideExtension: '审批延期',
  requestAcceptance: '申请验收',
  accept: '现场验收',
  delist: '摘牌',
};

/** The states a listing still waits on the unit's rectification in (the deadline runs). */
export const DEADLINE_RUNNING: readonly ListingStatus[] = [
  ListingStatus.LISTED,
  ListingStatus.SERVED,
  ListingStatus.SIGNED,
];

export interface ListingFacts {
  status: ListingStatus;
  /** Whether an extension request waits for its decision. */
  pendingExtension: boolean;
  /** The finding's status (delisting needs CLOSED: the finding passed its close-out gate). */
  findingStatus: string;
}

const hasAny = (roles: readonly Role[], allowed: readonly Role[]) => roles.some((r) => allowed.includes(r));

/** Whether the roles may list a finding (挂牌) at all. */
export const mayList = (roles: readonly Role[]) => hasAny(roles, LISTING_AUTHORITY);

/** Refuses a listing the finding does not qualify for: only an open MAJOR finding is listed. */
export function listingProblem(finding: { level: string; status: string }): DomainError | null {
  if (finding.level !== 'MAJOR')
    return conflict('LISTING_NOT_MAJOR', '只有重大隐患才能挂牌督办 / Only a MAJOR finding can be listed', {
      level: finding.level,
    });
  if (finding.status === 'CLOSED' || finding.status === 'CANCELLED')
    return conflict(
      'LISTING_FINDING_NOT_OPEN',
      '问题已销号或作废，不能挂牌督办 / The finding is closed or cancelled',
      { findingStatus: finding.status },
    );
  return null;
}

/** Whether the step is possible in the listing's state (the role aside). Returns the refusal, or null. */
export function stateProblem(action: ListingAction, facts: ListingFacts): DomainError | null {
  if (!WHEN[action].includes(facts.status))
    return conflict(
      'LISTING_INVALID_TRANSITION',
      `督办处于“${LISTING_STATUS_LABEL[facts.status]}”，不能${ACTION_LABEL[action]} / Not possible in state ${facts.status}`,
      { status: facts.status, action },
    );
  if (action === 'requestExtension' && facts.pendingExtension)
    return conflict(
      'LISTING_EXTENSION_PENDING',
      '已有延期申请待审批 / An extension request is already waiting for its decision',
    );
  if (action === 'decideExtension' && !facts.pendingExtension)
    return conflict('LISTING_NO_PENDING_EXTENSION', '没有待审批的延期申请 / No extension request is waiting');
  if (action === 'delist' && facts.findingStatus !== 'CLOSED')
    return conflict(
      'LISTING_FINDING_NOT_CLOSED',
      '问题尚未通过销号把关，不能摘牌 / The finding has not passed its close-out gate',
      { findingStatus: facts.findingStatus },
    );
  return null;
}

/** Refuses the step (403 for a role that may never take it, 409 for the wrong state); returns nothing when allowed. */
export function assertListingAction(
  action: ListingAction,
  roles: readonly Role[],
  facts: ListingFacts,
): void {
  if (!hasAny(roles, WHO[action]))
    throw forbidden(`无权${ACTION_LABEL[action]} / You may not take this step (${action})`);
  const problem = stateProblem(action, facts);
  if (problem) throw problem;
}

/** The steps the roles may take now (what the detail page offers as forms). */
export const allowedListingActions = (roles: readonly Role[], facts: ListingFacts): ListingAction[] =>
  (Object.keys(WHO) as ListingAction[]).filter(
    (a) => hasAny(roles, WHO[a]) && stateProblem(a, facts) === null,
  );

/** 督办超期: the deadline's day has passed while the unit still owes the rectification. */
export const isListingOverdue = (l: { status: ListingStatus; deadline: string }, today: string) =>
  DEADLINE_RUNNING.includes(l.status) && today > l.deadline;

/**
 * How many days a listing is 督办超期 (逾期): from the end of its deadline's day to today, in calendar days — 0 when it
 * is not overdue by isListingOverdue (a listing awaiting or past acceptance, or delisted, never is).
 */
export const listingDaysOverdue = (l: { status: ListingStatus; deadline: string }, today: string): number =>
  isListingOverdue(l, today) ? daysBetween(l.deadline, today) : 0;

/** 验收超期: the group did not accept on site within the set number of days of the application. */
export const isAcceptanceOverdue = (
  l: { status: ListingStatus; acceptanceDueOn: string | null },
  today: string,
) =>
  l.status === ListingStatus.ACCEPTANCE_REQUESTED && l.acceptanceDueOn !== null && today > l.acceptanceDueOn;

/** An extension is asked before the current deadline's day has ended: afterwards it is refused with this. */
export const extensionTooLate = (currentDeadline: string, today: string): DomainError | null =>
  today > currentDeadline
    ? conflict(
        'LISTING_EXTENSION_AFTER_DEADLINE',
        `督办期限 ${currentDeadline} 已过，不能再申请延期 / The supervision deadline has passed`,
        { deadline: currentDeadline },
      )
    : null;

/** An extension must move the deadline later and be asked before the current deadline's day has ended. */
export function extensionProblem(
  currentDeadline: string,
  requestedDeadline: string,
  today: string,
): DomainError | null {
  const late = extensionTooLate(currentDeadline, today);
  if (late) return late;
  if (requestedDeadline <= currentDeadline)
    return new DomainError('BAD_REQUEST', 'VALIDATION_FAILED', '输入有误，请按提示修改 / Validation failed', [
      {
        field: 'requestedDeadline',
        messages: [`延期后的期限须晚于当前期限 ${currentDeadline} / Must be after the current deadline`],
      },
    ]);
  return null;
}

/** 文号: 重大隐患督〔2023〕7号 — the year's counter value, never reused. */
export const docNumber = (year: number, n: number) => `重大隐患督〔${year}〕${n}号`;
