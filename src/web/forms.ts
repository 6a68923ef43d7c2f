import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate } from 'class-validator';
import { DomainError, FieldProblem } from '../common/errors/domain-error';
import { type CheckedInput, withoutFaultyFields } from '../common/errors/field-problems';
import { flattenValidationErrors, type SayFieldProblem } from '../common/errors/validation';
import { chineseMessage, chinesePart } from '../common/errors/validation-messages';

/** The Chinese half of a bilingual "中文 / English" message (said in validation-messages.ts, beside the table). */
export { chinesePart };

/** What a page needs to show a refused form again: the message on top, messages per field, what was typed. */
export interface FormState {
  /** Which form on the page failed (a page may carry several). */
  form: string;
  /** The HTTP status the page answers with: 409 for a conflict with the record's state, 413, otherwise 400. */
  status: number;
  message: string;
  fields: Record<string, string[]>;
  values: Record<string, unknown>;
  /** Extra facts of the refusal, e.g. the unmet 五个不放过 rules of a refused close-out. */
  details?: unknown;
}

/** A failed check said in Chinese with the form's label of the field (its path's, else its property's, else the path). */
const inChinese =
  (labels: Record<string, string>): SayFieldProblem =>
  (constraint, message, field, property) =>
    chineseMessage(constraint, message, labels[field] ?? labels[property] ?? field);

/**
 * Validates what a form sent with the API's own DTO class — the same rules as the API — and answers in Chinese
 * with the form's own labels. Throws VALIDATION_FAILED like the API does; `formState` turns it into a page.
 */
export async function validForm<T extends object>(
  cls: ClassConstructor<T>,
  plain: Record<string, unknown>,
  labels: Record<string, string>,
): Promise<T> {
  const { dto, problems } = await checkForm(cls, plain, labels);
  if (problems.length) throw new DomainError('BAD_REQUEST', 'VALIDATION_FAILED', FORM_REFUSED, problems);
  return dto;
}

/** The message on top of a form refused for its fields. */
export const FORM_REFUSED = '输入有误，请按提示修改';

/**
 * The same check as `validForm`, for a form whose service checks fields of its own against the record: the problems
 * are handed on with the well-formed fields (CheckedInput) for the service to answer with all of them at once.
 */
export async function checkForm<T extends object>(
  cls: ClassConstructor<T>,
  plain: Record<string, unknown>,
  labels: Record<string, string>,
): Promise<CheckedInput<T>> {
  const dto = plainToInstance(cls, plain);
  const problems = flattenValidationErrors(
    await validate(dto, { whitelist: true, forbidNonWhitelisted: true }),
    inChinese(labels),
  );
  return { dto: withoutFaultyFields(dto, problems), problems };
}

/**
 * Turns an error of a form's action into what the page shows, or rethrows it when it is not the user's to fix
 * (not found, forbidden, faults: those become the error page).
 */
export function formState(
  err: unknown,
  form: string,
  values: Record<string, unknown>,
  labels: Record<string, string> = {},
): FormState {
  if (
    !(err instanceof DomainError) ||
    !['BAD_REQUEST', 'CONFLICT', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'].includes(err.kind)
  )
    throw err;
  const fields: Record<string, string[]> = {};
  let details: unknown = err.details;
  if (Array.isArray(err.details)) {
    for (const p of err.details as FieldProblem[]) {
      if (!p || typeof p.field !== 'string') continue;
      const label = labels[p.field] ?? p.field;
      fields[p.field] = (p.messages ?? []).map((m) => chineseMessage('', m, label));
    }
    details = undefined;
  }
  const status =
    { CONFLICT: 409, PAYLOAD_TOO_LARGE: 413, UNSUPPORTED_MEDIA_TYPE: 415 }[err.kind as string] ?? 400;
  return { form, status, message: chinesePart(err.message), fields, values, details };
}

/** Form-value helpers: browsers send every field as a string, blank when left empty. */
export const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
export const int = (v: unknown): number | string | undefined => {
  const s = text(v);
  return s === undefined ? undefined : /^-?\d+$/.test(s) ? Number(s) : s;
};
export const bool = (v: unknown): boolean => v === 'on' || v === 'true' || v === '1';
export const list = (v: unknown): string[] | undefined => {
  const all = (Array.isArray(v) ? v : [v]).flatMap((x) =>
    typeof x === 'string' ? x.split(/[,，、\n]/) : [],
  );
  const items = all.map((s) => s.trim()).filter(Boolean);
  return items.length ? items : undefined;
};
export const intList = (v: unknown): (number | string)[] | undefined =>
  list(v)?.map((s) => (/^\d+$/.test(s) ? Number(s) : s));
