import { DomainError, FieldProblem, validationFailed } from '../errors/domain-error';

/**
 * Limits on what a request may carry, checked before anything transforms it (class-transformer recurses, and
 * PostgreSQL refuses NUL in text with an error of its own). Each check is a plain function so it can be tested alone.
 */

/** Deeper JSON than this is refused: no form or API body of Rectify nests beyond a handful of levels. */
export const MAX_BODY_DEPTH = 32;

const OPEN_BRACKET = new Set([0x5b, 0x7b]); // [ {
const CLOSE_BRACKET = new Set([0x5d, 0x7d]); // ] }

/**
 * Scans raw JSON bytes for nesting deeper than `max` (brackets inside strings do not count). Linear in the body's
 * size and allocation-free, so a 400,000-bracket body is refused in about a millisecond, before JSON.parse.
 */
export function jsonDepthExceeds(buf: Uint8Array, max = MAX_BODY_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (OPEN_BRACKET.has(c)) {
      if (++depth > max) return true;
    } else if (CLOSE_BRACKET.has(c)) depth--;
  }
  return false;
}

export const bodyTooDeep = () =>
  new DomainError(
    'BAD_REQUEST',
    'BODY_TOO_DEEP',
    `请求体嵌套层数超过 ${MAX_BODY_DEPTH} 层 / The request body is nested deeper than ${MAX_BODY_DEPTH} levels`,
    { maxDepth: MAX_BODY_DEPTH },
  );

export const bodyEncodingInvalid = () =>
  new DomainError(
    'BAD_REQUEST',
    'BODY_ENCODING_INVALID',
    '请求体与声明的压缩格式（Content-Encoding）不符 / The body does not match its Content-Encoding',
  );

/**
 * Whether an error came from zlib inflating a body that is not what its Content-Encoding says: gzip's and deflate's
 * codes are `Z_DATA_ERROR` and the like, Brotli's its decoder's error names (`ERR__ERROR_FORMAT_PADDING_1`).
 */
export const isZlibError = (e: unknown): boolean =>
  typeof e === 'object' &&
  e !== null &&
  typeof (e as { code?: unknown }).code === 'string' &&
  /^(Z_|ERR__ERROR_)/.test((e as { code: string }).code);

/**
 * Half of a UTF-16 surrogate pair with no other half (JSON's "\ud800"): not a character, so no text can hold it —
 * PostgreSQL would store U+FFFD in its place, and some validators throw on it (isEmail: URIError, a 500).
 */
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * Finds NUL characters and lone surrogates anywhere in a value (strings, keys, arrays, objects) and, when
 * `refuseNull` is set, explicit `null` properties. Returns one problem per field, with the dotted path. Depth is bounded by the caller (bodies
 * are checked for depth first; query strings are flat).
 */
export function forbiddenInput(value: unknown, base: string, refuseNull: boolean): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const walk = (v: unknown, field: string, depth: number) => {
    if (depth > MAX_BODY_DEPTH) return;
    if (typeof v === 'string') {
      if (v.includes('\u0000'))
        problems.push({
          field,
          messages: [`${field} 含有不允许的空字符（\\u0000） / ${field} contains a NUL character`],
        });
      else if (LONE_SURROGATE.test(v))
        problems.push({
          field,
          messages: [
            `${field} 含有无效字符（不成对的代理项，如 \\ud800） / ${field} contains an invalid character (a lone surrogate)`,
          ],
        });
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => walk(item, `${field}.${i}`, depth + 1));
    } else if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v)) {
      for (const [key, item] of Object.entries(v)) {
        const path = field ? `${field}.${key}` : key;
        if (key.includes('\u0000'))
          problems.push({
            field: path,
            messages: ['字段名含有不允许的空字符 / A field name contains a NUL character'],
          });
        else if (item === null && refuseNull)
          problems.push({
            field: path,
            messages: [
              `${path} 不能为 null：不修改就不要传这个字段 / ${path} cannot be null: leave it out to keep it`,
            ],
          });
        else walk(item, path, depth + 1);
      }
    }
  };
  walk(value, base, 0);
  return problems;
}

export const refuseForbiddenInput = (value: unknown, base: string, refuseNull: boolean): void => {
  const problems = forbiddenInput(value, base, refuseNull);
  if (problems.length) throw validationFailed(problems);
};
