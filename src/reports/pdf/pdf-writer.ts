import { drawCharts, type PdfChart } from './pdf-charts';
import { pdfDocumentClass } from './line-breaks';
import { PassThrough, Readable, Writable } from 'node:stream';
import { plainText } from '../../common/text/plain-text';
import { CellText } from './cell-text';
import { settlePdfFonts, type PdfFonts } from './fonts';
import { FOOTER_QR, PageFurniture, type PdfMeta } from './page-furniture';
import { photoColumns, photoGrid, type PdfPhoto } from './pdf-photos';
import { PdfTables, type FieldValue } from './pdf-tables';
import { PageKeeping } from './page-keeping';
import { MARGIN, type PdfBox, type PdfColumn, type PdfTemplate } from './pdf-template';

// The writer's parts, re-exported so printouts import everything from here.
export { checkpointFooter, drawQr, type PdfMeta } from './page-furniture';
export { type PdfPhoto } from './pdf-photos';
export { loadTemplate, type PdfColumn, type PdfTemplate } from './pdf-template';

type Row = Record<string, string>;

/** Bytes of finished PDF the writer lets wait for a slow reader before it pauses drawing. */
const BACKLOG = 1 << 20;

/**
 * Draws a report with pdfkit: headings, label/value grids, paragraphs, tables whose header row repeats on every
 * page and whose cells wrap (pdf-tables.ts), photos (pdf-photos.ts), signature blocks, and on every page the
 * footer, running header and watermark (page-furniture.ts).
 */
export class PdfWriter implements PdfBox {
  readonly left: number;
  readonly right: number;
  readonly width: number;
  readonly counting: boolean;
  private readonly furniture: PageFurniture;
  private readonly tables: PdfTables;
  private readonly keeping: PageKeeping;
  /** The document's title and subtitle (title()), repeated over a signature block that a page carries alone. */
  private titled: { text: string; subtitle?: string } | null = null;

  constructor(
    readonly doc: PDFKit.PDFDocument,
    readonly tpl: PdfTemplate,
    private readonly meta: PdfMeta,
    totalPages: number | null,
    private readonly output?: PassThrough,
  ) {
    this.counting = totalPages === null;
    this.left = doc.page.margins.left;
    this.right = doc.page.width - doc.page.margins.right;
    this.width = this.right - this.left;
    const text = new CellText(doc);
    this.tables = new PdfTables(this, text);
    this.furniture = new PageFurniture(this, meta, totalPages, text);
    this.keeping = new PageKeeping(this);
    doc.on('pageAdded', () => {
      this.forgetLayouts();
      this.furniture.newPage();
    });
    this.furniture.footer();
    doc.font('regular').fontSize(tpl.fontSize);
  }

  get pages(): number {
    this.keeping.flush();
    return this.furniture.pages;
  }

  /**
   * A line printed at the top of every page after the first (the report's title, or a finding's code and title), so
   * a page read on its own still says what it belongs to.
   */
  setRunningHeader(text: string): void {
    this.furniture.setRunningHeader(text);
  }

  /** A diagonal mark across every page (from this page on), e.g. "未销号 — 仅供核查" on a sheet that is not signable. */
  watermark(text: string): void {
    this.furniture.watermark(text);
  }

  /** A boxed line in red under the title, e.g. a warning that the sheet is not signable. */
  banner(text: string): void {
    const { doc } = this;
    const t = plainText(text);
    doc.font('bold').fontSize(this.tpl.fontSize + 3);
    const h = doc.heightOfString(t, { width: this.width - 16 }) + 10;
    this.ensureSpace(h + 6);
    const y = doc.y;
    doc.rect(this.left, y, this.width, h).lineWidth(1.2).strokeColor('#cc0000').stroke();
    doc.fillColor('#cc0000').text(t, this.left + 8, y + 5, { width: this.width - 16, align: 'center' });
    doc.fillColor('black').strokeColor('#888888').font('regular').fontSize(this.tpl.fontSize);
    doc.x = this.left;
    doc.y = y + h + 6;
  }

  /**
   * pdfkit pushes every finished page into its stream without waiting for the reader: when the output holds more
   * than BACKLOG bytes, drawing waits until the reader has taken them (a slow client does not make memory grow).
   */
  backpressure(): Promise<void> | null {
    const out = this.output;
    const backlog = () => this.doc.readableLength + (out ? out.readableLength + out.writableLength : 0);
    if (!out || backlog() <= BACKLOG) return null;
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!out.destroyed && backlog() > BACKLOG) return;
        out.off('drain', check);
        clearInterval(timer);
        // A reader that went away: stop drawing.
        if (out.destroyed) reject(new Error('the PDF reader went away'));
        else resolve();
      };
      out.on('drain', check);
      const timer = setInterval(check, 10);
    });
  }

  get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  /**
   * pdfkit caches the layout of every distinct string it measures, for the whole document; with unique Chinese
   * descriptions that cache would grow with the report. Keeping it for one page only keeps memory flat and the
   * repeated measuring of a row still fast.
   */
  private forgetLayouts(): void {
    const families = (this.doc as unknown as { _fontFamilies: Record<string, { layoutCache?: object }> })
      ._fontFamilies;
    for (const font of Object.values(families ?? {}))
      if (font.layoutCache) font.layoutCache = Object.create(null);
  }

  /**
   * Starts a new page unless `height` still fits on this one. A heading held back (heading()) comes along with the
   * block of `height` that follows it: both go to the next page unless both fit here.
   */
  ensureSpace(height: number): void {
    this.flush(height);
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  /** Draws what is held back for keeping it with what follows (page-keeping.ts): done at the end of a document. */
  flush(next = 0): void {
    this.keeping.flush(next);
  }

  /** Vertical space of `lines` lines (of the body font); it moves with the block above it if that is kept back. */
  gap(lines: number): void {
    this.keeping.gap(lines);
  }

  title(text: string, subtitle?: string): void {
    this.flush();
    const { doc } = this;
    text = plainText(text);
    subtitle = subtitle === undefined ? undefined : plainText(subtitle);
    const first = !this.titled;
    this.titled ??= { text, subtitle };
    doc.font('bold').fontSize(16).text(text, this.left, doc.y, { width: this.width, align: 'center' });
    if (subtitle) doc.font('regular').fontSize(10).text(subtitle, { width: this.width, align: 'center' });
    if (first && this.meta.scope)
      doc
        .font('regular')
        .fontSize(10)
        .text(`打印范围：${plainText(this.meta.scope)}（仅含该范围内的数据）`, {
          width: this.width,
          align: 'center',
        });
    doc.moveDown(0.6).font('regular').fontSize(this.tpl.fontSize);
  }

  /**
   * The 公文 head: the issuing office's name in red, the document number (文号) under it, and a red rule across the
   * page above the title.
   */
  officeHeader(office: string, documentNumber: string | null): void {
    this.flush();
    const { doc } = this;
    doc.font('bold').fontSize(22).fillColor('#cc0000');
    doc.text(plainText(office), this.left, doc.y, {
      width: this.width,
      align: 'center',
      characterSpacing: 2,
    });
    doc
      .moveDown(0.5)
      .font('regular')
      .fontSize(this.tpl.fontSize + 2)
      .fillColor('black');
    if (documentNumber)
      doc.text(plainText(documentNumber), this.left, doc.y, { width: this.width, align: 'center' });
    const y = doc.y + 4;
    doc.moveTo(this.left, y).lineTo(this.right, y).lineWidth(1.5).strokeColor('#cc0000').stroke();
    doc.strokeColor('#888888').lineWidth(0.5).fontSize(this.tpl.fontSize);
    doc.x = this.left;
    doc.y = y + 14;
  }

  /** A thin rule across the page (the 版记 lines of a 公文). */
  rule(): void {
    this.flush();
    const { doc } = this;
    const y = doc.y + 2;
    doc.moveTo(this.left, y).lineTo(this.right, y).lineWidth(0.7).strokeColor('#000000').stroke();
    doc.strokeColor('#888888').lineWidth(0.5);
    doc.x = this.left;
    doc.y = y + 4;
  }

  /**
   * A section heading. It is drawn on the page of the first thing under it (keep-with-next: a paragraph's first
   * lines, a grid's or a table's first row, a row of photos, the signature boxes), and of at least `keepWithNext`
   * points of what follows; never alone at the foot of a page.
   */
  heading(text: string, keepWithNext = 0): void {
    this.keeping.heading(plainText(text), 'bold', this.tpl.fontSize + 2, keepWithNext);
  }

  /**
   * A paragraph. `keepWithNext` makes it a sub-heading (e.g. 督导组复查照片 over its photos): it goes to the page of
   * what follows it. A paragraph is otherwise drawn once the next block is known: a signature block right after it
   * takes it along to its page (signatures()).
   */
  paragraph(
    text: string,
    opts: {
      indent?: boolean;
      bold?: boolean;
      align?: 'left' | 'center' | 'right';
      keepWithNext?: boolean;
      /**
       * The line that closes the content (编制单位 / 编制人 / 日期 under a ledger): it never starts a page alone — what
       * is kept back above it (a table's last rows and total, paragraphs) goes with it (page-keeping.ts).
       */
      closing?: boolean;
    } = {},
  ): void {
    const { doc } = this;
    text = plainText(text);
    const font = opts.bold ? 'bold' : 'regular';
    const layout = { width: this.width, indent: opts.indent ? this.tpl.fontSize * 2 : 0, lineGap: 2 };
    doc.font(font).fontSize(this.tpl.fontSize);
    const h = doc.heightOfString(text, layout);
    doc.font('regular');
    const draw = () => this.drawParagraph(text, font, layout, opts.align);
    if (opts.keepWithNext) return this.keeping.holdHeading(h, draw);
    if (opts.closing) return this.keeping.closing(h, draw);
    // A heading above waits with it (holdTail) and goes to the page of its first lines.
    this.keeping.holdTail(h, () => {
      // Not ensureSpace: that draws what is held back first, and this paragraph is itself held back — the blocks
      // after it would print before it.
      if (doc.y + Math.min(h, 60) > this.bottom) doc.addPage();
      draw();
    });
  }

  private drawParagraph(
    text: string,
    font: string,
    layout: { width: number; indent: number; lineGap: number },
    align: 'left' | 'center' | 'right' = 'left',
  ): void {
    const { doc } = this;
    doc.font(font).fontSize(this.tpl.fontSize);
    doc.text(text, this.left, doc.y, { ...layout, align });
    doc.font('regular');
  }

  /** A row of charts (SVG) side by side, each under its title, kept on one page (pdf-charts.ts). */
  charts(items: PdfChart[], gap = 14): void {
    drawCharts(this, items, gap);
  }

  /**
   * Label/value pairs in a bordered grid of `perRow` pairs per row; long values wrap. A value given as a list of
   * items (e.g. ["整改中 12", "复查通过 3"]) is printed "整改中 12，复查通过 3" and wraps only between its items.
   */
  fields(pairs: [string, FieldValue][], perRow = 2): void {
    this.tables.fields(pairs, perRow, (height, draw) => this.keeping.holdTail(height, draw));
  }

  /** A table: header row repeated on each page, wrapped cells, optional bold total row at the end. */
  table(
    columns: PdfColumn[],
    rows: AsyncIterable<Row> | Iterable<Row>,
    opts: { totalRow?: () => Row; empty?: string } = {},
  ): Promise<number> {
    return this.tables.table(columns, rows, opts, (height, draw) => this.keeping.holdTail(height, draw));
  }

  /**
   * Photos in a grid of `perRow` with a caption under each; a photo that cannot be drawn (not a JPEG or PNG pdfkit
   * reads) is shown as a captioned empty box saying so. A row of photos never splits across pages.
   */
  photos(items: PdfPhoto[], perRow = 3, unreadable = '（图片无法显示）'): void {
    photoGrid(this, items, perRow, unreadable);
  }

  /** Photos side by side under column heads (整改前 | 整改后), one pair a row; a missing photo says its column's `empty`. */
  photoPairs(heads: string[], rows: (PdfPhoto | null)[][], unreadable: string, empty: string[]): void {
    photoColumns(this, heads, rows, { unreadable, empty });
  }

  /**
   * Boxes for signing by hand. They never stand alone on a page: the end of what is above them (the table's last
   * rows, the last paragraphs) comes along to their page. A page they start repeats the document's title and
   * subtitle (its period) unless a running header names the document, so the signed page says what it signs.
   */
  signatures(labels: string[], signLine: string, dateLine: string): void {
    this.keeping.signatures(labels, signLine, dateLine, this.furniture.namesDocument ? null : this.titled);
  }
}

/** A sink that only counts: pass 1 lays the document out to learn the page count. */
class NullSink extends Writable {
  override _write(_chunk: unknown, _enc: BufferEncoding, done: () => void) {
    done();
  }
}

function newDocument(tpl: PdfTemplate, title: string, meta: PdfMeta, fonts: PdfFonts): PDFKit.PDFDocument {
  const m = MARGIN[tpl.orientation];
  // A footer with a QR code needs a taller bottom margin to hold it.
  const bottom = meta.recordUrl ? Math.max(m.bottom, FOOTER_QR + 10) : m.bottom;
  const PDFDocument = pdfDocumentClass();
  const doc = new PDFDocument({
    size: 'A4',
    layout: tpl.orientation,
    margins: { left: m.x, right: m.x, top: m.top, bottom },
    bufferPages: false, // pages are written as they are finished: memory stays flat however long the report
    info: { Title: title, Creator: 'Rectify', Producer: 'Rectify (pdfkit)' },
    compress: true,
    autoFirstPage: true,
    // No Helvetica: every text is set in the registered Noto fonts, and loading its metrics cost each document
    // ~0.7 ms (pdfkit reads the default font in the constructor unless told not to).
    font: null as unknown as string,
  });
  doc.registerFont('regular', fonts.regular as unknown as string);
  doc.registerFont('bold', fonts.bold as unknown as string);
  return doc;
}

/**
 * Renders in two passes so every page can say "共 y 页" without holding pages in memory: pass 1 lays out into a
 * sink to count the pages, pass 2 streams the real document. `draw` must produce the same layout each time
 * (callers read their rows from a fixed snapshot). Pass 1 is also where the fonts are settled: it starts with the
 * common fonts and, if the document has a character they lack, runs again with the whole fonts (fonts.ts).
 */
export async function renderPdf(
  tpl: PdfTemplate,
  title: string,
  meta: PdfMeta,
  draw: (w: PdfWriter) => Promise<void>,
): Promise<Readable> {
  const countPages = async (fonts: PdfFonts) => {
    const dry = newDocument(tpl, title, meta, fonts);
    dry.pipe(new NullSink());
    const counter = new PdfWriter(dry, tpl, meta, null);
    await draw(counter);
    counter.flush();
    dry.end();
    return counter.pages;
  };
  const { fonts, laidOut: pages } = await settlePdfFonts(countPages);

  const doc = newDocument(tpl, title, meta, fonts);
  const out = new PassThrough();
  doc.pipe(out);
  const writer = new PdfWriter(doc, tpl, meta, pages, out);
  draw(writer).then(
    () => {
      writer.flush();
      doc.end();
    },
    (err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))),
  );
  return out;
}
