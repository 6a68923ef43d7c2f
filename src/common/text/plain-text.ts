/**
 * Line breaks and control characters in typed text. Browsers submit a textarea's line breaks as CRLF, and a PDF
 * font draws the `\r` (and any other control character) as a missing glyph (☒): text is kept with `\n` line breaks
 * only — CRLF, a lone CR and the Unicode line/paragraph separators become `\n`, a tab becomes a space, and every other
 * control character (C0 except `\n`, DEL, C1) is dropped.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

export function plainText(text: string): string {
  return text
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(/\t/g, ' ')
    .replace(CONTROL, '');
}

const SECRET_KEY = /password/i;

/** `plainText` applied to every string of a parsed request (values, not keys; arrays and objects walked; passwords left as typed). */
export function plainTextDeep<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return plainText(value) as T;
  if (depth > 32 || value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return value;
  if (Array.isArray(value)) return value.map((v) => plainTextDeep(v, depth + 1)) as T;
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null)
    return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [
      k,
      // A password is a secret, not text to print: changing it would stop an existing one from matching.
      SECRET_KEY.test(k) ? v : plainTextDeep(v, depth + 1),
    ]),
  ) as T;
}
