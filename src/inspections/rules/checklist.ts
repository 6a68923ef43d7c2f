import type { FieldProblem } from '../../common/errors/domain-error';
import { FindingSource, HazardLevel } from '../../findings/finding.enums';
import { InspectionLevel, ITEM_RESULT_LABEL, ItemResult } from '../inspection.enums';
import type { ChecklistItem, ItemAnswer } from '../inspections.entities';

export const MAX_CHECKLIST_ITEMS = 100;

const blank = (s: unknown) => typeof s !== 'string' || s.trim() === '';

/** A checklist's items: at least one, each with its requirement and method (and a clause, if any, as text). */
export function itemProblems(items: unknown): FieldProblem[] {
  if (!Array.isArray(items) || items.length === 0)
    return [{ field: 'items', messages: ['检查表至少要有一个检查项 / At least one item'] }];
  if (items.length > MAX_CHECKLIST_ITEMS)
    return [
      {
        field: 'items',
        messages: [`检查项最多 ${MAX_CHECKLIST_ITEMS} 个 / At most ${MAX_CHECKLIST_ITEMS} items`],
      },
    ];
  const problems: FieldProblem[] = [];
  (items as Partial<ChecklistItem>[]).forEach((item, i) => {
    if (blank(item?.requirement))
      problems.push({
        field: `items.${i}.requirement`,
        messages: [`第 ${i + 1} 项缺少检查内容及标准 / Requirement missing`],
      });
    if (blank(item?.method))
      problems.push({
        field: `items.${i}.method`,
        messages: [`第 ${i + 1} 项缺少检查方法 / Method missing`],
      });
    if (item?.clause !== undefined && typeof item.clause !== 'string')
      problems.push({
        field: `items.${i}.clause`,
        messages: [`第 ${i + 1} 项的判定依据须为文字 / Clause must be text`],
      });
  });
  return problems;
}

/** The items numbered in order, trimmed; an empty clause is no clause (left out, so an item reads back as sent). */
export const numberItems = (items: Omit<ChecklistItem, 'no'>[]): ChecklistItem[] =>
  items.map((it, i) => ({
    no: i + 1,
    requirement: it.requirement.trim(),
    method: it.method.trim(),
    ...(it.clause?.trim() ? { clause: it.clause.trim() } : {}),
  }));

/** A failed item's finding: MAJOR when the item cites a standard clause (重大事故隐患判定标准), else GENERAL. */
export const findingLevelOf = (item: ChecklistItem): HazardLevel =>
  item.clause ? HazardLevel.MAJOR : HazardLevel.GENERAL;

/** Company inspections find COMPANY_CHECK problems; a unit's own inspections SELF_CHECK ones (not assessed). */
export const findingSourceOf = (level: InspectionLevel): FindingSource =>
  level === InspectionLevel.COMPANY ? FindingSource.COMPANY_CHECK : FindingSource.SELF_CHECK;

/** The deadline a finding from a failed item gets: a week (30 days for a MAJOR one, which needs a full plan). */
export const findingDeadlineDays = (level: HazardLevel): number => (level === HazardLevel.MAJOR ? 30 : 7);

/** An item's answer as it is kept: blank texts as none, no on-the-spot fix unless one is said. */
export const itemAnswer = (
  no: number,
  a: { result: ItemResult; note?: string; fixedOnTheSpot?: boolean; measures?: string; rootCause?: string },
): ItemAnswer => ({
  no,
  result: a.result,
  note: a.note || null,
  fixedOnTheSpot: a.fixedOnTheSpot ?? false,
  measures: a.measures || null,
  rootCause: a.rootCause || null,
});

/**
 * The inspection form's fields in its order (inspections/task.eta): each item's result, note, photos and on-the-spot
 * fix, then the signature (and the version it signs). A refusal names its fields in this order.
 */
export const inspectionFields = (items: readonly { no: number }[]): string[] => [
  ...items.flatMap(({ no }) =>
    ['', '.note', '.photos', '.fixedOnTheSpot', '.measures', '.rootCause'].map((f) => `answers.${no}${f}`),
  ),
  'signature',
  'version',
];

/**
 * What signing needs: an answer for every item; a failed item says what is wrong (note) and has a photo; an item
 * fixed on the spot says what was done and why, has an "after" photo, and is not a MAJOR (clause) item, which needs
 * a full 五落实 plan. `photos` counts the item's photos by kind.
 */
export function signingProblems(
  items: ChecklistItem[],
  answers: ItemAnswer[],
  photos: (no: number) => { before: number; after: number },
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const item of items) {
    const a = answers.find((x) => x.no === item.no);
    const field = `answers.${item.no}`;
    if (!a) {
      problems.push({ field, messages: [`第 ${item.no} 项尚未检查 / Item not answered`] });
      continue;
    }
    if (a.result !== ItemResult.FAIL) continue;
    if (blank(a.note))
      problems.push({
        field: `${field}.note`,
        messages: [`第 ${item.no} 项${ITEM_RESULT_LABEL.FAIL}，须写明存在的问题 / Say what is wrong`],
      });
    if (photos(item.no).before === 0)
      problems.push({
        field: `${field}.photos`,
        messages: [`第 ${item.no} 项${ITEM_RESULT_LABEL.FAIL}，须拍照留证 / A photo is needed`],
      });
    if (!a.fixedOnTheSpot) continue;
    if (item.clause)
      problems.push({
        field: `${field}.fixedOnTheSpot`,
        messages: [
          `第 ${item.no} 项属重大事故隐患（${item.clause}），须按“五落实”整改，不能按现场整改 / A major hazard needs a full plan`,
        ],
      });
    if (blank(a.measures))
      problems.push({ field: `${field}.measures`, messages: ['现场整改须写明整改措施 / Measures missing'] });
    if (blank(a.rootCause))
      problems.push({ field: `${field}.rootCause`, messages: ['现场整改须写明原因 / Root cause missing'] });
    if (photos(item.no).after === 0)
      problems.push({
        field: `${field}.photos`,
        messages: ['现场整改须有整改后照片 / An "after" photo is needed'],
      });
  }
  return problems;
}
