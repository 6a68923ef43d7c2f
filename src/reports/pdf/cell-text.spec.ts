import PDFDocument from 'pdfkit';
import { CellText } from './cell-text';
import { FontCoverage, firstPdfFonts } from './fonts';
import { quotationBreaks } from './line-breaks';

/** A document with the report fonts, as the writer makes it. */
function newDoc(compress = true): PDFKit.PDFDocument {
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', autoFirstPage: true, compress });
  const fonts = firstPdfFonts(new FontCoverage());
  doc.registerFont('regular', fonts.regular as unknown as string);
  doc.registerFont('bold', fonts.bold as unknown as string);
  return doc;
}

const TEXTS = [
  '',
  '一般',
  'XCL-2026-HB-0022',
  '电解槽厂房一般固废乱堆乱放，职工反映强烈，现场管理混乱；消防通道被物料堵塞（已整改一半）。',
  '立即组织人员清理整改，纳入隐患整改台账跟踪；开展专项安全培训\n第二段：补装盖板并加锁，复查。',
  '110kV变电站环保设施运行记录缺失，存在触电风险 pump P-101 seal leaking 2.5 L/h at Line 3-B',
  '“三违”行为：未佩戴安全帽、高处作业未系安全带。'.repeat(8),
  'averyveryverylongwordwithoutanyspacesthatmustbecutwherethelineends',
];

describe('CellText lays a cell out as pdfkit would wrap it', () => {
  const doc = newDoc();
  const text = new CellText(doc);

  it.each(TEXTS.flatMap((t) => [60, 134, 228].map((w) => [t, w] as const)))(
    'the same number of lines as heightOfString: %j at %d pt',
    (t, width) => {
      for (const font of ['regular', 'bold']) {
        const laid = text.layout(t, font, 8, width);
        doc.font(font).fontSize(8);
        const expected = doc.heightOfString(t || ' ', { width });
        // Where quotation marks sit in Chinese text CellText may break where pdfkit does not (below): never more lines.
        if (quotationBreaks(t).length)
          expect(laid.lines.length * laid.lineHeight).toBeLessThanOrEqual(expected + 1e-3);
        else expect(laid.lines.length * laid.lineHeight).toBeCloseTo(expected, 3);
        // Nothing is lost or repeated: the lines are the text without its line breaks.
        expect(laid.lines.join('')).toBe(t.replace(/\n/g, ''));
        // Every line fits its box (a single glyph wider than the box aside).
        laid.widths.forEach((w, i) => {
          if (laid.lines[i].trimEnd().length > 1)
            expect(text.widthOf(laid.lines[i].trimEnd(), font, 8)).toBeLessThanOrEqual(width + 1e-6);
          expect(w).toBeGreaterThanOrEqual(0);
        });
      }
    },
  );

  it('breaks before “ and after ” in Chinese text, where pdfkit leaves a gap, and never ends a line on “', () => {
    const t = '热电分厂机械伤害存在与“锯切打捆岗位锯切机防护罩缺失”同类的问题，已举一反三排查“三违”行为。';
    // A box where pdfkit's rules break early: before 与, which “ glues to 锯.
    const width = text.widthOf('热电分厂机械伤害存在与“', 'regular', 8) + 0.5;
    const laid = text.layout(t, 'regular', 8, width);
    expect(laid.lines[0]).toBe('热电分厂机械伤害存在与');
    expect(laid.lines.join('')).toBe(t);
    for (const line of laid.lines) {
      expect(line.endsWith('“')).toBe(false);
      expect(line.startsWith('”')).toBe(false);
    }
  });

  it('draws the laid-out lines as glyphs of the document font subset, readable back as text', async () => {
    const d = newDoc(false);
    const chunks: Buffer[] = [];
    d.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise((resolve) => d.on('end', resolve));
    const t = new CellText(d);
    const laid = t.layout(TEXTS[3], 'regular', 8, 134);
    t.draw(laid, 8, 30, 40, 134, 'left');
    d.end();
    await done;
    const pdf = Buffer.concat(chunks).toString('latin1');
    // One Tj per line, in a text object using the embedded font, and a ToUnicode map so the text can be copied.
    expect(laid.lines.length).toBeGreaterThan(1);
    expect(pdf.match(/> Tj/g)?.length).toBe(laid.lines.length);
    expect(pdf).toMatch(/\/F\d+ 8 Tf/);
    expect(pdf).toContain('/ToUnicode');
  });
});
