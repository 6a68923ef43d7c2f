import { lineBreaker, pdfKit } from '../../common/libraries/on-first-use';

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

type Breaker = InstanceType<ReturnType<typeof lineBreaker>>;
/** What a breaker taught below keeps between calls of its nextBreak. */
interface Taught {
  quotation?: { extra: number[]; next: number; held: LineBreak | null };
}

/**
 * The `linebreak` package's breaker, taught `quotationBreaks` (once per process): its nextBreak gives those positions
 * too, in order, and is otherwise the package's. pdfkit wraps paragraphs and headings with this same class (the copy
 * it loads itself, see lineBreaker), so a paragraph breaks where a table cell does (CellText, through lineBreaks).
 * pdfkit has no option for its line breaker; its LineWrapper only reads `position` and `required` of each break.
 */
export function quotationAwareLineBreaker(): ReturnType<typeof lineBreaker> {
  const LineBreaker = lineBreaker();
  const proto = LineBreaker.prototype as Breaker & { quotationAware?: true };
  if (proto.quotationAware) return LineBreaker;
  const packageBreak = proto.nextBreak;
  proto.nextBreak = function (this: Breaker & Taught) {
    const q = (this.quotation ??= { extra: quotationBreaks(this.string), next: 0, held: null });
    const bk = q.held ?? packageBreak.call(this);
    if (!bk) return null;
    // The package's break comes after every quotation break before it.
    while (q.next < q.extra.length && q.extra[q.next] <= bk.position) {
      const position = q.extra[q.next++];
      if (position < bk.position) {
        q.held = bk;
        return { position, required: false };
      }
    }
    q.held = null;
    return bk;
  };
  proto.quotationAware = true;
  return LineBreaker;
}

/** Where lines may break in `text`, in order: the `linebreak` package's breaks and `quotationBreaks`. */
export function* lineBreaks(text: string): Generator<LineBreak> {
  const breaker = new (quotationAwareLineBreaker())(text);
  for (let bk = breaker.nextBreak(); bk; bk = breaker.nextBreak())
    yield { position: bk.position, required: bk.required };
}

/** pdfkit's PDFDocument, its line wrapping taught the quotation breaks: every PDF of the service is made with it. */
export function pdfDocumentClass(): ReturnType<typeof pdfKit> {
  quotationAwareLineBreaker();
  return pdfKit();
}
