/** The little of fontkit's API that Rectify uses (the package ships no types). */
declare module 'fontkit' {
  export interface Glyph {
    /** 0 is .notdef: the font has no glyph for the character asked for. */
    id: number;
    advanceWidth: number;
    codePoints: number[];
  }
  export interface GlyphRun {
    glyphs: Glyph[];
  }
  export interface Font {
    postscriptName: string;
    unitsPerEm: number;
    numGlyphs: number;
    layout(text: string, features?: unknown): GlyphRun;
    glyphForCodePoint(codePoint: number): Glyph;
  }
  export function create(buffer: Buffer | Uint8Array, postscriptName?: string): Font;
}
