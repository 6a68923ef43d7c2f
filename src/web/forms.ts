import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import { DomainError, FieldProblem } from '../common/errors/domain-error';
import { type CheckedInput, withoutFaultyFields } from '../common/errors/field-problems';
import { KIND_CHECKS } from '../common/errors/validation';

/** The Chinese half of a bilingual "中文 / English" message. */
export const chinesePart = (message: string): string => {
  const i = message.indexOf(' / ');
  return i > 0 && /[\u4e00-\u9fff]/.test(message.slice(0, i)) ? message.slice(0, i) : message;
};

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

const hasChinese = (s: string) => /[\u4e00-\u9fff]/.test(s);

/** class-validator's English default messages, said in Chinese with the field's label. */
function toChinese(constraint: string, message: string, label: string): string {
  if (hasChinese(message)) return chinesePart(message).replace(/^[a-zA-Z.]+ (?=须)/, label);
  const num = (re: RegExp) => re.exec(message)?.[1];
  switch (constraint) {
    case 'isLength':
    case 'length':
    case 'minLength':
    case 'maxLength': {
      const max = num(/shorter than or equal to (\d+)/);
      const min = num(/longer than or equal to (\d+)/);
      if (max) return `${label}不能超过 ${max} 个字`;
      if (min && min !== '1') return `${label}至少 ${min} 个字`;
      return `请填写${label}`;
    }
    case 'isNotEmpty':
    case 'isString':
    case 'isDefined':
      return `请填写${label}`;
    case 'isInt':
    case 'isNumber':
      return `${label}须为整数`;
    case 'isPositive':
    case 'min':
      return `${label}不能小于 ${num(/less than (-?\d+)/) ?? '允许的最小值'}`;
    case 'max':
      return `${label}不能大于 ${num(/greater than (-?\d+)/) ?? '允许的最大值'}`;
    case 'isEnum':
    case 'isIn':
      return `请选择${label}`;
    case 'isBoolean':
      return `请选择${label}`;
    case 'arrayMaxSize':
      return `${label}最多 ${num(/at most (\d+)/) ?? ''} 项`;
    case 'arrayMinSize':
    case 'arrayNotEmpty':
      return `请至少填写一项${label}`;
    case 'arrayUnique':
      return `${label}有重复项`;
    default:
      return `${label}填写有误`;
  }
}

function flatten(errors: ValidationError[], labels: Record<string, string>, parent = ''): FieldProblem[] {
  const rows: FieldProblem[] = [];
  for (const e of errors) {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const label = labels[field] ?? labels[e.property] ?? field;
    if (e.constraints) {
      // A value of the wrong kind ("1.5万" for a number) fails its range checks too; say only what matters.
      const entries = Object.entries(e.constraints);
      const typeFailure = entries.filter(([k]) => KIND_CHECKS.has(k));
      rows.push({
        field,
        messages: (typeFailure.length ? typeFailure : entries).map(([k, m]) => toChinese(k, m, label)),
      });
    }
    if (e.children?.length) rows.push(...flatten(e.children, labels, field));
  }
  return rows;
}

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
  const problems = flatten(await validate(dto, { whitelist: true, forbidNonWhitelisted: true }), labels);
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
      fields[p.field] = (p.messages ?? []).map((m) => toChinese('', m, label));
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
