import { isIsoDate } from '../../common/time/business-date';
import { HazardLevel } from '../finding.enums';

/**
 * 五落实: a rectification plan must secure measures, responsibility, funds, deadline and a contingency plan before a
 * finding enters RECTIFYING — unless the unit fixed it on the spot (边检查边整改) and shows evidence. A MAJOR
 * (重大) hazard also needs interim controls and the stop-production (停产停工) decision, and a responsible leader.
 * Returns every missing element, by name, so the unit sees the whole list at once.
 */
export interface PlanInput {
  onTheSpot?: boolean;
  onTheSpotEvidenceIds?: number[];
  measures?: string | null;
  responsiblePerson?: string | null;
  fundsAmount?: number | null;
  fundsSource?: string | null;
  fundsZeroReason?: string | null;
  deadline?: string | null;
  contingencyPlan?: string | null;
  interimControls?: string | null;
  stopProduction?: boolean | null;
  stopProductionScope?: string | null;
  /** MAJOR 治理方案 parts (安监总局令第16号 第二十条) and the status report's analysis; see GOVERNANCE_PARTS. */
  goalsAndTasks?: string | null;
  materials?: string | null;
  responsibleOrganisation?: string | null;
  timeRequirements?: string | null;
  currentSituation?: string | null;
  hazardAnalysis?: string | null;
}

/**
 * The parts a MAJOR hazard's 治理方案 and 现状报告 add to the 五落实 (安监总局令第16号): each field with its element's name.
 * The other parts map onto the 五落实 fields: 采取的方法和措施 = measures, 经费 = funds, 人员 = responsible person and
 * leader, 时限 = deadline, 安全措施和应急预案 = interim controls, the stop decision and the contingency plan.
 */
export const GOVERNANCE_PARTS: readonly { field: keyof PlanInput; element: string; label: string }[] = [
  { field: 'goalsAndTasks', element: '治理的目标和任务', label: '治理的目标和任务' },
  { field: 'materials', element: '物资的落实', label: '经费和物资的落实（物资）' },
  { field: 'responsibleOrganisation', element: '负责治理的机构', label: '负责治理的机构和人员（机构）' },
  { field: 'timeRequirements', element: '治理的要求', label: '治理的时限和要求（要求）' },
  { field: 'currentSituation', element: '隐患的现状及其产生原因', label: '隐患的现状及其产生原因' },
  { field: 'hazardAnalysis', element: '危害程度和整改难易程度分析', label: '危害程度和整改难易程度分析' },
];

/**
 * The plan form's fields in its order, the order a refusal names them in (the finding page's 五落实 form: the five
 * elements, the MAJOR fields and 治理方案 parts, the on-the-spot fix). 责任领导 is the finding's, not the form's: last.
 */
export const PLAN_FIELDS: readonly string[] = [
  'basedOnRevision',
  'measures',
  'responsiblePerson',
  'fundsAmount',
  'fundsSource',
  'fundsZeroReason',
  'deadline',
  'contingencyPlan',
  'interimControls',
  'stopProduction',
  'stopProductionScope',
  ...GOVERNANCE_PARTS.map((p) => p.field),
  'onTheSpot',
  'onTheSpotEvidenceIds',
  'responsibleLeader',
];

/** Whether the plan carries any 治理方案 part (plans recorded before the parts existed carry none). */
export const hasGovernanceParts = (plan: PlanInput) =>
  GOVERNANCE_PARTS.some((p) => !blank(plan[p.field] as string | null | undefined));

export interface FindingFacts {
  level: HazardLevel;
  foundDate: string;
  /** The assigned deadline; a plan may not promise later than it (that needs an approved extension). */
  deadline: string;
  responsibleLeader: string | null;
}

export interface PlanProblem {
  field: string;
  element: string;
  message: string;
}

const blank = (s: string | null | undefined) => !s || s.trim() === '';

export function checkPlan(plan: PlanInput, finding: FindingFacts): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const need = (field: string, element: string, message: string) =>
    problems.push({ field, element, message });

  if (plan.onTheSpot) {
    if (!plan.onTheSpotEvidenceIds?.length) {
      need(
        'onTheSpotEvidenceIds',
        '现场整改证据',
        '现场立即整改须附整改后照片或资料 / An on-the-spot fix needs evidence',
      );
    }
    if (blank(plan.measures))
      need('measures', '整改措施', '请说明现场采取的整改措施 / Describe what was done on the spot');
  } else {
    if (blank(plan.measures)) need('measures', '整改措施', '缺少整改措施 / Measures are missing');
    if (blank(plan.responsiblePerson))
      need('responsiblePerson', '整改责任', '缺少整改责任人 / Responsible person is missing');
    if (plan.fundsAmount === null || plan.fundsAmount === undefined) {
      need('fundsAmount', '整改资金', '缺少整改资金（元） / Funds amount is missing');
    } else if (!Number.isInteger(plan.fundsAmount) || plan.fundsAmount < 0) {
      need(
        'fundsAmount',
        '整改资金',
        '整改资金须为不小于 0 的整数元 / Funds must be a whole number of yuan ≥ 0',
      );
    } else if (plan.fundsAmount === 0 && blank(plan.fundsZeroReason)) {
      need('fundsZeroReason', '整改资金', '资金为 0 时须说明原因 / Explain why no funds are needed');
    }
    if (plan.fundsAmount && plan.fundsAmount > 0 && blank(plan.fundsSource)) {
      need('fundsSource', '整改资金', '缺少资金来源 / Funds source is missing');
    }
    if (blank(plan.deadline)) {
      need('deadline', '整改时限', '缺少整改时限 / Deadline is missing');
    } else if (!isIsoDate(plan.deadline!)) {
      need('deadline', '整改时限', '整改时限须为有效日期 YYYY-MM-DD / Deadline must be a date');
    } else if (plan.deadline! < finding.foundDate) {
      need(
        'deadline',
        '整改时限',
        `整改时限不能早于发现日期 ${finding.foundDate} / Deadline is before the found date`,
      );
    } else if (plan.deadline! > finding.deadline) {
      need(
        'deadline',
        '整改时限',
        `整改时限晚于交办时限 ${finding.deadline}，请先申请延期 / Later than the assigned deadline: request an extension`,
      );
    }
    if (blank(plan.contingencyPlan))
      need('contingencyPlan', '整改预案', '缺少应急预案 / Contingency plan is missing');
  }

  if (finding.level === HazardLevel.MAJOR) {
    if (blank(plan.interimControls))
      need(
        'interimControls',
        '临时管控措施',
        '重大隐患须落实整改期间的临时管控措施 / Interim controls are required',
      );
    if (plan.stopProduction === null || plan.stopProduction === undefined) {
      need('stopProduction', '停产停工决定', '重大隐患须明确是否停产停工 / Decide whether production stops');
    } else if (plan.stopProduction && blank(plan.stopProductionScope)) {
      need('stopProductionScope', '停产停工范围', '停产停工须写明范围 / State the scope of the stop');
    }
    if (blank(finding.responsibleLeader))
      need('responsibleLeader', '责任领导', '重大隐患须有责任领导 / A responsible leader is required');
    if (!plan.onTheSpot)
      for (const part of GOVERNANCE_PARTS)
        if (blank(plan[part.field] as string | null | undefined))
          need(
            part.field,
            part.element,
            `重大事故隐患治理方案须写明${part.label} / Required for a MAJOR hazard's plan`,
          );
  }
  return problems;
}

/**
 * The 五落实 of a MAJOR hazard's 治理方案 as the statutory statistics table counts them (安监总局令第16号, columns
 * (9)–(13)): which of the five a plan has secured, by the same check as `checkPlan` — an element is secured when
 * the check finds nothing missing for it. An on-the-spot fix is not a 治理方案 and secures none.
 */
export interface SecuredElements {
  /** (9) 落实目标任务: the measures and, for MAJOR, 治理的目标和任务. */
  target: boolean;
  /** (10) 落实经费物资: the funds (an amount with its source, or zero with the reason) and, for MAJOR, 物资. */
  funds: boolean;
  /** (11) 落实机构人员: the responsible person, and for MAJOR the responsible leader and the 机构. */
  organisation: boolean;
  /** (12) 落实时间要求: a valid deadline and, for MAJOR, 治理的要求. */
  deadline: boolean;
  /** (13) 落实安全措施应急预案: the contingency plan, and for MAJOR the interim controls and the stop decision. */
  safety: boolean;
}

const ELEMENT_OF: Record<string, keyof SecuredElements> = {
  整改措施: 'target',
  整改资金: 'funds',
  整改责任: 'organisation',
  责任领导: 'organisation',
  整改时限: 'deadline',
  整改预案: 'safety',
  临时管控措施: 'safety',
  停产停工决定: 'safety',
  停产停工范围: 'safety',
  治理的目标和任务: 'target',
  物资的落实: 'funds',
  负责治理的机构: 'organisation',
  治理的要求: 'deadline',
};
const GOVERNANCE_ELEMENTS = new Set(GOVERNANCE_PARTS.map((p) => p.element));

export function securedElements(plan: PlanInput, finding: FindingFacts): SecuredElements {
  const secured: SecuredElements = {
    target: true,
    funds: true,
    organisation: true,
    deadline: true,
    safety: true,
  };
  if (plan.onTheSpot)
    return { target: false, funds: false, organisation: false, deadline: false, safety: false };
  // A plan recorded before the 治理方案 parts existed is counted by its 五落实 alone (as it was when filed).
  const legacy = !hasGovernanceParts(plan);
  for (const problem of checkPlan(plan, finding)) {
    if (legacy && GOVERNANCE_ELEMENTS.has(problem.element)) continue;
    const element = ELEMENT_OF[problem.element];
    if (element) secured[element] = false;
  }
  return secured;
}
