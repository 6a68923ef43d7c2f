/**
 * The import template's columns: what each holds, its Chinese header (and the other names people give it), whether it
 * is required and the note shown in the template. Shared by the template, the import and its messages.
 */
import {
  FINDING_CATEGORY_LABEL,
  FINDING_SOURCE_LABEL,
  FindingCategory,
  FindingSource,
  HAZARD_LEVEL_LABEL,
  HazardLevel,
} from '../finding.enums';
import { cleanText } from './cell-values';

export interface ImportRow {
  /** The Excel row number (header is row 1, first data row is 2). */
  rowNumber: number;
  /** Unit name, former name or code as typed (matched to units later by the caller). */
  unit: string;
  description: string;
  location: string;
  level: HazardLevel;
  category: FindingCategory;
  tags: string[];
  source: FindingSource;
  foundDate: string;
  foundBy: string;
  deadline: string;
  responsiblePerson: string;
  /** Required when level is MAJOR, else may be ''. */
  responsibleLeader: string;
}

/** One problem in an uploaded sheet: column is the Chinese header text, message is Chinese / English. */
export interface SheetProblem {
  row: number;
  column: string;
  message: string;
}

export type ImportKey = keyof Omit<ImportRow, 'rowNumber'>;

export const MAX_DESCRIPTION = 2000;
export const MAX_LOCATION = 200;
export const MAX_UNIT = 100;
export const MAX_PERSON = 50;
export const MAX_TAGS = 10;
export const MAX_TAG_LENGTH = 30;

const labelList = (labels: Record<string, string>, last: string) => {
  const values = Object.values(labels);
  return `${values.slice(0, -1).join('、')} ${last} ${values[values.length - 1]}`;
};
export const LEVEL_LABELS = labelList(HAZARD_LEVEL_LABEL, '或');
export const CATEGORY_LABELS = labelList(FINDING_CATEGORY_LABEL, '或');
export const SOURCE_LABELS = labelList(FINDING_SOURCE_LABEL, '或');
export const DATE_FORMATS = '2023-02-13、2023/2/13 或 2023年2月13日';
export const DEFAULT_SOURCE = FindingSource.AUDIT_TEAM;

export const IMPORT_COLUMNS: readonly {
  key: ImportKey;
  header: string;
  required: boolean;
  width: number;
  note: string;
}[] = [
  {
    key: 'unit',
    header: '单位',
    required: true,
    width: 16,
    note: '必填。问题所属单位的名称、曾用名或单位编码，须与系统中的单位一致，如“电解厂”。',
  },
  {
    key: 'description',
    header: '问题描述',
    required: true,
    width: 50,
    note: `必填，不超过 ${MAX_DESCRIPTION} 字。写清存在的问题，如“2号皮带廊地面及托辊积尘严重，未按规定定期清扫”。同一文件中单位和问题描述都相同的行视为重复。`,
  },
  {
    key: 'location',
    header: '地点/部位',
    required: true,
    width: 20,
    note: `必填，不超过 ${MAX_LOCATION} 字。问题所在的具体地点或部位，如“2号皮带廊”。`,
  },
  {
    key: 'level',
    header: '等级',
    required: true,
    width: 8,
    note: `必填。隐患等级：${LEVEL_LABELS}（也可填 ${Object.keys(HAZARD_LEVEL_LABEL).join('/')}）。`,
  },
  {
    key: 'category',
    header: '类别',
    required: true,
    width: 16,
    note: `必填。问题类别：${CATEGORY_LABELS}。`,
  },
  {
    key: 'tags',
    header: '标签',
    required: false,
    width: 18,
    note: `选填。多个标签用逗号、顿号或分号分隔，最多 ${MAX_TAGS} 个，如“扬尘、皮带廊”。`,
  },
  {
    key: 'source',
    header: '来源',
    required: false,
    width: 12,
    note: `选填。问题来源：${SOURCE_LABELS}；不填时为“${FINDING_SOURCE_LABEL[DEFAULT_SOURCE]}”。`,
  },
  {
    key: 'foundDate',
    header: '发现日期',
    required: true,
    width: 12,
    note: `必填。可填 Excel 日期，或按 ${DATE_FORMATS} 的格式填写。`,
  },
  {
    key: 'foundBy',
    header: '发现人',
    required: false,
    width: 10,
    note: `选填。发现问题的人员姓名，不超过 ${MAX_PERSON} 字。`,
  },
  {
    key: 'deadline',
    header: '整改时限',
    required: true,
    width: 12,
    note: '必填。整改完成的期限，格式同发现日期，不得早于发现日期。',
  },
  {
    key: 'responsiblePerson',
    header: '责任人',
    required: true,
    width: 10,
    note: `必填。整改责任人姓名，不超过 ${MAX_PERSON} 字。`,
  },
  {
    key: 'responsibleLeader',
    header: '责任领导',
    required: false,
    width: 10,
    note: `等级为“${HAZARD_LEVEL_LABEL.MAJOR}”时必填（重大隐患须明确责任领导），其他等级可不填。`,
  },
];

export const HEADER: Record<ImportKey, string> = Object.fromEntries(
  IMPORT_COLUMNS.map((c) => [c.key, c.header]),
) as Record<ImportKey, string>;

/** Other names the same columns go by in the sheets safety departments already keep. */
const HEADER_ALIASES: Partial<Record<ImportKey, string[]>> = {
  unit: ['单位名称', '责任单位', '整改单位'],
  description: ['问题', '问题内容', '隐患描述', '问题隐患描述'],
  location: ['地点', '部位', '位置'],
  level: ['隐患等级', '问题等级'],
  category: ['问题类别', '隐患类别'],
  source: ['问题来源'],
  foundDate: ['检查日期'],
  foundBy: ['检查人'],
  deadline: ['整改期限', '完成时限', '整改完成时限'],
  responsiblePerson: ['整改责任人'],
};

/** Header text compared loosely: full-width forms folded, spaces and '*' removed, a trailing '(…)' hint dropped. */
export const normalizeHeader = (h: string): string =>
  cleanText(h)
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/\*/g, '')
    .replace(/\([^()]*\)$/, '');

export const HEADER_LOOKUP = new Map<string, ImportKey>();
for (const c of IMPORT_COLUMNS) {
  for (const name of [c.header, ...(HEADER_ALIASES[c.key] ?? [])])
    HEADER_LOOKUP.set(normalizeHeader(name), c.key);
}
