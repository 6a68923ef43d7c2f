import PDFDocument from 'pdfkit';
import { CellText, type LaidText } from './cell-text';
import { FontCoverage, firstPdfFonts } from './fonts';
import { breakBetweenItems, listItems } from './item-lines';
import { PAD, PdfTables, type FieldValue } from './pdf-tables';
import type { PdfBox, PdfTemplate } from './pdf-template';

/** A document with the report fonts, as the writer makes it (A4 landscape, as the ledger). */
function newDoc(): PDFKit.PDFDocument {
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', autoFirstPage: true });
  const fonts = firstPdfFonts(new FontCoverage());
  doc.registerFont('regular', fonts.regular as unknown as string);
  doc.registerFont('bold', fonts.bold as unknown as string);
  return doc;
}

const STATUS = ['整改中 12', '待复查 5', '复查通过 3', '已销号 40'];
/** 按状态 of the demo's round 5 (职业健康安全督察“回头看”, 新材料): its ledger printed "复查通" | "过 2". */
const DEMO_STATUS = ['已交办 2', '整改中 4', '待复查 2', '复查通过 2', '已销号 4'];

/** Every line but the last ends an item: the lines, joined, are the items (with their "，"), regrouped. */
function expectWholeItems(lines: string[], items: string[]) {
  const pieces = listItems(items);
  expect(lines.join('')).toBe(pieces.join(''));
  const ends = pieces.map((_, i) => pieces.slice(0, i + 1).join('').length);
  let at = 0;
  for (const line of lines.slice(0, -1)) {
    at += line.length;
    expect({ line, endsAnItem: ends.includes(at) }).toEqual({ line, endsAnItem: true });
  }
}

describe('breakBetweenItems (monospaced: one point a character)', () => {
  const widthOf = (s: string) => s.length;
  // As pdfkit may break CJK text: anywhere.
  const wrap = (width: number) => (s: string) =>
    s.split('\n').flatMap((p) => p.match(new RegExp(`.{1,${width}}`, 'gu')) ?? ['']);
  const lay = (items: string[], width: number) =>
    breakBetweenItems(listItems(items), width, widthOf, wrap(width));

  it('keeps a list that fits on one line, and prints an empty list as "—"', () => {
    expect(lay(STATUS, 40)).toEqual(['整改中 12，待复查 5，复查通过 3，已销号 40']);
    expect(lay([], 10)).toEqual(['—']);
    expect(lay(['一般 3'], 4)).toEqual(['一般 3']);
  });

  it('ends a line only after a "，", filling each line with as many whole items as fit', () => {
    // 整改中 12，(7) 待复查 5，(6) 复查通过 3，(7) 已销号 40(6)
    expect(lay(STATUS, 13)).toEqual(['整改中 12，待复查 5，', '复查通过 3，已销号 40']);
    expect(lay(STATUS, 16)).toEqual(['整改中 12，待复查 5，', '复查通过 3，已销号 40']);
    expect(lay(STATUS, 12)).toEqual(['整改中 12，', '待复查 5，', '复查通过 3，', '已销号 40']);
    for (const width of [7, 8, 12, 13, 16, 19, 20, 26, 27]) expectWholeItems(lay(STATUS, width), STATUS);
  });

  it('breaks inside an item only when the item alone is wider than the line, continuing the line it is on', () => {
    expect(lay(['一般 3', '重大隐患未整改 12', '较大 1'], 8)).toEqual([
      '一般 3，重大隐',
      '患未整改 12，',
      '较大 1',
    ]);
    expect(lay(['电解槽厂房一般固废乱堆乱放'], 8)).toEqual(wrap(8)('电解槽厂房一般固废乱堆乱放'));
  });

  it('keeps an item’s line break', () => {
    expect(lay(['资金 12 元', '自筹\n物资 无', '其他'], 20)).toEqual(['资金 12 元，自筹', '物资 无，其他']);
  });
});

describe('breakBetweenItems with the report font, as the ledger measures and wraps', () => {
  const doc = newDoc();
  const text = new CellText(doc);
  const widthOf = (s: string) => text.widthOf(s, 'regular', 8);
  const wrap = (width: number) => (s: string) => text.layout(s, 'regular', 8, width).lines;

  it('keeps "复查通过 3" whole where pdfkit broke it as "复查通" | "过 3"', () => {
    // Wide enough for the first two items and "复查通" after them, not for "复查通过 3，".
    const width = widthOf('整改中 12，待复查 5，复查通') + 1;
    const joined = listItems(STATUS).join('');
    expect(wrap(width)(joined)[0]).toBe('整改中 12，待复查 5，复查通'); // as it printed
    const lines = breakBetweenItems(listItems(STATUS), width, widthOf, wrap(width));
    expect(lines).toEqual(['整改中 12，待复查 5，', '复查通过 3，已销号 40']);
    lines.forEach((line) => expect(widthOf(line)).toBeLessThanOrEqual(width));
  });

  it('at every width from one item to the whole list, no line ends inside an item', () => {
    const pieces = listItems(STATUS);
    for (let width = widthOf('复查通过 3，'); width <= widthOf(pieces.join('')) + 1; width += 0.5)
      expectWholeItems(breakBetweenItems(pieces, width, widthOf, wrap(width)), STATUS);
  });
});

describe('PdfTables.fields: a grid of label/value pairs, as the ledger’s 整改统计', () => {
  const tpl = { fontSize: 8, orientation: 'landscape' } as PdfTemplate;

  /** The laid-out cells a grid draws, in drawing order (label, value, label, value, …), and its height. */
  function drawnCells(pairs: [string, FieldValue][], perRow = 3): { cells: LaidText[]; height: number } {
    const doc = newDoc();
    const box: PdfBox = {
      doc,
      tpl,
      left: 22,
      right: 842 - 22,
      width: 842 - 44,
      bottom: 595 - 40,
      ensureSpace: () => undefined,
      counting: false,
      backpressure: () => null,
    };
    const text = new CellText(doc);
    const cells: LaidText[] = [];
    const textOps = text.textOps.bind(text);
    text.textOps = (t, ...rest) => {
      cells.push(t);
      return textOps(t, ...rest);
    };
    const top = doc.y;
    new PdfTables(box, text).fields(pairs, perRow);
    return { cells, height: doc.y - top };
  }

  const STATISTICS = (byStatus: FieldValue, byLevel: FieldValue): [string, FieldValue][] => [
    ['问题总数（督察组，不含作废）', '14'],
    ['销号率', '28.6%'],
    ['超期未整改', '6'],
    ['按状态', byStatus],
    ['按等级', byLevel],
    ['作废（不计入合计）', '1'],
  ];

  it('wraps the demo’s 按状态 list only after a "，" (it printed "复查通" | "过 2")', () => {
    const { cells } = drawnCells(STATISTICS(DEMO_STATUS, ['一般 9', '较大 4', '重大 1']));
    const value = cells[7]; // second row: 按状态's label, then its value
    expect(value.lines).toEqual(['已交办 2，整改中 4，待复查 2，', '复查通过 2，已销号 4']);
    expectWholeItems(value.lines, DEMO_STATUS);
    // Labels and the other values as before.
    expect(cells[6].lines).toEqual(['按状态']);
    expect(cells[1].lines).toEqual(['14']);
    expect(cells[9].lines).toEqual(['一般 9，较大 4，重大 1']);
    expect(cells[10].lines).toEqual(['作废（不计入合计）']);
  });

  it('a list keeps the row’s height when it does not wrap, and its lines fit the cell', () => {
    const text = new CellText(newDoc());
    const asText = drawnCells(STATISTICS('一般 9，较大 4', '一般 9，较大 4'));
    const asList = drawnCells(STATISTICS(['一般 9', '较大 4'], ['一般 9', '较大 4']));
    expect(asList.height).toBe(asText.height);
    expect(asList.cells.map((c) => c.lines)).toEqual(asText.cells.map((c) => c.lines));
    const wrapped = drawnCells(STATISTICS(DEMO_STATUS, []));
    expect(wrapped.cells[9].lines).toEqual(['—']); // an empty list
    const label = Math.ceil(text.widthOf('问题总数（督察组，不含作废）', 'bold', 8) + 2 * PAD + 0.5);
    for (const line of wrapped.cells[7].lines)
      expect(text.widthOf(line, 'regular', 8)).toBeLessThanOrEqual((842 - 44) / 3 - label - 2 * PAD);
    // Two lines: one line taller than a row of single lines.
    expect(wrapped.height - asText.height).toBeCloseTo(wrapped.cells[7].lineHeight, 5);
  });

  it('lays a text value (prose) out as before: it may break anywhere pdfkit breaks it', () => {
    const prose =
      '天然气调压站调压撬进口法兰处检测到天然气泄漏，站内可燃气体泄漏报警仪失效，泄漏未能及时报警和处置';
    const { cells } = drawnCells([['隐患描述', prose]], 1);
    const text = new CellText(newDoc());
    const width = 842 - 44 - 62 - 2 * PAD;
    expect(cells[1].lines).toEqual(text.layout(prose, 'regular', 8, width).lines);
  });
});
