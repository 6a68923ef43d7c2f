/**
 * The one error type the domain throws. `code` is a stable upper-case identifier clients can rely on;
 * `kind` says which HTTP status it becomes — that mapping lives only in ApiExceptionFilter.
 * Messages are for people: Chinese first, English after.
 */
export type ErrorKind =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'TOO_MANY_REQUESTS'
  | 'UNAVAILABLE';

export interface FieldProblem {
  /** Dotted path of the field at fault, e.g. `plan.funds.amount`. */
  field: string;
  /** What is wrong with it, readable by a person. */
  messages: string[];
}

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details?: FieldProblem[] | Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const validationFailed = (
  problems: FieldProblem[],
  message = '输入有误，请按提示修改 / Validation failed',
) => new DomainError('BAD_REQUEST', 'VALIDATION_FAILED', message, problems);

/**
 * 404 naming what is missing. `what` is bilingual ('单位 / Unit') or Chinese only ('检查表'): each half goes to its
 * own language ("单位不存在：7 / Unit 7 not found", not "单位 / Unit不存在：7 / 单位 / Unit 7 not found").
 */
export const notFound = (what: string, id?: string | number) => {
  const [zh, en = zh] = what.split(' / ');
  return new DomainError(
    'NOT_FOUND',
    'NOT_FOUND',
    id === undefined ? `${zh}不存在 / ${en} not found` : `${zh}不存在：${id} / ${en} ${id} not found`,
  );
};

export const conflict = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError('CONFLICT', code, message, details);

export const forbidden = (message = '无权执行此操作 / You are not allowed to do this') =>
  new DomainError('FORBIDDEN', 'FORBIDDEN', message);
