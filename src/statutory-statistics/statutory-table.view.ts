import type { CrossCheck, Figures, StatutoryColumn } from './rules/statutory-table';

/** One row of the table: the unit's total, one domain, or one 二级单位 (or the subject unit's own findings). */
export interface StatutoryRow {
  /** `TOTAL`, `DOMAIN:SAFETY`, `DOMAIN:ENVIRONMENT`, `UNIT:<id>` or `UNIT:SELF`. */
  key: string;
  label: string;
  kind: 'TOTAL' | 'DOMAIN' | 'UNIT';
  unitId: number | null;
  figures: Figures;
  /** MAJOR hazards of (5) carried over from earlier years. */
  majorCarriedOver: number;
}

/** A MAJOR hazard of the period with its 治理 status, for the analysis and the table's appendix. */
export interface StatutoryMajorView {
  findingId: number;
  code: string;
  description: string;
  unitName: string;
  domain: string;
  status: string;
  foundDate: string;
  closedOn: string | null;
  rectifiedByEnd: boolean;
  inPlan: boolean;
  /** Whether any plan was recorded by the period's end (confirmed or not). */
  hasPlan: boolean;
  /** How many of the 五落实 the plan in force secured (0–5), and its funds in yuan. */
  securedCount: number;
  fundsYuan: number | null;
  deadline: string;
}

/** The table of one unit and period, live or as filed. */
export interface StatutoryTable {
  unit: { id: number; code: string; name: string; kind: string };
  period: { key: string; label: string; yearStart: string; periodEnd: string; dueDate: string };
  columns: readonly StatutoryColumn[];
  rows: StatutoryRow[];
  crossChecks: CrossCheck[];
  /** Whether every cross-check holds. */
  consistent: boolean;
  majors: StatutoryMajorView[];
  /** Counted findings found in the period by category (for the analysis). */
  categories: { category: string; label: string; count: number }[];
  note: string;
  /** When the figures were computed and the change log's head then. */
  computedAt: string;
  changeLog: { seq: number; hash: string };
}
