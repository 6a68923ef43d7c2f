import type { WeeklyReportItem } from '../../weekly-reports/weekly-reports.service';
import { bool, int, text } from '../forms';
import type { FormFile } from '../../common/files/upload-limit.interceptor';

/** What a form sent (urlencoded body or query). */
export type FormBody = Record<string, unknown>;

/** Labels of the fields of the weekly report form (validation messages name them). */
export const REPORT_LABELS: Record<string, string> = {
  obligationId: '周报要求',
  unitId: '报送单位',
  week: '周次',
  noneFound: '本周排查结果',
  statement: '情况说明',
  items: '自查发现的同类问题',
  findingId: '原问题',
  description: '问题描述',
  location: '地点/部位',
  level: '隐患等级',
  category: '问题类别',
  promptedByFindingId: '对照问题编号',
  topic: '排查主题',
  fixedOnTheSpot: '已现场整改',
  measures: '现场整改措施',
  rootCause: '原因分析',
  evidence: '现场整改证据',
  deadline: '整改时限',
  responsiblePerson: '整改责任人',
};
export const OBLIGATION_LABELS: Record<string, string> = {
  name: '名称',
  roundId: '督察轮次',
  unitIds: '报送单位',
  startDate: '开始日期',
  endDate: '结束日期',
  dueTime: '周四截止时间',
};
export const RANGE_LABELS: Record<string, string> = {
  companyUnitId: '公司',
  from: '起始周',
  to: '截止周',
  week: '周次',
};
const ITEM_FIELDS = [
  'findingId',
  'description',
  'location',
  'level',
  'category',
  'promptedByFindingId',
  'topic',
  'fixedOnTheSpot',
  'measures',
  'rootCause',
  'deadline',
  'responsiblePerson',
  'withdraw',
] as const;
/**
 * A row as the form shows it; `code` (the SELF_CHECK finding's code of a kept item) is shown, never sent; `index` is
 * the row's number in the form as sent (its files are `items.<index>.evidence`).
 */
export type ItemRow = Partial<Record<(typeof ITEM_FIELDS)[number] | 'code' | 'index', string>>;
/** Empty rows the form offers for new items. */
export const BLANK_ROWS = 3;

/** The rows of items the form sent (fields named items.N.field), blank rows left out, renumbered from 0. */
export function itemRows(body: FormBody): ItemRow[] {
  const byIndex = new Map<number, ItemRow>();
  for (const [key, value] of Object.entries(body)) {
    const m = /^items\.(\d+)\.(\w+)$/.exec(key);
    if (!m || !(ITEM_FIELDS as readonly string[]).includes(m[2])) continue;
    const row = byIndex.get(Number(m[1])) ?? { index: m[1] };
    row[m[2] as keyof ItemRow] =
      typeof value === 'string' ? value : Array.isArray(value) ? String(value[0]) : '';
    byIndex.set(Number(m[1]), row);
  }
  return [...byIndex.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, r]) => r)
    .filter((r) => isTyped(r) && !(r.findingId && bool(r.withdraw)));
}

const TYPED_FIELDS: (keyof ItemRow)[] = [
  'findingId',
  'description',
  'location',
  'promptedByFindingId',
  'topic',
  'measures',
  'rootCause',
  'deadline',
  'responsiblePerson',
];
const isTyped = (r: ItemRow) => TYPED_FIELDS.some((f) => text(r[f]) !== undefined);

/**
 * A row as the report's item; the files sent in its row become the evidence of an item fixed on the spot (an empty
 * list when it has none, so the refusal names the evidence field).
 */
export const rowToDto = (r: ItemRow, files: FormFile[] = []) => ({
  evidence: evidenceOf(r, files),
  measures: text(r.measures),
  rootCause: text(r.rootCause),
  findingId: int(r.findingId),
  description: text(r.description),
  location: text(r.location),
  level: text(r.level),
  category: text(r.category),
  promptedByFindingId: int(r.promptedByFindingId),
  topic: text(r.topic),
  fixedOnTheSpot: bool(r.fixedOnTheSpot),
  deadline: text(r.deadline),
  responsiblePerson: text(r.responsiblePerson),
});

function evidenceOf(r: ItemRow, files: FormFile[]) {
  const mine = files.filter((f) => f.fieldname === `items.${r.index}.evidence` && f.buffer.length > 0);
  if (!mine.length) return bool(r.fixedOnTheSpot) && !r.findingId ? [] : undefined;
  return mine.map((f) => ({
    fileName: f.originalname,
    contentBase64: f.buffer.toString('base64'),
  }));
}

/** The form's rows for the items of the current version, with the code of the finding each became. */
export const itemToRow = (i: WeeklyReportItem, code: string | undefined): ItemRow => ({
  code,
  findingId: String(i.findingId),
  description: i.description,
  location: i.location,
  level: i.level,
  category: i.category,
  promptedByFindingId: i.promptedByFindingId ? String(i.promptedByFindingId) : '',
  topic: i.topic ?? '',
  fixedOnTheSpot: i.fixedOnTheSpot ? 'on' : '',
  measures: i.measures ?? '',
  deadline: i.deadline,
  responsiblePerson: '',
});

/** The "none found" choice as the form sends it ("true"/"false"), or undefined when not chosen. */
export const noneFoundOf = (v: unknown) => (v === 'true' ? true : v === 'false' ? false : undefined);
