import type { FieldProblem } from './domain-error';

/**
 * A submission read by its DTO class but not refused yet (`CheckedBody`, the pages' `checkForm`): its well-formed
 * fields, and what is wrong with the others. A service whose own field checks need the record (a deadline to compare
 * with, evidence that must belong to it) takes both, so that one answer names every field at fault — class-validator
 * refusing first would let the service's checks be heard only on the next submission.
 */
export interface CheckedInput<T> {
  /** The input without its faulty fields (they read as absent): what the service's own checks may look at. */
  dto: T;
  /** What class-validator found, one row a field. */
  problems: FieldProblem[];
}

/** The DTO without the fields (first segment of each problem's path) that have a problem. */
export function withoutFaultyFields<T extends object>(dto: T, problems: readonly FieldProblem[]): T {
  for (const p of problems) delete (dto as Record<string, unknown>)[p.field.split('.')[0]];
  return dto;
}

/**
 * Every field problem of one submission in one list: `given` (what the DTO class found), then the service's own
 * rules' (`own`, leaving out a field `given` already names: its value was not read, so "missing" would be wrong).
 * One row a field, its messages in the order found (a repeated one once), rows in the form's order (`order`; a field
 * not in it after those that are, as met).
 */
export function allProblems(
  order: readonly string[],
  given: readonly FieldProblem[],
  ...own: readonly FieldProblem[][]
): FieldProblem[] {
  const named = new Set(given.map((p) => p.field));
  const rows = new Map<string, string[]>();
  for (const p of [...given, ...own.flat().filter((p) => !named.has(p.field))]) {
    const messages = rows.get(p.field) ?? [];
    for (const m of p.messages) if (!messages.includes(m)) messages.push(m);
    rows.set(p.field, messages);
  }
  const rank = (field: string) => {
    const i = order.indexOf(field);
    return i < 0 ? order.length : i;
  };
  return [...rows]
    .map(([field, messages], met) => ({ field, messages, met }))
    .sort((a, b) => rank(a.field) - rank(b.field) || a.met - b.met)
    .map(({ field, messages }) => ({ field, messages }));
}
