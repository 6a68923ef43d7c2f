import { plainText } from '../../common/text/plain-text';
import { num, type CellText, type LaidText } from './cell-text';
import { breakBetweenItems, listItems } from './item-lines';
import type { PdfBox, PdfColumn } from './pdf-template';

type Row = Record<string, string>;

/**
 * Tables and label/value grids: the header row repeats on every page, cells wrap, and a row taller than what is
 * left of a page is split there and continues under the repeated header. Each row is laid out once (cell-text.ts:
 * lines, height) and drawn from that layout; in the counting pass it is only laid out.
 */
export class PdfTables {
  /** Each table's header row, laid out once. */
  private readonly headers = new WeakMap<PdfColumn[], LaidRow>();

  constructor(
    private readonly box: PdfBox,
    private readonly text: CellText,
  ) {}

  /**
   * Label/value pairs in a bordered grid of `perRow` pairs per row; long values wrap. Each position's label column is
   * as wide as its longest label (at least 62pt, at most half the pair), so a label such as 问题总数（督察组，不含作废）
   * stays on one line instead of breaking mid-word. A value given as a list (["整改中 12", "复查通过 3"]) is printed
   * with its items separated by "，" and wraps only between them, never inside "复查通过 3" (unless one item alone is
   * wider than the cell); "—" if the list is empty.
   */
  fields(
    pairs: [string, FieldValue][],
    perRow = 2,
    holdEnd: (height: number, draw: () => void) => void = (_h, draw) => draw(),
  ): void {
    const cellWidth = this.box.width / perRow;
    const size = this.box.tpl.fontSize;
    const cols: PdfColumn[] = [];
    for (let i = 0; i < perRow; i++) {
      const widest = Math.max(
        0,
        ...pairs
          .filter((_p, k) => k % perRow === i)
          .map(([label]) => this.text.widthOf(plainText(label), 'bold', size)),
      );
      const labelWidth = Math.min(cellWidth / 2, Math.max(62, Math.ceil(widest + 2 * PAD + 0.5)));
      cols.push(
        { key: `l${i}`, header: '', width: labelWidth },
        { key: `v${i}`, header: '', width: cellWidth - labelWidth },
      );
    }
    const rows: LaidRow[] = [];
    for (let i = 0; i < pairs.length; i += perRow) {
      // Label, value, label, value, …: a short last row's missing pairs are empty cells.
      const row = pairs.slice(i, i + perRow).flat();
      const cells = cols.map((c, k) => {
        const text = row[k];
        const font = k % 2 === 0 ? 'bold' : 'regular';
        const width = c.width - 2 * PAD;
        if (Array.isArray(text))
          return this.layList(listItems(text.map((t) => plainText(t))), font, size, width);
        const shown = k >= row.length ? '' : k % 2 === 1 ? text || '—' : (text ?? '');
        return this.text.layout(plainText(shown as string), font, size, width);
      });
      rows.push({ cells, height: rowHeight(cells) });
    }
    const o = { labelColumns: true };
    rows.forEach((laid, i) => {
      if (i === rows.length - 1) return;
      // The first row is where a heading held above the grid is kept (keep-with-next): at least its first lines.
      if (i === 0) this.box.ensureSpace(Math.min(laid.height, 4 * (size + 3)));
      this.place(cols, laid, o);
    });
    // The last row is drawn once it is known what follows: a signature block takes it along to its page (with a
    // heading above it, when the grid is that one row).
    const last = rows.at(-1);
    if (!last) return;
    const after = 0.3 * this.box.doc.font('regular').fontSize(size).currentLineHeight(true);
    holdEnd(last.height + after, () => {
      this.place(cols, last, o);
      this.box.doc.moveDown(0.3);
    });
  }

  /** A list in a grid's value cell: broken into lines only between its items (item-lines.ts). */
  private layList(items: string[], font: string, size: number, width: number): LaidText {
    const lines = breakBetweenItems(
      items,
      width,
      (t) => this.text.widthOf(t, font, size),
      (t) => this.text.layout(t, font, size, width).lines,
    );
    const { lineHeight } = this.text.layout('', font, size, width);
    return { lines, widths: lines.map((l) => this.text.widthOf(l, font, size)), lineHeight, font };
  }

  /**
   * A table: header row repeated on each page, wrapped cells, optional bold total row at the end. The last two rows
   * are drawn after the table's end is known: neither the total row nor one last row starts a page on its own, the
   * last two rows come along (under the repeated header). That end (last two rows and total) is handed to `holdEnd`,
   * which draws it once it knows what follows (a signature block brings it to its page); without `holdEnd` it is
   * drawn at once.
   */
  async table(
    columns: PdfColumn[],
    rows: AsyncIterable<Row> | Iterable<Row>,
    opts: { totalRow?: () => Row; empty?: string } = {},
    holdEnd: (height: number, draw: () => void) => void = (_h, draw) => draw(),
  ): Promise<number> {
    const header = this.headerOf(columns);
    // The header and at least three lines of the first row stay together: a page never ends on a lone header.
    this.box.ensureSpace(header.height + 3 * (this.box.tpl.fontSize + 3) + 6);
    this.place(columns, header, { header: true });
    const o: RowOptions = { repeatHeader: columns };
    let count = 0;
    // The two rows read last, laid out but not drawn yet: each is drawn when a later one comes, or with the table's
    // end — a table continued on a new page carries at least two rows there, never one alone under its header.
    const end: [PdfColumn[], LaidRow, RowOptions][] = [];
    for await (const row of rows as AsyncIterable<Row>) {
      if (end.length === 2) this.place(...end.shift()!);
      end.push([columns, this.layRow(columns, row, o), o]);
      count++;
      const wait = this.box.backpressure();
      if (wait) await wait;
    }
    if (count === 0 && opts.empty) {
      const whole = [{ key: 'x', header: '', width: columns.reduce((s, c) => s + c.width, 0) }];
      end.push([whole, this.layRow(whole, { x: opts.empty }, {}), {}]);
    }
    if (opts.totalRow) {
      const o2 = { bold: true, repeatHeader: columns };
      end.push([columns, this.layRow(columns, opts.totalRow(), o2), o2]);
    }
    const height = end.reduce((s, [, laid]) => s + laid.height, 0);
    const page = this.box.doc.page;
    const after = 0.5 * this.box.doc.font('regular').fontSize(this.box.tpl.fontSize).currentLineHeight(true);
    holdEnd(height + after, () => {
      const { doc } = this.box;
      // Taken to a new page with what follows (a signature block): the column header comes first there.
      if (doc.page !== page) this.repeatHeader(o);
      // The last two rows and the total stay together: all go under the repeated header on the next page unless all
      // fit here.
      const fresh = this.box.bottom - doc.page.margins.top - 40 - header.height;
      if (end.length > 1 && doc.y + height > this.box.bottom && height <= fresh) {
        doc.addPage();
        this.repeatHeader(o);
      }
      for (const r of end) this.place(...r);
      doc.moveDown(0.5);
    });
    return count;
  }

  /** A table's header row, laid out once per table (it repeats on every page). */
  private headerOf(columns: PdfColumn[]): LaidRow {
    let laid = this.headers.get(columns);
    if (!laid) {
      const size = this.box.tpl.fontSize;
      const maxRowHeight = this.box.bottom - this.box.doc.page.margins.top - 40;
      // Header rows are never split, so they are shortened to fit a page.
      laid = this.lay(
        columns,
        columns.map((c) => this.fit(plainText(c.header), c.width - 2 * PAD, maxRowHeight - 2 * PAD, size)),
        columns.map(() => 'bold'),
      );
      this.headers.set(columns, laid);
    }
    return laid;
  }

  /** Lays a row out once: every cell's lines in its font, and the row's height. */
  private lay(columns: PdfColumn[], texts: string[], fonts: string[]): LaidRow {
    const size = this.box.tpl.fontSize;
    const cells = columns.map((c, i) => this.text.layout(texts[i], fonts[i], size, c.width - 2 * PAD));
    return { cells, height: rowHeight(cells) };
  }

  private layRow(columns: PdfColumn[], row: Row, o: RowOptions): LaidRow {
    const font = o.bold ? 'bold' : 'regular';
    return this.lay(
      columns,
      columns.map((c) => plainText(row[c.key] ?? '')),
      columns.map(() => font),
    );
  }

  /** Places a laid-out row at the current position: on this page, split at its end, or on the next page. */
  private place(columns: PdfColumn[], laid: LaidRow, o: RowOptions): void {
    const { doc } = this.box;
    const lineRoom = 4 * (this.box.tpl.fontSize + 3);
    const room = this.box.bottom - doc.y;
    if (laid.height > room && !o.header && room >= lineRoom) {
      // A tall row is split where the page ends and continues under the repeated header on the next page.
      const keep = laid.cells.map((t) =>
        Math.min(t.lines.length, Math.floor((room - 2 * PAD) / t.lineHeight)),
      );
      if (keep.some((n) => n > 0)) {
        this.paint(columns, laid, doc.y, room, o, keep);
        const rest = laid.cells.map((t, i) => ({
          ...t,
          lines: t.lines.slice(keep[i]),
          widths: t.widths.slice(keep[i]),
        }));
        doc.addPage();
        this.repeatHeader(o);
        this.place(columns, { cells: rest, height: rowHeight(rest) }, o);
        return;
      }
    }
    if (doc.y + laid.height > this.box.bottom) {
      doc.addPage();
      this.repeatHeader(o);
      // On the fresh page a row taller than the page splits (header rows were shortened to fit).
      if (!o.header && doc.y + laid.height > this.box.bottom) return this.place(columns, laid, o);
    }
    this.paint(columns, laid, doc.y, laid.height, o);
  }

  private repeatHeader(o: RowOptions): void {
    if (o.repeatHeader) this.place(o.repeatHeader, this.headerOf(o.repeatHeader), { header: true });
  }

  /** Draws the row's boxes and text (not in the counting pass) and moves below it. */
  private paint(
    columns: PdfColumn[],
    laid: LaidRow,
    y: number,
    height: number,
    o: RowOptions,
    keep?: number[],
  ): void {
    const { doc } = this.box;
    if (!this.box.counting) {
      // The whole row in one content write: each cell filled if shaded and stroked, in the order pdfkit's calls
      // drew them (so the pixels are the same), then every cell's text in one text object. Drawing cell by cell
      // through pdfkit's path and colour calls wrote ~170 bytes of colour operators per cell, and pdfkit turns each
      // call's string into bytes on its own: on a 1,000-finding ledger that was a third of the printing time
      // (pdfkit's buffers and zlib). The graphics state afterwards is the same as those calls left it: fill black,
      // borders 0.5 pt #888888.
      const size = this.box.tpl.fontSize;
      let ops = BORDER_STROKE;
      let text = '';
      let x = this.box.left;
      columns.forEach((c, i) => {
        const cell = `${num(x)} ${num(y)} ${num(c.width)} ${num(height)} re\n`;
        if (o.header || (o.labelColumns && c.key.startsWith('l')))
          ops += `${SHADE_FILL}${cell}f\n${BLACK_FILL}`;
        ops += `${cell}S\n`;
        const align = o.header ? 'center' : (c.align ?? 'left');
        text += this.text.textOps(
          laid.cells[i],
          size,
          x + PAD,
          y + PAD,
          c.width - 2 * PAD,
          align,
          0,
          keep?.[i],
        );
        x += c.width;
      });
      if (text) ops += this.text.textBlock(text);
      doc.addContent(Buffer.from(ops, 'latin1'));
    }
    doc.x = this.box.left;
    doc.y = y + height;
  }

  /** Shortens a text that would not fit in one page's row, saying so. */
  private fit(text: string, width: number, maxHeight: number, size: number): string {
    const height = (t: string) => {
      const laid = this.text.layout(t, 'bold', size, width);
      return laid.lines.length * laid.lineHeight;
    };
    if (height(text) <= maxHeight) return text;
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (height(text.slice(0, mid) + '……（下略）') <= maxHeight) lo = mid;
      else hi = mid - 1;
    }
    return text.slice(0, lo) + '……（下略）';
  }
}

/** The space between a cell's border and its text, on every side (points). */
export const PAD = 3;

// The operators pdfkit writes for fillColor('#eeeeee'), fillColor('black') and lineWidth(0.5).strokeColor('#888888'):
// a row leaves the graphics state as those calls did. (pdfkit sets them between a path and its painting; here they
// come before the path, where the PDF specification puts them.)
const SHADE_FILL = '/DeviceRGB cs\n0.9333333333333333 0.9333333333333333 0.9333333333333333 scn\n';
const BLACK_FILL = '/DeviceRGB cs\n0 0 0 scn\n';
const BORDER_STROKE = '0.5 w\n/DeviceRGB CS\n0.5333333333333333 0.5333333333333333 0.5333333333333333 SCN\n';

interface LaidRow {
  cells: LaidText[];
  /** With the padding. */
  height: number;
}

interface RowOptions {
  header?: boolean;
  bold?: boolean;
  labelColumns?: boolean;
  repeatHeader?: PdfColumn[];
}

/** A grid's value: a text, or a list printed with its items separated by "，" (it wraps only between them). */
export type FieldValue = string | readonly string[];

function rowHeight(cells: LaidText[]): number {
  return Math.max(...cells.map((t) => Math.max(1, t.lines.length) * t.lineHeight)) + 2 * PAD;
}
