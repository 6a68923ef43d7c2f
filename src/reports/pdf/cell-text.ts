import { fontFileOf } from './fonts';
import { LineBreak, lineBreaks } from './line-breaks';

/** A text laid out in a box: its lines (as drawn) and each line's width in points. */
export interface LaidText {
  lines: string[];
  widths: number[];
  /** Height of one line in points (the font's line height with its gap, as pdfkit advances). */
  lineHeight: number;
  font: string;
}

/** The parts of pdfkit's EmbeddedFont (one font in one document) the cell drawer uses. */
interface EmbeddedFont {
  id: string;
  font: {
    glyphForCodePoint(cp: number): { id: number; advanceWidth: number; codePoints: number[] };
  };
  subset: { includeGlyph(glyphId: number): number };
  widths: number[];
  unicode: number[][];
  scale: number;
  ascender: number;
  ref(): unknown;
  lineHeight(size: number, includeGap?: boolean): number;
}

interface DocInternals {
  _font: EmbeddedFont;
  page: { height: number; fonts: Record<string, unknown> };
}

/** Advance widths (1/1000 em) per code point, per font file — shared by every document of the process. */
const advanceCache = new WeakMap<object, Map<number, number>>();

/** pdfkit rounds measured widths down to 32-bit floats (PDFNumber); the same here so lines break where it breaks. */
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
function floatDown(n: number): number {
  const rounded = Math.fround(n);
  if (rounded <= n) return rounded;
  f32[0] = n;
  if (n <= 0) u32[0] += 1;
  else u32[0] -= 1;
  return f32[0];
}

/** A number in content operators: three decimals are far below what a printer resolves. */
export const num = (n: number) => String(Math.round(n * 1000) / 1000);

/** One font of one document: widths from the font's cmap (cached), glyphs encoded straight into pdfkit's subset. */
class FontUse {
  private readonly advances: Map<number, number>;
  /** Code point → the glyph's 4-digit hex id in this document's subset. */
  private readonly hex = new Map<number, string>();

  constructor(
    readonly name: string,
    readonly embedded: EmbeddedFont,
  ) {
    let advances = advanceCache.get(fontFileOf(embedded.font));
    if (!advances) advanceCache.set(fontFileOf(embedded.font), (advances = new Map()));
    this.advances = advances;
  }

  private advance(cp: number): number {
    let a = this.advances.get(cp);
    if (a === undefined) {
      if (cp === 10) return 0;
      const glyph = this.embedded.font.glyphForCodePoint(cp);
      a = glyph.advanceWidth * this.embedded.scale;
      // A character the font lacks is looked up again in every document, so each one learns it (fonts.ts).
      if (glyph.id !== 0) this.advances.set(cp, a);
    }
    return a;
  }

  /** Width in 1/1000 em. */
  width(text: string): number {
    let w = 0;
    for (let i = 0; i < text.length; i++) {
      const cp = text.codePointAt(i)!;
      if (cp > 0xffff) i++;
      w += this.advance(cp);
    }
    return w;
  }

  /** The text as glyph ids of this document's font subset, in hex (what a PDF `Tj` shows). */
  encode(text: string): string {
    let out = '';
    for (let i = 0; i < text.length; i++) {
      const cp = text.codePointAt(i)!;
      if (cp > 0xffff) i++;
      if (cp === 10) continue;
      let h = this.hex.get(cp);
      if (h === undefined) {
        const f = this.embedded;
        const glyph = f.font.glyphForCodePoint(cp);
        const gid = f.subset.includeGlyph(glyph.id);
        f.widths[gid] ??= glyph.advanceWidth * f.scale;
        f.unicode[gid] ??= glyph.codePoints.length ? glyph.codePoints : [cp];
        h = `0000${gid.toString(16)}`.slice(-4);
        this.hex.set(cp, h);
      }
      out += h;
    }
    return out;
  }
}

/**
 * Table cells laid out once and drawn from that layout: lines are broken where pdfkit's LineWrapper breaks them (the
 * same Unicode line-breaking rules and width comparisons, widths from the font's advance widths without kerning) and
 * also where Unicode 15.1 allows around quotation marks in Chinese text (line-breaks.ts); the row's height comes from
 * the line count, and the lines are written as glyph runs — no second wrapping or shaping when drawing. One per
 * document (the glyph encodings belong to the document's font subset).
 */
export class CellText {
  private readonly fonts = new Map<string, FontUse>();

  constructor(private readonly doc: PDFKit.PDFDocument) {}

  private use(name: string): FontUse {
    let f = this.fonts.get(name);
    if (!f) {
      // doc.font() selects the font; the caller's font and size are put back afterwards.
      const state = this.doc as unknown as Record<'_font' | '_fontFamily' | '_fontSize', unknown>;
      const saved = { _font: state._font, _fontFamily: state._fontFamily, _fontSize: state._fontSize };
      this.doc.font(name);
      f = new FontUse(name, (this.doc as unknown as DocInternals)._font);
      Object.assign(state, saved);
      this.fonts.set(name, f);
    }
    return f;
  }

  /** Width of a text in points. */
  widthOf(text: string, font: string, size: number): number {
    return (this.use(font).width(text) * size) / 1000;
  }

  /** Breaks `text` into lines of at most `width` points, as pdfkit's `text(…, { width })` would. */
  layout(text: string, font: string, size: number, width: number): LaidText {
    const f = this.use(font);
    const lineHeight = f.embedded.lineHeight(size, true);
    const out: LaidText = { lines: [], widths: [], lineHeight, font };
    const ww = (w: string) => floatDown((f.width(w) * size) / 1000);
    if (!text.includes('\n')) {
      const w = ww(text);
      if (w <= width || text.length <= 1) {
        out.lines.push(text);
        out.widths.push(w);
        return out;
      }
    }
    // LineWrapper.wrap and eachWord (pdfkit 0.20), without columns, indents, ellipses and soft hyphens.
    let buffer = '';
    let textWidth = 0;
    let wc = 0;
    let spaceLeft = width;
    const emit = () => {
      out.lines.push(buffer.replace(/\n/g, ''));
      out.widths.push(textWidth);
    };
    const place = (word: string, w: number, required: boolean, startsLine: boolean) => {
      if (startsLine) spaceLeft = width;
      const fits = w <= spaceLeft;
      if (fits) {
        buffer += word;
        textWidth += w;
        wc++;
      }
      if (required || !fits) {
        if (required && w > spaceLeft) {
          emit();
          buffer = word;
          textWidth = w;
          wc = 1;
        }
        emit();
        if (required) {
          spaceLeft = width;
          buffer = '';
          textWidth = 0;
          wc = 0;
        } else {
          spaceLeft = width - w;
          buffer = word;
          textWidth = w;
          wc = 1;
        }
      } else spaceLeft -= w;
    };
    let last: LineBreak | null = null;
    for (const bk of lineBreaks(text)) {
      let word = text.slice(last?.position ?? 0, bk.position);
      let w = ww(word);
      if (w > width) {
        // A word wider than the line is cut where the line ends.
        let startsLine = last === null || last.required;
        while (word.length) {
          let l: number;
          let mightGrow = false;
          if (w > spaceLeft) {
            l = Math.ceil(spaceLeft / (w / word.length));
            w = ww(word.slice(0, l));
            mightGrow = w <= spaceLeft && l < word.length;
          } else l = word.length;
          let mustShrink = w > spaceLeft && l > 0;
          while (mustShrink || mightGrow) {
            if (mustShrink) {
              w = ww(word.slice(0, --l));
              mustShrink = w > spaceLeft && l > 0;
            } else {
              w = ww(word.slice(0, ++l));
              mustShrink = w > spaceLeft && l > 0;
              mightGrow = w <= spaceLeft && l < word.length;
            }
          }
          if (l === 0 && spaceLeft === width) l = 1;
          place(word.slice(0, l), w, bk.required || l < word.length, startsLine);
          startsLine = false;
          word = word.slice(l);
          w = ww(word);
        }
      } else place(word, w, bk.required, last === null || last.required);
      last = bk;
    }
    if (wc > 0) emit();
    if (!out.lines.length) {
      out.lines.push('');
      out.widths.push(0);
    }
    return out;
  }

  /**
   * Draws laid-out lines with the top of the first at (x, y) in a box `width` wide, in the current fill colour, as
   * pdfkit's `text` would place them (same baseline, same alignment). `from`/`to` select lines. Arguments as
   * `textOps`.
   */
  draw(...at: Parameters<CellText['textOps']>): void {
    const ops = this.textOps(...at);
    // As bytes: pdfkit converts a string to bytes in a JavaScript loop, Buffer.from natively (content is ASCII).
    if (ops) this.doc.addContent(Buffer.from(this.textBlock(ops), 'latin1'));
  }

  /**
   * The operators that draw laid-out lines (as `draw` places them), to be put inside `textBlock`: the font, then one
   * positioned glyph run per line. Empty when there is nothing to draw. A table row joins its cells' operators into
   * one block (pdf-tables.ts): one content write per row instead of several per cell.
   */
  textOps(
    t: LaidText,
    size: number,
    x: number,
    y: number,
    width: number,
    align: 'left' | 'center' | 'right',
    from = 0,
    to = t.lines.length,
  ): string {
    const f = this.use(t.font);
    const page = this.page;
    page.fonts[f.embedded.id] ??= f.embedded.ref();
    const dy = (f.embedded.ascender / 1000) * size;
    let ops = '';
    for (let i = from; i < to; i++) {
      const line = t.lines[i];
      if (!line) continue;
      let lx = x;
      if (align === 'right') lx += width - (f.width(line.replace(/\s+$/, '')) * size) / 1000;
      else if (align === 'center') lx += width / 2 - t.widths[i] / 2;
      const ly = page.height - (y + (i - from) * t.lineHeight) - dy;
      ops += `1 0 0 1 ${num(lx)} ${num(ly)} Tm\n<${f.encode(line)}> Tj\n`;
    }
    return ops && `/${f.embedded.id} ${num(size)} Tf\n${ops}`;
  }

  /** Text operators in a text object, in PDF's upward coordinates (pdfkit's page content runs top-down). */
  textBlock(ops: string): string {
    return `q\n1 0 0 -1 0 ${num(this.page.height)} cm\nBT\n${ops}ET\nQ\n`;
  }

  private get page(): DocInternals['page'] {
    return (this.doc as unknown as DocInternals).page;
  }
}
