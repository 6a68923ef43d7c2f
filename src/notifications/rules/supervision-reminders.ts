import type { IsoDate } from '../../common/time/business-date';
import { stepsDue, type LadderStep } from './ladder';

/**
 * 挂牌督办 reminders (issue 21): the 督办期限 ladder — seven days and one day before it to the unit's officers and
 * heads, the day after it to them and to the listing authority (the safety office) — and, while an acceptance
 * request waits, the day after its due date to whoever accepts (the safety office and the round's group leaders).
 */
export const SUPERVISION_DEADLINE_LADDER: LadderStep[] = [
  { offsetDays: -7, audiences: ['unit', 'head'] },
  { offsetDays: -1, audiences: ['unit', 'head'] },
  { offsetDays: 1, audiences: ['unit', 'head', 'office'] },
];
export const ACCEPTANCE_OVERDUE_LADDER: LadderStep[] = [{ offsetDays: 1, audiences: ['office', 'group'] }];

export type SupervisionReminderKind = 'DEADLINE' | 'ACCEPTANCE';

/** What a reminder ladder of a listing runs on: its open state, 督办期限 and the pending acceptance's due date. */
export interface ListingForReminders {
  status: string;
  deadline: IsoDate;
  acceptanceDueOn: IsoDate | null;
}

export interface SupervisionReminder {
  kind: SupervisionReminderKind;
  /** The date the ladder counts from (the 督办期限 or the acceptance due date): a new date is a new ladder. */
  dueDate: IsoDate;
  send: LadderStep;
  coalesced: LadderStep[];
}

/**
 * The reminders one listing gets today: a delisted listing none; the deadline ladder while it is open; the
 * acceptance-overdue step while its acceptance request waits. `reached` holds the offsets already recorded per
 * `${kind}:${dueDate}` (an extension moves the deadline, so its ladder starts afresh). Steps due together are
 * coalesced as in the findings' ladder: only the latest is sent, to everyone the skipped ones would have reached.
 */
export function supervisionRemindersDue(
  l: ListingForReminders,
  today: IsoDate,
  reached: ReadonlyMap<string, ReadonlySet<number>>,
): SupervisionReminder[] {
  if (l.status === 'DELISTED') return [];
  const out: SupervisionReminder[] = [];
  const ladders: [SupervisionReminderKind, IsoDate | null, LadderStep[]][] = [
    ['DEADLINE', l.deadline, SUPERVISION_DEADLINE_LADDER],
    ['ACCEPTANCE', l.status === 'ACCEPTANCE_REQUESTED' ? l.acceptanceDueOn : null, ACCEPTANCE_OVERDUE_LADDER],
  ];
  for (const [kind, dueDate, ladder] of ladders) {
    if (!dueDate) continue;
    const { send, coalesced } = stepsDue(
      ladder,
      dueDate,
      today,
      reached.get(`${kind}:${dueDate}`) ?? new Set(),
    );
    if (send) out.push({ kind, dueDate, send, coalesced });
  }
  return out;
}
