import type * as fontkit from 'fontkit';
import { fontKit } from '../../common/libraries/on-first-use';
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Noto Sans SC (OFL), installed by `npm ci` from @expo-google-fonts/noto-sans-sc: full CJK coverage with Latin
 * letters and digits. Parsed once per process and handed to pdfkit as fontkit objects — registering by path makes
 * pdfkit re-read the 10 MB file again and again (../shared/ENGINEERING.md). pdfkit embeds only the glyphs used.
 *
 * Two sets (issue 22: the whole fonts were 21.8 MB of a 1,000-finding ledger's 206 MB):
 * - the common fonts, 2.6 MB a weight, made by `npm run build` into dist/fonts/ (.tools/common-fonts.mjs): GB2312's
 *   hanzi and symbols, ASCII and the symbol blocks of technical text. Every document starts with them.
 * - the whole fonts, 10.5 MB a weight, loaded the first time a document has a character the common ones lack (a
 *   rare character in a name, say): renderPdf lays that document out again with them.
 * A document is set in one set throughout, so its measuring and its drawing always agree.
 */
export interface PdfFonts {
  regular: fontkit.Font;
  bold: fontkit.Font;
}

/** What a document met while it was laid out: a character the common fonts lack. One per layout, never shared. */
export class FontCoverage {
  missed = false;
}

let whole: PdfFonts | undefined;
let common: PdfFonts | null | undefined;

/** Finds the font package through Node's resolution, from the working directory's node_modules. */
function fontFile(weight: string, name: string): string {
  const resolve = createRequire(path.join(process.cwd(), 'package.json')).resolve;
  return path.join(path.dirname(resolve('@expo-google-fonts/noto-sans-sc/package.json')), weight, name);
}

/** The whole fonts: every character Noto Sans SC has. */
export function wholePdfFonts(): PdfFonts {
  whole ??= {
    regular: fontKit().create(readFileSync(fontFile('400Regular', 'NotoSansSC_400Regular.ttf'))),
    bold: fontKit().create(readFileSync(fontFile('700Bold', 'NotoSansSC_700Bold.ttf'))),
  };
  return whole;
}

/** The common fonts `npm run build` made, or null when this checkout has not built them (the whole fonts serve). */
function commonPdfFonts(): PdfFonts | null {
  if (common === undefined) {
    const dir = path.join(process.cwd(), 'dist', 'fonts');
    const regular = path.join(dir, 'NotoSansSC-common-400Regular.ttf');
    const bold = path.join(dir, 'NotoSansSC-common-700Bold.ttf');
    if (existsSync(regular) && existsSync(bold)) {
      common = {
        regular: fontKit().create(readFileSync(regular)),
        bold: fontKit().create(readFileSync(bold)),
      };
    } else {
      process.emitWarning(
        `${dir} has no common fonts (npm run build makes them): printouts use the whole fonts`,
      );
      common = null;
    }
  }
  return common;
}

/** The font a watched font stands for (the cell drawer caches glyph widths per font file, not per document). */
const WATCHED = Symbol('watched font');

export function fontFileOf(font: object): object {
  return (font as { [WATCHED]?: object })[WATCHED] ?? font;
}

/**
 * The font as pdfkit and the cell drawer see it in one document: the same font, except that looking up a character
 * it lacks (glyph 0) marks the document's coverage. Control characters are not counted: no font draws them.
 */
function watched(font: fontkit.Font, coverage: FontCoverage): fontkit.Font {
  // By the character asked for, not by the glyph's codePoints: fontkit caches glyph 0 once, with the code points of
  // whichever character first missed.
  const lacks = (cp: number) => cp >= 0x20 && font.glyphForCodePoint(cp).id === 0;
  const glyphForCodePoint = (cp: number) => {
    const glyph = font.glyphForCodePoint(cp);
    if (glyph.id === 0 && cp >= 0x20) coverage.missed = true;
    return glyph;
  };
  const layout = (...args: Parameters<fontkit.Font['layout']>) => {
    const run = font.layout(...args);
    if (run.glyphs.some((g) => g.id === 0))
      for (const ch of args[0]) if (lacks(ch.codePointAt(0)!)) coverage.missed = true;
    return run;
  };
  return new Proxy(font, {
    get(target, prop) {
      if (prop === 'glyphForCodePoint') return glyphForCodePoint;
      if (prop === 'layout') return layout;
      if (prop === WATCHED) return target;
      // Getters and methods run on the font itself, so its caches stay shared by every document.
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * The fonts a document is laid out with first: the common fonts, watched for characters they lack. When
 * `coverage.missed` is set afterwards, lay the document out again with `wholePdfFonts()`.
 */
export function firstPdfFonts(coverage: FontCoverage): PdfFonts {
  const fonts = commonPdfFonts();
  if (!fonts) return wholePdfFonts();
  return { regular: watched(fonts.regular, coverage), bold: watched(fonts.bold, coverage) };
}

/**
 * Lays a document out with the common fonts and, if it met a character they lack, once more with the whole fonts.
 * Returns the fonts the document is to be drawn with and what the last layout returned.
 */
export async function settlePdfFonts<T>(
  layOut: (fonts: PdfFonts) => Promise<T>,
): Promise<{ fonts: PdfFonts; laidOut: T }> {
  const coverage = new FontCoverage();
  const first = firstPdfFonts(coverage);
  const laidOut = await layOut(first);
  if (!coverage.missed) return { fonts: first, laidOut };
  const fonts = wholePdfFonts();
  return { fonts, laidOut: await layOut(fonts) };
}
