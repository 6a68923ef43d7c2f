import SVGtoPDF from 'svg-to-pdfkit';
import PDFDocument from 'pdfkit';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { plainText } from '../../common/text/plain-text';
import QRCode from 'qrcode';
import { pdfFonts } from './fonts';

/** One report's layout and fixed wording, from templates/pdf/<id>.json. */
export interface PdfColumn {
  key: string;
  header: string;
  width: number;
  align?: 'left' | 'center' | 'right';
}
export interface PdfTemplate {
  id: string;
  title: string;
  orientation: 'portrait' | 'landscape';
  fontSize: number;
  wording: Record<string, string | string[] | Record<string, string>>;
  columns: PdfColumn[];
  itemColumns?: PdfColumn[];
  unitColumns?: PdfColumn[];
  sourceColumns?: PdfColumn[];
}

const MARGIN = { portrait: { x: 36, top: 40, bottom: 48 }, landscape: { x: 22, top: 30, bottom: 40 } };
const FOOTER =
  '第 {page} 页 共 {pages} 页\u3000\u3000生成时间：{generatedAt}（北京时间）\u3000\u3000操作留痕链哈希：{chainHash}';
/** The second footer line: the latest signed checkpoint of the change log (its entry and a short signature). */
export const checkpointFooter = (cp: { seq: number; signature: string; keyId: string } | null): string =>
  cp
    ? `签名检查点 / signed checkpoint #${cp.seq}\u3000签名 ${cp.signature.slice(0, 16)}…\u3000密钥 ${cp.keyId}`
    : '签名检查点 / signed checkpoint：尚无 (none yet)';

const templates = new Map<string, PdfTemplate>();

/** Reads a template once and checks that its table fits the page. */
export function loadTemplate(id: string): PdfTemplate {
  const cached = templates.get(id);
  if (cached) return cached;
  const file = path.join(process.cwd(), 'templates', 'pdf', `${id}.json`);
  const tpl = JSON.parse(readFileSync(file, 'utf8')) as PdfTemplate;
  const pageWidth = (tpl.orientation === 'landscape' ? 842 : 595) - 2 * MARGIN[tpl.orientation].x;
  for (const cols of [tpl.columns, tpl.itemColumns ?? [], tpl.unitColumns ?? [], tpl.sourceColumns ?? []]) {
    const width = cols.reduce((s, c) => s + c.width, 0);
    if (width > pageWidth + 0.5)
      throw new Error(`templates/pdf/${id}.json: columns are ${width}pt wide, the page has ${pageWidth}pt`);
  }
  templates.set(id, tpl);
  return tpl;
}

export interface PdfMeta {
  /** Generation time, already formatted in the business zone. */
  generatedAt: string;
  /** The change log's head hash when the data was read. */
  chainHash: string;
  /** The latest signed checkpoint, as `checkpointFooter` prints it. */
  checkpoint: string;
  /**
   * The record online (absolute URL): printed as a QR code (扫码查看) in every page's footer, so a reader of the paper
   * can open the live, change-logged record. Unset: no QR code.
   */
  recordUrl?: string;
}

/** Room the footer QR code takes (points), and the taller bottom margin a printout with one gets. */
const FOOTER_QR = 46;

/** Draws `text` as a QR code (vector squares, quiet zone included) with its top-left corner at x, y. */
export function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 2;
  const cell = size / (n + 2 * quiet);
  doc.save();
  doc.rect(x, y, size, size).fill('#ffffff');
  doc.fillColor('#000000');
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++)
      if (qr.modules.get(r, c)) doc.rect(x + (c + quiet) * cell, y + (r + quiet) * cell, cell, cell);
  doc.fill();
  doc.restore();
}

type Row = Record<string, string>;

/**
 * Draws a report with pdfkit: headings, label/value grids, paragraphs, tables whose header row repeats on every
 * page and whose cells wrap, signature blocks, and a footer on every page ("第 x 页 共 y 页", time, chain hash).
 */
export class PdfWriter {
  private page = 1;
  private runningHeader: string | null = null;
  private mark: string | null = null;
  private readonly left: number;
  private readonly right: number;
  readonly width: number;

  constructor(
    readonly doc: PDFKit.PDFDocument,
    readonly tpl: PdfTemplate,
    private readonly meta: PdfMeta,
    private readonly totalPages: number | null,
  ) {
    this.left = doc.page.margins.left;
    this.right = doc.page.width - doc.page.margins.right;
    this.width = this.right - this.left;
    doc.on('pageAdded', () => {
      this.page++;
      this.forgetLayouts();
      this.footer();
      this.drawWatermark();
      this.drawRunningHeader();
    });
    this.footer();
    doc.font('regular').fontSize(tpl.fontSize);
  }

  get pages(): number {
    return this.page;
  }

  /**
   * A line printed at the top of every page after the first (the report's title, or a finding's code and title), so
   * a page read on its own still says what it belongs to.
   */
  setRunningHeader(text: string): void {
    this.runningHeader = plainText(text).replace(/\n/g, ' ');
  }

  private drawRunningHeader(): void {
    if (!this.runningHeader) return;
    const { doc } = this;
    const y = doc.page.margins.top - 14;
    doc.font('regular').fontSize(8).fillColor('#333333');
    doc.text(this.runningHeader, this.left, y, { width: this.width, align: 'center', lineBreak: false });
    doc
      .moveTo(this.left, y + 10)
      .lineTo(this.right, y + 10)
      .lineWidth(0.5)
      .strokeColor('#888888')
      .stroke();
    doc.fillColor('black').font('regular').fontSize(this.tpl.fontSize);
    doc.x = this.left;
    doc.y = doc.page.margins.top + 2;
  }

  /** A diagonal mark across every page (from this page on), e.g. "未销号 — 仅供核查" on a sheet that is not signable. */
  watermark(text: string): void {
    this.mark = plainText(text);
    this.drawWatermark();
  }

  private drawWatermark(): void {
    if (!this.mark) return;
    const { doc } = this;
    const { x, y } = doc;
    const cx = doc.page.width / 2;
    const cy = doc.page.height / 2;
    const savedBottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.save();
    doc.rotate(-35, { origin: [cx, cy] });
    doc.font('bold').fontSize(44).fillColor('#cc0000').fillOpacity(0.13);
    doc.text(this.mark, cx - 300, cy - 26, { width: 600, align: 'center', lineBreak: false });
    doc.restore();
    doc.fillColor('black').fillOpacity(1).font('regular').fontSize(this.tpl.fontSize);
    doc.page.margins.bottom = savedBottom;
    doc.x = x;
    doc.y = y;
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

  private get bottom(): number {
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

  private footer(): void {
    const { doc } = this;
    const savedY = doc.y;
    const savedBottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // draw inside the margin without triggering a new page
    const text = FOOTER.replace('{page}', String(this.page))
      .replace('{pages}', this.totalPages === null ? '—' : String(this.totalPages))
      .replace('{generatedAt}', this.meta.generatedAt)
      .replace('{chainHash}', this.meta.chainHash);
    const url = this.meta.recordUrl;
    const top = doc.page.height - savedBottom;
    doc.font('regular').fontSize(7).fillColor('#555555');
    const line = (t: string, y: number, width = this.width) =>
      doc.text(t, this.left, top + y, { width, align: 'center', lineBreak: false });
    if (url) {
      // Beside the QR code the lines are narrower: the chain hash gets a line of its own, then the address.
      const width = this.width - FOOTER_QR - 8;
      const [pages, hash] = text.split(/\u3000\u3000(?=操作留痕链哈希)/);
      line(pages, 6, width);
      line(hash ?? '', 14.5, width);
      line(this.meta.checkpoint, 23, width);
      line(`扫码查看在线记录：${url}`, 31.5, width);
      drawQr(doc, url, this.right - FOOTER_QR, top + 4, FOOTER_QR);
    } else {
      line(text, 14);
      line(this.meta.checkpoint, 23);
    }
    doc.fillColor('black').fontSize(this.tpl.fontSize);
    doc.page.margins.bottom = savedBottom;
    doc.x = this.left;
    doc.y = savedY;
  }

  /** Starts a new page unless `height` still fits on this one. */
  ensureSpace(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  title(text: string, subtitle?: string): void {
    const { doc } = this;
    text = plainText(text);
    subtitle = subtitle === undefined ? undefined : plainText(subtitle);
    doc.font('bold').fontSize(16).text(text, this.left, doc.y, { width: this.width, align: 'center' });
    if (subtitle) doc.font('regular').fontSize(10).text(subtitle, { width: this.width, align: 'center' });
    doc.moveDown(0.6).font('regular').fontSize(this.tpl.fontSize);
  }

  /**
   * The 公文 head: the issuing office's name in red, the document number (文号) under it, and a red rule across the
   * page above the title.
   */
  officeHeader(office: string, documentNumber: string | null): void {
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
    const { doc } = this;
    const y = doc.y + 2;
    doc.moveTo(this.left, y).lineTo(this.right, y).lineWidth(0.7).strokeColor('#000000').stroke();
    doc.strokeColor('#888888').lineWidth(0.5);
    doc.x = this.left;
    doc.y = y + 4;
  }

  /** A section heading, kept on the same page as at least `keepWithNext` points of what follows. */
  heading(text: string, keepWithNext = 40): void {
    this.ensureSpace(keepWithNext + 20);
    const { doc } = this;
    text = plainText(text);
    doc
      .moveDown(0.4)
      .font('bold')
      .fontSize(this.tpl.fontSize + 2)
      .text(text, this.left, doc.y, { width: this.width });
    doc.moveDown(0.2).font('regular').fontSize(this.tpl.fontSize);
  }

  paragraph(
    text: string,
    opts: { indent?: boolean; bold?: boolean; align?: 'left' | 'center' | 'right' } = {},
  ): void {
    const { doc } = this;
    text = plainText(text);
    doc.font(opts.bold ? 'bold' : 'regular').fontSize(this.tpl.fontSize);
    const h = doc.heightOfString(text, {
      width: this.width,
      indent: opts.indent ? this.tpl.fontSize * 2 : 0,
    });
    this.ensureSpace(Math.min(h, 60));
    doc.text(text, this.left, doc.y, {
      width: this.width,
      indent: opts.indent ? this.tpl.fontSize * 2 : 0,
      lineGap: 2,
      align: opts.align ?? 'left',
    });
    doc.font('regular');
  }

  /**
   * A row of charts (SVG, e.g. Apache ECharts' server rendering), side by side in equal columns, each under its
   * title and scaled to the column; kept on one page. Text in the SVG is drawn with the report's font.
   */
  charts(items: { title: string; svg: string; width: number; height: number }[], gap = 14): void {
    const { doc } = this;
    const column = (this.width - gap * (items.length - 1)) / items.length;
    const heights = items.map((c) => (c.height * column) / c.width);
    const titleHeight = this.tpl.fontSize + 8;
    this.ensureSpace(titleHeight + Math.max(...heights));
    const top = doc.y;
    items.forEach((c, i) => {
      const x = this.left + i * (column + gap);
      doc
        .font('bold')
        .fontSize(this.tpl.fontSize + 1)
        .text(c.title, x, top, { width: column, lineBreak: false });
      SVGtoPDF(doc, c.svg, x, top + titleHeight, {
        width: column,
        height: heights[i],
        preserveAspectRatio: 'xMinYMin meet',
        fontCallback: (_family, bold) => (bold ? 'bold' : 'regular'),
      });
    });
    doc.font('regular').fontSize(this.tpl.fontSize).fillColor('black');
    doc.x = this.left;
    doc.y = top + titleHeight + Math.max(...heights) + 10;
  }

  /** Label/value pairs in a bordered grid of `perRow` pairs per row; long values wrap. */
  fields(pairs: [string, string][], perRow = 2): void {
    const labelWidth = 62;
    const cellWidth = this.width / perRow;
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
    this.doc.moveDown(0.3);
  }

  /** A table: header row repeated on each page, wrapped cells, optional bold total row at the end. */
  async table(
    columns: PdfColumn[],
    rows: AsyncIterable<Row> | Iterable<Row>,
    opts: { totalRow?: () => Row; empty?: string } = {},
  ): Promise<number> {
    const header = Object.fromEntries(columns.map((c) => [c.key, c.header]));
    // The header and at least three lines of the first row stay together: a page never ends on a lone header.
    this.ensureSpace(this.rowHeight(columns, header, 'bold') + 3 * (this.tpl.fontSize + 3) + 6);
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
    this.doc.moveDown(0.5);
    return count;
  }

  private rowHeight(columns: PdfColumn[], row: Row, font: string): number {
    const { doc } = this;
    doc.font(font).fontSize(this.tpl.fontSize);
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
    const { doc } = this;
    const pad = 3;
    const font = o.header || o.bold ? 'bold' : 'regular';
    doc.font(font).fontSize(this.tpl.fontSize);
    const maxRowHeight = this.bottom - doc.page.margins.top - 40;
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
    const room = this.bottom - doc.y;
    if (height > room && !o.header && room >= 4 * (this.tpl.fontSize + 3)) {
      // A tall row is split where the page ends and continues under the repeated header on the next page.
      const cut = texts.map((t, i) => this.splitAt(t, columns[i].width - 2 * pad, room - 2 * pad, font));
      if (cut.some((n) => n > 0)) {
        rest = Object.fromEntries(columns.map((c, i) => [c.key, texts[i].slice(cut[i])]));
        texts = texts.map((t, i) => t.slice(0, cut[i]));
        height = room;
      }
    }
    if (!rest && doc.y + height > this.bottom) {
      doc.addPage();
      if (o.repeatHeader)
        this.drawRow(o.repeatHeader, Object.fromEntries(o.repeatHeader.map((c) => [c.key, c.header])), {
          header: true,
        });
      doc.font(font).fontSize(this.tpl.fontSize);
      // On the fresh page a row taller than the page splits (header rows were shortened to fit).
      if (!o.header && doc.y + height > this.bottom) return this.drawRow(columns, row, o);
    }
    const y = doc.y;
    let x = this.left;
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
    doc.x = this.left;
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
    const { doc } = this;
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
    const { doc } = this;
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

  /**
   * Photos in a grid of `perRow` with a caption under each; a photo that cannot be drawn (not a JPEG or PNG pdfkit
   * reads) is shown as a captioned empty box saying so. A row of photos never splits across pages.
   */
  photos(items: { image: Buffer; caption: string }[], perRow = 3, unreadable = '（图片无法显示）'): void {
    const { doc } = this;
    const gap = 8;
    const w = (this.width - gap * (perRow - 1)) / perRow;
    const imageHeight = w * 0.75;
    for (let i = 0; i < items.length; i += perRow) {
      const row = items.slice(i, i + perRow).map((p) => ({ ...p, caption: plainText(p.caption) }));
      doc.font('regular').fontSize(this.tpl.fontSize - 1);
      const captionHeight = Math.max(...row.map((p) => doc.heightOfString(p.caption, { width: w })));
      this.ensureSpace(imageHeight + captionHeight + 10);
      const y = doc.y;
      row.forEach((p, j) => {
        const x = this.left + j * (w + gap);
        doc.rect(x, y, w, imageHeight).lineWidth(0.5).strokeColor('#888888').stroke();
        try {
          doc.image(p.image, x + 2, y + 2, {
            fit: [w - 4, imageHeight - 4],
            align: 'center',
            valign: 'center',
          });
        } catch {
          doc
            .fillColor('#888888')
            .text(unreadable, x, y + imageHeight / 2 - 5, { width: w, align: 'center' });
          doc.fillColor('black');
        }
        doc.text(p.caption, x, y + imageHeight + 3, { width: w, align: 'center' });
      });
      doc.font('regular').fontSize(this.tpl.fontSize);
      doc.x = this.left;
      doc.y = y + imageHeight + captionHeight + 10;
    }
  }

  /** Boxes for signing by hand. */
  signatures(labels: string[], signLine: string, dateLine: string): void {
    const { doc } = this;
    const h = 78;
    this.ensureSpace(h + 10);
    const w = this.width / labels.length;
    const y = doc.y + 4;
    labels.map(plainText).forEach((label, i) => {
      const x = this.left + i * w;
      doc.rect(x, y, w, h).lineWidth(0.5).strokeColor('#888888').stroke();
      doc
        .font('bold')
        .fontSize(this.tpl.fontSize)
        .text(label, x + 6, y + 6, { width: w - 12 });
      doc.font('regular').text(signLine, x + 6, y + 34, { width: w - 12 });
      doc.text(dateLine, x + 6, y + 56, { width: w - 12 });
    });
    doc.x = this.left;
    doc.y = y + h + 6;
  }
}

/** A sink that only counts: pass 1 lays the document out to learn the page count. */
class NullSink extends Writable {
  override _write(_chunk: unknown, _enc: BufferEncoding, done: () => void) {
    done();
  }
}

function newDocument(tpl: PdfTemplate, title: string, meta: PdfMeta): PDFKit.PDFDocument {
  const m = MARGIN[tpl.orientation];
  // A footer with a QR code needs a taller bottom margin to hold it.
  const bottom = meta.recordUrl ? Math.max(m.bottom, FOOTER_QR + 10) : m.bottom;
  const doc = new PDFDocument({
    size: 'A4',
    layout: tpl.orientation,
    margins: { left: m.x, right: m.x, top: m.top, bottom },
    bufferPages: false, // pages are written as they are finished: memory stays flat however long the report
    info: { Title: title, Creator: 'Rectify', Producer: 'Rectify (pdfkit)' },
    compress: true,
    autoFirstPage: true,
  });
  const fonts = pdfFonts();
  doc.registerFont('regular', fonts.regular as unknown as string);
  doc.registerFont('bold', fonts.bold as unknown as string);
  return doc;
}

/**
 * Renders in two passes so every page can say "共 y 页" without holding pages in memory: pass 1 lays out into a
 * sink to count the pages, pass 2 streams the real document. `draw` must produce the same layout both times
 * (callers read their rows from a fixed snapshot).
 */
export async function renderPdf(
  tpl: PdfTemplate,
  title: string,
  meta: PdfMeta,
  draw: (w: PdfWriter) => Promise<void>,
): Promise<Readable> {
  const dry = newDocument(tpl, title, meta);
  dry.pipe(new NullSink());
  const counter = new PdfWriter(dry, tpl, meta, null);
  await draw(counter);
  const pages = counter.pages;
  dry.end();

  const doc = newDocument(tpl, title, meta);
  const out = new PassThrough();
  doc.pipe(out);
  const writer = new PdfWriter(doc, tpl, meta, pages);
  draw(writer).then(
    () => doc.end(),
    (err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))),
  );
  return out;
}
