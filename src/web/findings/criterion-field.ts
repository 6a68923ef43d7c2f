import type { MajorHazardCriteriaRepository } from '../../findings/major-hazard-criteria.repository';

/**
 * The new-finding form's 判定依据 (issue 21): the user types keywords into a field whose suggestions are the clauses
 * (value = the clause's code); the code becomes the DTO's majorCriterionId. An unknown code is passed on as an
 * invalid id so the form shows the error next to the field.
 */
export async function criterionField(
  criteria: MajorHazardCriteriaRepository,
  value: unknown,
): Promise<{ majorCriterionId?: number | string }> {
  const code = typeof value === 'string' ? value.trim().split(/\s+/)[0] : '';
  if (!code) return {};
  const c = await criteria.findByCode(code);
  return { majorCriterionId: c ? c.id : `未知的判定依据：${code}` };
}
