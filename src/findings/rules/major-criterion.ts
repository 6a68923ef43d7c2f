import type { FieldProblem } from '../../common/errors/domain-error';
import { HazardLevel } from '../finding.enums';

/**
 * 判定依据 (issue 21): a finding that cites a clause of a 重大事故隐患判定标准 is a 重大隐患 by that clause, whatever
 * level was chosen — citing the clause forces MAJOR (and with it the MAJOR duties: a responsible leader, the
 * 治理方案, the leaders' close-out). A cited clause must exist and not be retired.
 */
export const levelForCriterion = (level: HazardLevel, citesCriterion: boolean): HazardLevel =>
  citesCriterion ? HazardLevel.MAJOR : level;

export function criterionProblems(
  criterionId: number | undefined | null,
  criterion: { retired: boolean } | null,
): FieldProblem[] {
  if (criterionId === undefined || criterionId === null) return [];
  if (!criterion) return [{ field: 'majorCriterionId', messages: ['判定依据不存在 / No such clause'] }];
  if (criterion.retired)
    return [{ field: 'majorCriterionId', messages: ['该判定依据已废止 / The clause is retired'] }];
  return [];
}
