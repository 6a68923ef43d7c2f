import { qrCode } from '../../common/libraries/on-first-use';
import { plainText } from '../../common/text/plain-text';
import type { CellText } from './cell-text';
import type { PdfBox } from './pdf-template';

const FOOTER =
  '第 {page} 页 共 {pages} 页\u3000\u3000生成时间：{generatedAt}（北京时间）\u3000\u3000操作留痕链哈希：{chainHash}';
/** The second footer line: the latest signed checkpoint of the change log (its entry and a short signature). */
export const checkpointFooter = (cp: { seq: number; signature: string; keyId: string } | null): string =>
  cp
    ? `签名检查点 #${cp.seq}\u3000签名 ${cp.signature.slice(0, 16)}…\u3000密钥 ${cp.keyId}`
    : '签名检查点：尚无';

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
  /**
   * The unit subtree a unit-scoped reader's printout is limited to (e.g. 热电分厂（含下级）): said under the title, so
   * the paper does not read as the whole company's. Unset: the reader sees the whole organisation, or the printout
   * is of one record.
   */
  scope?: string;
}

/** Room the footer QR code takes (points), and the taller bottom margin a printout with one gets. */
export const FOOTER_QR = 46;

/** The last QR codes drawn, as path operators (a footer draws the same code on every page). */
const qrPaths = new Map<string, string>();

/** Draws `text` as a QR code (vector squares, quiet zone included) with its top-left corner at x, y. */
export function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const key = `${x} ${y} ${size} ${text}`;
  let path = qrPaths.get(key);
  if (path === undefined) {
    const qr = qrCode().create(text, { errorCorrectionLevel: 'M' });
    const n = qr.modules.size;
    const quiet = 2;
    const cell = size / (n + 2 * quiet);
    const num = (v: number) => String(Math.round(v * 1e4) / 1e4);
    const parts: string[] = [];
    for (let r = 0; r < n; r++)
      for (let c = 0; c < n; c++)
        if (qr.modules.get(r, c))
          parts.push(
            `${num(x + (c + quiet) * cell)} ${num(y + (r + quiet) * cell)} ${num(cell)} ${num(cell)} re`,
          );
    path = parts.join('\n');
    if (qrPaths.size >= 8) qrPaths.delete(qrPaths.keys().next().value!);
    qrPaths.set(key, path);
  }
  doc.save();
  doc.rect(x, y, size, size).fill('#ffffff');
  doc.fillColor('#000000');
  doc.addContent(path);
  doc.fill();
  doc.restore();
}

/**
 * What every page carries besides the content: the footer ("第 x 页 共 y 页", time, chain hash, checkpoint, the
 * record's QR code), a running header on every page after the first, and an optional diagonal watermark.
 */
export class PageFurniture {
  private page = 1;
  private runningHeader: string | null = null;

  /** Whether every page carries a running header naming the document. */
  get namesDocument(): boolean {
    return this.runningHeader !== null;
  }
  private mark: string | null = null;

  constructor(
    private readonly box: PdfBox,
    private readonly meta: PdfMeta,
    private readonly totalPages: number | null,
    private readonly text: CellText,
  ) {}

  /** The text state every piece of furniture leaves behind (the same in the counting pass, which draws none). */
  private resetText(): void {
    this.box.doc.fillColor('black').fillOpacity(1).font('regular').fontSize(this.box.tpl.fontSize);
  }

  /** One centred line without wrapping, drawn from its layout (no shaping per page). */
  private line(t: string, size: number, x: number, y: number, width: number): void {
    const laid = this.text.layout(t, 'regular', size, Infinity);
    this.text.draw(laid, size, x, y, width, 'center');
  }

  get pages(): number {
    return this.page;
  }

  /** Draws the furniture of a page just added. */
  newPage(): void {
    this.page++;
    this.footer();
    this.drawWatermark();
    this.drawRunningHeader();
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
    const { doc } = this.box;
    const y = doc.page.margins.top - 14;
    if (!this.box.counting) {
      doc.fillColor('#333333');
      this.line(this.runningHeader, 8, this.box.left, y, this.box.width);
      doc
        .moveTo(this.box.left, y + 10)
        .lineTo(this.box.right, y + 10)
        .lineWidth(0.5)
        .strokeColor('#888888')
        .stroke();
    }
    doc.fillColor('black').font('regular').fontSize(this.box.tpl.fontSize);
    doc.x = this.box.left;
    doc.y = doc.page.margins.top + 2;
  }

  /** A diagonal mark across every page (from this page on), e.g. "未销号 — 仅供核查" on a sheet that is not signable. */
  watermark(text: string): void {
    this.mark = plainText(text);
    this.drawWatermark();
  }

  private drawWatermark(): void {
    if (!this.mark) return;
    if (this.box.counting) return this.resetText();
    const { doc } = this.box;
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
    doc.fillColor('black').fillOpacity(1).font('regular').fontSize(this.box.tpl.fontSize);
    doc.page.margins.bottom = savedBottom;
    doc.x = x;
    doc.y = y;
  }

  footer(): void {
    const { doc } = this.box;
    if (this.box.counting) return this.resetText(); // the counting pass only needs the page breaks
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
    const line = (t: string, y: number, width = this.box.width) =>
      this.line(t, 7, this.box.left, top + y, width);
    if (url) {
      // Beside the QR code the lines are narrower: the chain hash gets a line of its own, then the address.
      const width = this.box.width - FOOTER_QR - 8;
      const [pages, hash] = text.split(/\u3000\u3000(?=操作留痕链哈希)/);
      line(pages, 6, width);
      line(hash ?? '', 14.5, width);
      line(this.meta.checkpoint, 23, width);
      line(`扫码查看在线记录：${url}`, 31.5, width);
      drawQr(doc, url, this.box.right - FOOTER_QR, top + 4, FOOTER_QR);
    } else {
      line(text, 14);
      line(this.meta.checkpoint, 23);
    }
    doc.fillColor('black').fontSize(this.box.tpl.fontSize);
    doc.page.margins.bottom = savedBottom;
    doc.x = this.box.left;
    doc.y = savedY;
  }
}
