import { plainText } from '../../common/text/plain-text';
import type { PdfBox, PdfColumn } from './pdf-template';

type Row = Record<string, string>;

/**
 * Tables and label/value grids: the header row repeats on every page, cells wrap, and a row taller than what is
 * left of a page is split there and continues under the repeated header.
 */
export class PdfTables {
  constructor(private readonly box: PdfBox) {}

  /** Label/value pairs in a bordered grid of `perRow` pairs per row; long values wrap. */
  fields(pairs: [string, string][], perRow = 2): void {
    const labelWidth = 62;
    const cellWidth = this.box.width / perRow;
    const cols: PdfColumn[] = [];
    for (let i = 0; i < perRow; i++)
      cols.push(
        { key: `l${i}`, header: '', width: labelWidth },
        { key: `v${i}`, header: '', width: cellWidth - labelWidth },
      );
    for (let i = 0; i < pairs.length; i += perRow) {
      const row: Row = {};
      pairs.slice(i, i + perRow).forEach(([label, value], j) => {
        row[`l${j}`] = label;
        row[`v${j}`] = value || '—';
      });
      this.drawRow(cols, row, { labelColumns: true });
    }
    this.box.doc.moveDown(0.3);
  }

  /** A table: header row repeated on each page, wrapped cells, optional bold total row at the end. */
  async table(
    columns: PdfColumn[],
    rows: AsyncIterable<Row> | Iterable<Row>,
    opts: { totalRow?: () => Row; empty?: string } = {},
  ): Promise<number> {
    const header = Object.fromEntries(columns.map((c) => [c.key, c.header]));
    // The header and at least three lines of the first row stay together: a page never ends on a lone header.
    this.box.ensureSpace(this.rowHeight(columns, header, 'bold') + 3 * (this.box.tpl.fontSize + 3) + 6);
    this.drawRow(columns, header, { header: true });
    let count = 0;
    for await (const row of rows as AsyncIterable<Row>) {
      this.drawRow(columns, row, { repeatHeader: columns });
      count++;
    }
    if (count === 0 && opts.empty)
      this.drawRow([{ key: 'x', header: '', width: columns.reduce((s, c) => s + c.width, 0) }], {
        x: opts.empty,
      });
    if (opts.totalRow) this.drawRow(columns, opts.totalRow(), { bold: true, repeatHeader: columns });
    this.box.doc.moveDown(0.5);
    return count;
  }

  private rowHeight(columns: PdfColumn[], row: Row, font: string): number {
    const { doc } = this.box;
    doc.font(font).fontSize(this.box.tpl.fontSize);
    return (
      Math.max(
        ...columns.map((c) => doc.heightOfString(plainText(row[c.key] ?? '') || ' ', { width: c.width - 6 })),
      ) + 6
    );
  }

  private drawRow(
    columns: PdfColumn[],
    row: Row,
    o: { header?: boolean; bold?: boolean; labelColumns?: boolean; repeatHeader?: PdfColumn[] } = {},
  ): void {
    const { doc } = this.box;
    const pad = 3;
    const font = o.header || o.bold ? 'bold' : 'regular';
    doc.font(font).fontSize(this.box.tpl.fontSize);
    const maxRowHeight = this.box.bottom - doc.page.margins.top - 40;
    // Header rows are never split, so they are shortened to fit a page; other rows split where a page ends.
    let texts = columns.map((c) =>
      o.header
        ? this.fit(plainText(row[c.key] ?? ''), c.width - 2 * pad, maxRowHeight - 2 * pad, font)
        : plainText(row[c.key] ?? ''),
    );
    const heightOf = (ts: string[]) =>
      Math.max(...ts.map((t, i) => doc.heightOfString(t || ' ', { width: columns[i].width - 2 * pad }))) +
      2 * pad;
    let height = heightOf(texts);
    let rest: Row | null = null;
    const room = this.box.bottom - doc.y;
    if (height > room && !o.header && room >= 4 * (this.box.tpl.fontSize + 3)) {
      // A tall row is split where the page ends and continues under the repeated header on the next page.
      const cut = texts.map((t, i) => this.splitAt(t, columns[i].width - 2 * pad, room - 2 * pad, font));
      if (cut.some((n) => n > 0)) {
        rest = Object.fromEntries(columns.map((c, i) => [c.key, texts[i].slice(cut[i])]));
        texts = texts.map((t, i) => t.slice(0, cut[i]));
        height = room;
      }
    }
    if (!rest && doc.y + height > this.box.bottom) {
      doc.addPage();
      if (o.repeatHeader)
        this.drawRow(o.repeatHeader, Object.fromEntries(o.repeatHeader.map((c) => [c.key, c.header])), {
          header: true,
        });
      doc.font(font).fontSize(this.box.tpl.fontSize);
      // On the fresh page a row taller than the page splits (header rows were shortened to fit).
      if (!o.header && doc.y + height > this.box.bottom) return this.drawRow(columns, row, o);
    }
    const y = doc.y;
    let x = this.box.left;
    columns.forEach((c, i) => {
      const shaded = o.header || (o.labelColumns && c.key.startsWith('l'));
      if (shaded) doc.rect(x, y, c.width, height).fillColor('#eeeeee').fill().fillColor('black');
      doc.rect(x, y, c.width, height).lineWidth(0.5).strokeColor('#888888').stroke();
      doc.font(shaded ? 'bold' : font).text(texts[i], x + pad, y + pad, {
        width: c.width - 2 * pad,
        align: o.header ? 'center' : (c.align ?? 'left'),
      });
      x += c.width;
    });
    doc.x = this.box.left;
    doc.y = y + height;
    if (rest) {
      doc.addPage();
      if (o.repeatHeader)
        this.drawRow(o.repeatHeader, Object.fromEntries(o.repeatHeader.map((c) => [c.key, c.header])), {
          header: true,
        });
      this.drawRow(columns, rest, o);
    }
  }

  /** How many characters of a text fit in `maxHeight` (the whole text when it fits). */
  private splitAt(text: string, width: number, maxHeight: number, font: string): number {
    const { doc } = this.box;
    doc.font(font);
    if (doc.heightOfString(text || ' ', { width }) <= maxHeight) return text.length;
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (doc.heightOfString(text.slice(0, mid) || ' ', { width }) <= maxHeight) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Shortens a text that would not fit in one page's row, saying so. */
  private fit(text: string, width: number, maxHeight: number, font: string): string {
    const { doc } = this.box;
    doc.font(font);
    if (doc.heightOfString(text || ' ', { width }) <= maxHeight) return text;
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (doc.heightOfString(text.slice(0, mid) + '……（下略）', { width }) <= maxHeight) lo = mid;
      else hi = mid - 1;
    }
    return text.slice(0, lo) + '……（下略）';
  }
}
