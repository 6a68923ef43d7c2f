import type { FieldProblem } from '../../common/errors/domain-error';
import { addDays, type IsoDate } from '../../common/time/business-date';
import { FindingSource } from '../finding.enums';

/**
 * Lateness and its assessment (DOMAIN.md §3, seeds/004:257):
 * - a finding is late against a deadline once the end of that day (business zone) passed with the unit still owing
 *   (the overdue rule, open-and-overdue.ts); the lateness for one deadline is assessed once — OVERDUE when the
 *   deadline passes with nothing handed in, or LATE_RECTIFICATION when a late summary comes first;
 * - self-found problems (SELF_CHECK) are never assessed automatically: their lateness stays visible in lists and
 *   statistics, and the safety office may assess one by hand with a reason;
 * - extensions are requested before the deadline passes; an in-time request still waiting holds the assessment
 *   until it is decided (approved: the new deadline counts; rejected: the lateness is assessed).
 */
export const lateAssessedAutomatically = (f: { source: FindingSource }): boolean =>
  f.source !== FindingSource.SELF_CHECK;

/** The first day a finding is overdue: the day after its deadline (the date its OVERDUE assessment carries). */
export const overdueSince = (deadline: IsoDate): IsoDate => addDays(deadline, 1);

/** Whether an extension may still be requested today: only while the deadline's day has not ended. */
export const mayRequestExtension = (deadline: IsoDate, today: IsoDate): boolean => today <= deadline;

/** The extension form's fields, in its order (the order its problems are named in). */
export const EXTENSION_FIELDS = ['requestedDeadline', 'reason'];

/**
 * What is wrong with an extension request against the finding's deadline: the requested deadline must be later than
 * the current one. `requested` absent (missing or malformed: the DTO's check names it) is not judged.
 */
export function extensionProblems(requested: IsoDate | undefined, deadline: IsoDate): FieldProblem[] {
  if (requested === undefined || requested > deadline) return [];
  return [
    {
      field: 'requestedDeadline',
      messages: [`延期后的时限须晚于现时限 ${deadline} / Must be after the current deadline`],
    },
  ];
}
