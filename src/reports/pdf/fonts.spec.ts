import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fontFileOf, FontCoverage, firstPdfFonts, wholePdfFonts } from './fonts';

/** Every character of the files git keeps under these folders (the product's own words: labels, headings, templates). */
function ownCharacters(...dirs: string[]): Set<string> {
  const files = execFileSync('git', ['ls-files', ...dirs], { encoding: 'utf8' })
    .split('\n')
    .filter((f) => /\.(ts|json|eta)$/.test(f) && !/\.spec\.ts$/.test(f));
  const chars = new Set<string>();
  for (const f of files)
    for (const ch of readFileSync(f, 'utf8')) if (ch.codePointAt(0)! > 0x7e) chars.add(ch);
  return chars;
}

describe('The printouts’ fonts: the common fonts first, the whole fonts when a document needs them (issue 22)', () => {
  it('npm run build made the common fonts, each a quarter of the whole font’s size', () => {
    for (const weight of ['400Regular', '700Bold']) {
      const size = statSync(path.join('dist', 'fonts', `NotoSansSC-common-${weight}.ttf`)).size;
      expect(size).toBeGreaterThan(1_500_000);
      expect(size).toBeLessThan(3_500_000);
    }
    const common = firstPdfFonts(new FontCoverage());
    const whole = wholePdfFonts();
    expect(fontFileOf(common.regular)).not.toBe(whole.regular);
    expect(common.regular.numGlyphs).toBeLessThan(whole.regular.numGlyphs / 2);
  });

  it('has every character the product prints of its own (headings, labels, templates), in both weights', () => {
    const coverage = new FontCoverage();
    const fonts = firstPdfFonts(coverage);
    const chars = ownCharacters('src', 'templates');
    expect(chars.size).toBeGreaterThan(1000);
    const whole = wholePdfFonts();
    // Characters of the web pages only (☰, the menu button) are in neither.
    const lacking = [...chars].filter((ch) =>
      (['regular', 'bold'] as const).some(
        (w) =>
          fonts[w].glyphForCodePoint(ch.codePointAt(0)!).id === 0 &&
          whole[w].glyphForCodePoint(ch.codePointAt(0)!).id !== 0,
      ),
    );
    // A character here would send every document that prints it to the whole fonts: add its block to
    // .tools/common-fonts.mjs (or, if the whole font lacks it too, do not print it).
    expect(lacking).toEqual([]);
  });

  it('marks a document that has a character the common fonts lack (a rare character in a name), and only then', () => {
    const ordinary = new FontCoverage();
    const fonts = firstPdfFonts(ordinary);
    fonts.regular.layout('电解槽厂房一般固废乱堆乱放 P-101 ≤ 5 m³ ① ✓\t');
    fonts.bold.glyphForCodePoint('整'.codePointAt(0)!);
    expect(ordinary.missed).toBe(false);

    const byLayout = new FontCoverage();
    firstPdfFonts(byLayout).regular.layout('责任人：王堃');
    expect(byLayout.missed).toBe(true);
    const byGlyph = new FontCoverage();
    firstPdfFonts(byGlyph).bold.glyphForCodePoint('玥'.codePointAt(0)!);
    expect(byGlyph.missed).toBe(true);
    // One document's miss is its own.
    expect(ordinary.missed).toBe(false);

    // The whole fonts have those characters.
    const whole = wholePdfFonts();
    for (const ch of '堃玥喆') expect(whole.regular.glyphForCodePoint(ch.codePointAt(0)!).id).not.toBe(0);
  });
});
