/**
 * The 举一反三 assessment rule (DOMAIN.md §5, seeds/004:257): problems a unit finds itself are not assessed; a
 * similar problem the company (or the audit team) finds in a unit that was required to sweep for it is assessed —
 * unless the unit had already reported it itself.
 */
export interface CompanyFoundSimilarFacts {
  /** Source of the finding the company made in the unit. */
  source: 'AUDIT_TEAM' | 'COMPANY_CHECK' | 'SELF_CHECK' | 'HAZARD_REPORT';
  /** An active reporting obligation covered the unit for the campaign of the finding it is similar to, on the day found. */
  unitWasRequiredToSweep: boolean;
  /** A SELF_CHECK finding of the unit, linked as similar, existed before the company's finding. */
  alreadySelfReported: boolean;
}

export const isCompanyFoundSimilarAssessable = (f: CompanyFoundSimilarFacts): boolean =>
  (f.source === 'COMPANY_CHECK' || f.source === 'AUDIT_TEAM') &&
  f.unitWasRequiredToSweep &&
  !f.alreadySelfReported;

/**
 * Status of a week's report from its deadline and when it was handed in. The due instant is the first moment that
 * is too late: with the default "24:00", Thursday 23:59:59 is on time and Friday 00:00 is late.
 */
export function reportTiming(dueAt: Date, submittedAt: Date): 'ON_TIME' | 'LATE' {
  return submittedAt.getTime() < dueAt.getTime() ? 'ON_TIME' : 'LATE';
}
