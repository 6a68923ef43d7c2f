import { readdirSync } from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { CellText } from './cell-text';
import { FontCoverage, firstPdfFonts } from './fonts';
import { PAD } from './pdf-tables';
import { loadTemplate, type PdfColumn, type PdfTemplate } from './pdf-template';

/** A column that holds a date (or a time that starts with one), by its key or its header. */
const isDateColumn = (c: PdfColumn) =>
  /date|Date|On$|At$|deadline|effective|expiry|lastCheck/.test(c.key) ||
  /日期|时间$|时限|期限|生效|到期|最近检查/.test(c.header);

const templates = readdirSync(path.join(process.cwd(), 'templates', 'pdf'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => loadTemplate(f.replace(/\.json$/, '')));

const tables = (tpl: PdfTemplate) =>
  [tpl.columns, tpl.itemColumns, tpl.unitColumns, tpl.sourceColumns].flatMap((cols) => cols ?? []);

const dateColumns = templates.flatMap((tpl) =>
  tables(tpl)
    .filter(isDateColumn)
    .map((c) => [`${tpl.id}.${c.key}（${c.header}，${c.width}pt）`, tpl.fontSize, c] as const),
);

describe('PDF templates: a date fits its column on one line', () => {
  const doc = new PDFDocument({ size: 'A4', autoFirstPage: true });
  const fonts = firstPdfFonts(new FontCoverage());
  doc.registerFont('regular', fonts.regular as unknown as string);
  doc.registerFont('bold', fonts.bold as unknown as string);
  const text = new CellText(doc);

  it('finds the date columns of the printouts', () => {
    // The 档案's 生效/到期 (they broke as "2024-03-0 / 1"), the ledgers' 整改时限/销号日期 and the others.
    expect(dateColumns.map(([name]) => name.split('（')[0])).toEqual(
      expect.arrayContaining([
        'hazard-source-file.effective',
        'hazard-source-file.expiry',
        'hazard-source-file.date',
        'ledger.deadline',
        'ledger.closedDate',
        'bounty-list.paidOn',
        'inspection-ledger.signedAt',
        'weekly-summary.deadline',
      ]),
    );
  });

  it.each(dateColumns)('%s: "2024-03-01" on one line', (_name, size, column) => {
    for (const font of ['regular', 'bold'])
      expect(text.layout('2024-03-01', font, size, column.width - 2 * PAD).lines).toEqual(['2024-03-01']);
  });
});

describe('PDF templates: the 16号令 table’s column headers break where they are written', () => {
  const doc = new PDFDocument({ size: 'A4', autoFirstPage: true });
  const fonts = firstPdfFonts(new FontCoverage());
  doc.registerFont('bold', fonts.bold as unknown as string);
  const text = new CellText(doc);
  const tpl = templates.find((t) => t.id === 'statutory-table')!;

  // Each written line fits its column, so none is wrapped again: "排查单位数" had left "数" alone on a line, and
  // (9)–(14) a last character each (落实目标任 / 务).
  it.each(tpl.columns.map((c) => [c.header.replace(/\n/g, ' / '), c] as const))('%s', (_name, column) => {
    for (const line of column.header.split('\n'))
      expect(text.layout(line, 'bold', tpl.fontSize, column.width - 2 * PAD).lines).toEqual([line]);
  });
});
