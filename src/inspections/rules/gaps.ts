import type { IsoDate } from '../../common/time/business-date';
import { RiskGrade, SOURCE_DOCUMENT_LABEL, SOURCE_DOCUMENT_TYPES } from '../inspection.enums';
import type { Drill, SourceDocument } from '../inspections.entities';

export type GapKind = 'DOC_MISSING' | 'DOC_EXPIRED' | 'DOC_NO_FILE' | 'DRILL_MISSING' | 'DRILL_OVERDUE';

/** A document's identity: type, number and version (a new version is a new document, with its own file). */
export const documentKey = (d: { type: string; number: string; version: string }): string =>
  `${d.type}:${d.number}:${d.version}`;

/** What the gap rule needs of a document's stored file: which document it is the current file of. */
export interface FiledDocument {
  documentType: string;
  documentNumber: string;
  documentVersion: string;
}
/** The key of the document a stored file belongs to. */
export const documentKeyOfFile = (f: FiledDocument): string =>
  documentKey({ type: f.documentType, number: f.documentNumber, version: f.documentVersion });

/** A gap of a 重要危险源: what it must have and does not (now). */
export interface SourceGap {
  /** Stable while the fact is the same (a new document or drill makes a new key, so a 销号 does not hide it). */
  key: string;
  kind: GapKind;
  label: string;
  /** Closed out (销号) through an approval. */
  closed: boolean;
}

/**
 * How often the special contingency plan is drilled: every 6 months for 重大/较大 sources (the 现场处置方案 rhythm of
 * 《生产安全事故应急预案管理办法》第三十三条), every 12 months for 一般/低.
 */
export const DRILL_INTERVAL_MONTHS: Record<RiskGrade, number> = { RED: 6, ORANGE: 6, YELLOW: 12, BLUE: 12 };

const addMonths = (date: IsoDate, months: number): IsoDate => {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const last = new Date(Date.UTC(Math.floor(total / 12), (total % 12) + 1, 0)).getUTCDate();
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
};

/** The day the next drill is due after the last one (the last day it is not yet overdue). */
export const nextDrillDue = (grade: RiskGrade, lastDrill: IsoDate): IsoDate =>
  addMonths(lastDrill, DRILL_INTERVAL_MONTHS[grade]);

/** The document of each type in force: the newest effective on or before today (a later one is not in force yet). */
export function documentInForce(docs: SourceDocument[], type: string, today: IsoDate): SourceDocument | null {
  return (
    docs
      .filter((d) => d.type === type && d.effectiveDate <= today)
      .sort((a, b) => b.effectiveDate.localeCompare(a.effectiveDate))[0] ?? null
  );
}

/**
 * The gaps of a source today: a required document (管理制度, 操作规程, 专项应急预案) missing, expired (its expiry day
 * has passed) or in force without its file (`documentFiles`: the current stored files — issue 20: each document
 * "with number, version, effective date and a file"), no drill at all, or the last drill older than the grade's
 * interval. `closedGaps` are the keys closed out by an approved 销号; they stay listed, marked closed.
 */
export function sourceGaps(
  source: {
    grade: RiskGrade;
    documents: SourceDocument[];
    drills: Drill[];
    closedGaps: string[];
    documentFiles: FiledDocument[];
  },
  today: IsoDate,
): SourceGap[] {
  const gaps: Omit<SourceGap, 'closed'>[] = [];
  const filed = new Set(source.documentFiles.map(documentKeyOfFile));
  for (const type of SOURCE_DOCUMENT_TYPES) {
    const label = SOURCE_DOCUMENT_LABEL[type];
    const doc = documentInForce(source.documents, type, today);
    if (!doc) gaps.push({ key: `DOC_MISSING:${type}`, kind: 'DOC_MISSING', label: `缺少${label}` });
    else if (doc.expiryDate && doc.expiryDate < today)
      gaps.push({
        key: `DOC_EXPIRED:${type}:${doc.number}:${doc.version}`,
        kind: 'DOC_EXPIRED',
        label: `${label}「${doc.title}」（${doc.number}，${doc.version}）已于 ${doc.expiryDate} 过期`,
      });
    // An expired document is a gap already; a valid one without its file is one too (the key names the version).
    else if (!filed.has(documentKey(doc)))
      gaps.push({
        key: `DOC_NO_FILE:${documentKey(doc)}`,
        kind: 'DOC_NO_FILE',
        label: `${label}「${doc.title}」（${doc.number}，${doc.version}）未上传文件`,
      });
  }
  const last = source.drills
    .map((d) => d.date)
    .sort()
    .at(-1);
  if (!last) gaps.push({ key: 'DRILL_MISSING', kind: 'DRILL_MISSING', label: '尚无应急演练记录' });
  else {
    const due = nextDrillDue(source.grade, last);
    if (due < today)
      gaps.push({
        key: `DRILL_OVERDUE:${last}`,
        kind: 'DRILL_OVERDUE',
        label: `应急演练超期：上次 ${last}，应于 ${due} 前再次演练（每 ${DRILL_INTERVAL_MONTHS[source.grade]} 个月）`,
      });
  }
  const closed = new Set(source.closedGaps);
  return gaps.map((g) => ({ ...g, closed: closed.has(g.key) }));
}

/** The gaps still open (not closed out). */
export const openGaps = (...args: Parameters<typeof sourceGaps>) =>
  sourceGaps(...args).filter((g) => !g.closed);
