import { GOVERNANCE_PARTS } from '../../findings/rules/five-implementations';
import { text } from '../forms';
type FormBody = Record<string, unknown>;

/** The 治理方案 parts of a MAJOR plan as the form posts them (issue 21). */
export const governanceFields = (b: FormBody) =>
  Object.fromEntries(GOVERNANCE_PARTS.map((p) => [p.field, text(b[p.field])]));

/** The parts with their labels, for the plan form and the plan view. */
export const GOVERNANCE_FORM_PARTS = GOVERNANCE_PARTS.map((p) => ({ field: p.field, label: p.label }));

export const GOVERNANCE_FIELD_LABELS: Record<string, string> = Object.fromEntries(
  GOVERNANCE_PARTS.map((p) => [p.field, p.label]),
);
