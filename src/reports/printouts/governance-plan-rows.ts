import { HazardLevel } from '../../findings/finding.enums';

/** The plan fields the 治理方案 parts are printed from (a RectificationPlan as the finding detail gives it). */
export interface GovernancePlanFields {
  goalsAndTasks: string | null;
  materials: string | null;
  responsibleOrganisation: string | null;
  timeRequirements: string | null;
  currentSituation: string | null;
  hazardAnalysis: string | null;
}

/**
 * The 重大事故隐患治理方案 parts (安监总局令第16号) a MAJOR plan adds to the 五落实, as label/value rows for the
 * close-out sheet's plan section (issue 21). Nothing for another level or a plan recorded before the parts existed.
 */
export function governancePlanRows(level: string, plan: GovernancePlanFields): [string, string][] {
  if (level !== HazardLevel.MAJOR) return [];
  const rows: [string, string][] = [
    ['治理的目标和任务', plan.goalsAndTasks ?? ''],
    ['物资的落实', plan.materials ?? ''],
    ['负责治理的机构', plan.responsibleOrganisation ?? ''],
    ['治理的要求', plan.timeRequirements ?? ''],
    ['隐患的现状及其产生原因', plan.currentSituation ?? ''],
    ['危害程度和整改难易程度分析', plan.hazardAnalysis ?? ''],
  ];
  return rows.some(([, v]) => v) ? rows : [];
}
