import { rectificationRate } from '../../findings/rules/counting';
import {
  FindingFacts,
  PlanInput,
  SecuredElements,
  securedElements,
} from '../../findings/rules/five-implementations';
import { HazardLevel } from '../../findings/finding.enums';

/**
 * The statutory 隐患排查治理 statistics table (安监总局令第16号): its fourteen columns, how a row's figures follow from
 * the counts and the MAJOR hazards' 五落实 plans, manual adjustments, and the cross-checks printed with the table and
 * enforced on lock. The regulation knows only 一般 and 重大 hazards: SERIOUS (较大) findings count as 一般.
 */
export type FigureKey =
  'c1' | 'c2' | 'c3' | 'c4' | 'c5' | 'c6' | 'c7' | 'c8' | 'c9' | 'c10' | 'c11' | 'c12' | 'c13' | 'c14';

export interface StatutoryColumn {
  key: FigureKey;
  no: number;
  label: string;
  /** The heading spanning several columns on the form. */
  group: string;
  /** Percentages are always computed from their counts and cannot be adjusted. */
  derived?: boolean;
}

export const STATUTORY_COLUMNS: readonly StatutoryColumn[] = [
  { key: 'c1', no: 1, label: '排查单位数', group: '' },
  { key: 'c2', no: 2, label: '隐患数', group: '一般隐患（含较大隐患）' },
  { key: 'c3', no: 3, label: '已整改', group: '一般隐患（含较大隐患）' },
  { key: 'c4', no: 4, label: '整改率%', group: '一般隐患（含较大隐患）', derived: true },
  { key: 'c5', no: 5, label: '隐患数', group: '重大隐患' },
  { key: 'c6', no: 6, label: '已整改销号', group: '重大隐患' },
  { key: 'c7', no: 7, label: '整改率%', group: '重大隐患', derived: true },
  { key: 'c8', no: 8, label: '列入治理计划的重大隐患', group: '重大隐患' },
  { key: 'c9', no: 9, label: '落实目标任务', group: '列入治理计划的重大隐患中' },
  { key: 'c10', no: 10, label: '落实经费物资', group: '列入治理计划的重大隐患中' },
  { key: 'c11', no: 11, label: '落实机构人员', group: '列入治理计划的重大隐患中' },
  { key: 'c12', no: 12, label: '落实时间要求', group: '列入治理计划的重大隐患中' },
  { key: 'c13', no: 13, label: '落实安全措施应急预案', group: '列入治理计划的重大隐患中' },
  { key: 'c14', no: 14, label: '累计落实治理资金(万元)', group: '' },
];

/** What the form says under the table. */
export const STATUTORY_NOTE =
  '注：“一般隐患”含企业分级中的“较大隐患”（安监总局令第16号只分一般隐患和重大隐患）；数据自1月1日起累计；' +
  '重大隐患含上年结转未销号的重大隐患；已作废的问题不计入。';

export type Figures = Record<FigureKey, number | null> & { fundsYuan: number };

/** The counts of one row (from the findings' statutory counts). */
export interface RowCounts {
  unitsChecked: number;
  general: number;
  generalRectified: number;
  major: number;
  majorRectified: number;
}

/** A MAJOR hazard of the row, with the plan in force at the period's end. */
export interface MajorHazard {
  level?: string;
  foundDate: string;
  deadline: string;
  responsibleLeader: string | null;
  rectifiedByEnd: boolean;
  plan: (PlanInput & { confirmed: boolean }) | null;
}

/** A plan counts as the hazard's 治理方案 when it is not an on-the-spot fix and the unit head confirmed it. */
export const governancePlan = (m: MajorHazard) =>
  m.plan && !m.plan.onTheSpot && m.plan.confirmed ? m.plan : null;

/** Which of the 五落实 the hazard's 治理方案 secured; null when it has none in force. */
export function securedOf(m: MajorHazard): SecuredElements | null {
  const plan = governancePlan(m);
  if (!plan) return null;
  const facts: FindingFacts = {
    level: HazardLevel.MAJOR,
    foundDate: m.foundDate,
    deadline: m.deadline,
    responsibleLeader: m.responsibleLeader,
  };
  return securedElements(plan, facts);
}

/** 万元 with two decimals from whole yuan. */
export const wanYuan = (yuan: number): number => Math.round(yuan / 100) / 100;

/**
 * A row's figures: (1)–(7) from the counts; (8) the MAJOR hazards not closed out by the period's end whose 治理方案
 * is in force; (9)–(13) those of (8) whose plan secured each of the 五落实 (securedElements); (14) the funds of the
 * plans in force of every MAJOR hazard of (5), in 万元.
 */
export function rowFigures(counts: RowCounts, majors: MajorHazard[]): Figures {
  const inPlan = majors.filter((m) => !m.rectifiedByEnd && governancePlan(m));
  const secured = inPlan.map((m) => securedOf(m)!);
  const fundsYuan = majors.reduce((s, m) => s + (governancePlan(m)?.fundsAmount ?? 0), 0);
  return {
    c1: counts.unitsChecked,
    c2: counts.general,
    c3: counts.generalRectified,
    c4: rectificationRate(counts.generalRectified, counts.general),
    c5: counts.major,
    c6: counts.majorRectified,
    c7: rectificationRate(counts.majorRectified, counts.major),
    c8: inPlan.length,
    c9: secured.filter((s) => s.target).length,
    c10: secured.filter((s) => s.funds).length,
    c11: secured.filter((s) => s.organisation).length,
    c12: secured.filter((s) => s.deadline).length,
    c13: secured.filter((s) => s.safety).length,
    c14: wanYuan(fundsYuan),
    fundsYuan,
  };
}

/** A manual adjustment of a prepared figure (e.g. hazards found by an outside inspection and not logged here). */
export interface Adjustment {
  row: string;
  column: FigureKey;
  value: number;
}

export const ADJUSTABLE: readonly FigureKey[] = STATUTORY_COLUMNS.filter((c) => !c.derived).map((c) => c.key);

/** The figures with the row's adjustments applied; the percentages are recomputed from the adjusted counts. */
export function adjusted(figures: Figures, adjustments: Adjustment[]): Figures {
  const out = { ...figures };
  for (const a of adjustments) {
    if (a.column === 'c14') {
      out.c14 = a.value;
      out.fundsYuan = Math.round(a.value * 10000);
    } else out[a.column] = a.value;
  }
  out.c4 = rectificationRate(out.c3 ?? 0, out.c2 ?? 0);
  out.c7 = rectificationRate(out.c6 ?? 0, out.c5 ?? 0);
  return out;
}

export interface CrossCheck {
  row: string;
  rowLabel: string;
  rule: string;
  ok: boolean;
  /** The figures compared, as printed: e.g. "(8)=3 ≤ (5)−(6)=2". */
  detail: string;
}

/**
 * The cross-checks of one row: (8) ≤ (5) − (6); each of (9)–(13) ≤ (8); (3) ≤ (2); (6) ≤ (5); the percentages (4)
 * and (7) equal their counts' rate (one decimal, none when the count is 0).
 */
export function crossChecks(row: string, rowLabel: string, f: Figures): CrossCheck[] {
  const n = (k: FigureKey) => f[k] ?? 0;
  const check = (rule: string, ok: boolean, detail: string): CrossCheck => ({
    row,
    rowLabel,
    rule,
    ok,
    detail,
  });
  const checks = [
    check('(8) ≤ (5) − (6)', n('c8') <= n('c5') - n('c6'), `(8)=${n('c8')}，(5)−(6)=${n('c5') - n('c6')}`),
  ];
  for (const k of ['c9', 'c10', 'c11', 'c12', 'c13'] as const)
    checks.push(check(`(${k.slice(1)}) ≤ (8)`, n(k) <= n('c8'), `(${k.slice(1)})=${n(k)}，(8)=${n('c8')}`));
  checks.push(check('(3) ≤ (2)', n('c3') <= n('c2'), `(3)=${n('c3')}，(2)=${n('c2')}`));
  checks.push(check('(6) ≤ (5)', n('c6') <= n('c5'), `(6)=${n('c6')}，(5)=${n('c5')}`));
  const rate4 = rectificationRate(n('c3'), n('c2'));
  const rate7 = rectificationRate(n('c6'), n('c5'));
  checks.push(check('(4) = (3) ÷ (2)', f.c4 === rate4, `(4)=${f.c4 ?? '—'}，(3)÷(2)=${rate4 ?? '—'}`));
  checks.push(check('(7) = (6) ÷ (5)', f.c7 === rate7, `(7)=${f.c7 ?? '—'}，(6)÷(5)=${rate7 ?? '—'}`));
  return checks;
}
