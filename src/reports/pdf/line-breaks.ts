import { lineBreaker } from '../../common/libraries/on-first-use';

/** A place a line may end: before the character at `position`; `required` after a line feed. */
export interface LineBreak {
  position: number;
  required: boolean;
}

/** Opening quotation marks: a line may break before one that follows Chinese text. */
const OPENING_QUOTES = new Set(['“', '‘']);
/** Closing quotation marks: a line may break after one that Chinese text follows. */
const CLOSING_QUOTES = new Set(['”', '’']);
const HAN = /^\p{Script=Han}$/u;
/** Any of the four marks: most cells have none, and are not scanned character by character. */
const ANY_QUOTE = /[“‘”’]/;
/** Chinese punctuation a line may end on (ends of clauses, closing brackets). */
const CLAUSE_ENDS = new Set([...'，。、；：！？）】》」』']);

/** The code point that ends just before `i` (a character outside the BMP is two code units). */
function charBefore(text: string, i: number): string {
  const cp = text.codePointAt(i >= 2 && /[\udc00-\udfff]/.test(text[i - 1]) ? i - 2 : i - 1);
  return cp === undefined ? '' : String.fromCodePoint(cp);
}

function charAt(text: string, i: number): string {
  const cp = text.codePointAt(i);
  return cp === undefined ? '' : String.fromCodePoint(cp);
}

/**
 * The breaks the `linebreak` package (what pdfkit wraps with: Unicode's line-breaking rules before Unicode 15.1) does
 * not give but Unicode 15.1 does (rule LB19a): a quotation mark between Chinese characters no longer glues them. Under
 * the old rule “五落实” in a sentence drags the character before it onto the next line and leaves a gap at the end of
 * the line above. Only a break before an opening mark and after a closing one are added, so no line ends on “ or
 * starts with ” (as Chinese typesetting requires).
 */
export function quotationBreaks(text: string): number[] {
  const out: number[] = [];
  if (!ANY_QUOTE.test(text)) return out;
  for (let i = 1; i < text.length; i++) {
    const c = text[i];
    if (OPENING_QUOTES.has(c)) {
      const before = charBefore(text, i);
      if (HAN.test(before) || CLAUSE_ENDS.has(before)) out.push(i);
    } else if (CLOSING_QUOTES.has(text[i - 1]) && HAN.test(charAt(text, i))) out.push(i);
  }
  return out;
}

/** Where lines may break in `text`, in order: the `linebreak` package's breaks and `quotationBreaks`. */
export function* lineBreaks(text: string): Generator<LineBreak> {
  const LineBreaker = lineBreaker();
  const breaker = new LineBreaker(text);
  const extra = quotationBreaks(text);
  let e = 0;
  for (let bk = breaker.nextBreak(); bk; bk = breaker.nextBreak()) {
    for (; e < extra.length && extra[e] <= bk.position; e++)
      if (extra[e] < bk.position) yield { position: extra[e], required: false };
    yield { position: bk.position, required: bk.required };
  }
}
