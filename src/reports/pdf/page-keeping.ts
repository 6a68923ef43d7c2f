import { plainText } from '../../common/text/plain-text';
import type { PdfBox } from './pdf-template';

/**
 * A heading held back until the first thing under it is known (keep-with-next): it goes to that thing's page, with at
 * least `keep` points of it.
 */
interface Held {
  height: number;
  draw: () => void;
  keep: number;
}

/** A block at the end of the content (a table's last rows, a paragraph), drawn once it is known what follows it. */
export interface Tail {
  height: number;
  draw: () => void;
}

/** How many of the last blocks a signature block takes along to its page when it would not fit under them. */
const TAIL_BLOCKS = 3;
/** How much of the block under a heading (points: a few lines) goes to the heading's page at least. */
const HEADING_KEEP = 60;

/**
 * What the writer keeps together across a page break, one rule for every printout. The writer streams its pages, so
 * a block that must go with what follows it is drawn only once that is known: a heading (or a sub-heading) waits for
 * the first block under it and goes to its page; the last blocks of the content (TAIL_BLOCKS: a table's last row with
 * its total row, paragraphs) wait to see whether a signature block follows, which takes them along to its page.
 */
export class PageKeeping {
  private held: Held | null = null;
  /** The last blocks not drawn yet, oldest first. */
  private tail: Tail[] = [];

  constructor(private readonly box: PdfBox) {}

  get holdsHeading(): boolean {
    return this.held !== null;
  }

  /** Draws what is held back: a heading (kept with the `next` points that follow it), the blocks at the end. */
  flush(next = 0): void {
    const held = this.held;
    this.held = null;
    this.release();
    if (held) {
      this.keepTogether(held.height + Math.max(next, held.keep));
      held.draw();
    }
  }

  /** Starts a new page if `height` does not fit here but fits on a fresh page; true if it did. */
  keepTogether(height: number): boolean {
    const { doc, bottom } = this.box;
    if (doc.y + height <= bottom || height > bottom - doc.page.margins.top - 20) return false;
    doc.addPage();
    return true;
  }

  /** Draws the blocks kept back at the end where the writer stands (what follows them is no signature block). */
  release(): void {
    for (const t of this.takeTail()) t.draw();
  }

  /** The blocks kept back at the end, for the caller to draw (a signature block, with them). */
  takeTail(): Tail[] {
    const tail = this.tail;
    this.tail = [];
    return tail;
  }

  /** A heading line, held until the first block under it (keep-with-next). */
  heading(text: string, font: string, size: number, keep: number): void {
    const { doc, tpl, left, width } = this.box;
    doc.font('regular').fontSize(tpl.fontSize);
    const before = 0.4 * doc.currentLineHeight(true);
    doc.font(font).fontSize(size);
    const height = before + doc.heightOfString(text, { width }) + 0.2 * doc.currentLineHeight(true);
    doc.font('regular').fontSize(tpl.fontSize);
    this.holdHeading(
      height,
      () => {
        doc.moveDown(0.4).font(font).fontSize(size).text(text, left, doc.y, { width });
        doc.moveDown(0.2).font('regular').fontSize(tpl.fontSize);
      },
      keep,
    );
  }

  /** A block drawn as a heading: held until the first block under it. */
  holdHeading(height: number, draw: () => void, keep = 0): void {
    const before = this.held;
    this.release();
    // Two headings in a row: both wait for the first content under the second.
    this.held = before
      ? {
          height: before.height + height,
          draw: () => (before.draw(), draw()),
          keep: Math.max(keep, before.keep - height),
        }
      : { height, draw, keep };
  }

  /**
   * A block at the end of the content so far, drawn once the writer knows what follows it (see Tail). A heading held
   * above it waits with it, so a signature block that takes the block along to its page takes the heading too.
   * (A held block's draw must not flush: it is drawn while later blocks still wait, and would draw them first.)
   */
  holdTail(height: number, draw: () => void): void {
    const heading = this.held;
    this.held = null;
    if (this.tail.length >= TAIL_BLOCKS) this.tail.shift()!.draw();
    if (!heading) {
      this.tail.push({ height, draw });
      return;
    }
    this.tail.push({
      height: heading.height + height,
      draw: () => {
        this.keepTogether(heading.height + Math.max(heading.keep, Math.min(height, HEADING_KEEP)));
        heading.draw();
        draw();
      },
    });
  }

  /**
   * A block that closes the content (a 编制单位 / 编制人 / 日期 line): like the signature boxes, it never starts a page
   * alone — the blocks kept back above it go with it to the next page unless all fit here.
   */
  closing(height: number, draw: () => void): void {
    if (this.held) this.flush(height);
    this.takeAlong(height);
    const { doc, bottom } = this.box;
    if (doc.y + height > bottom) doc.addPage();
    draw();
  }

  /** Draws the blocks kept back: on a new page (begun by `onNewPage`) when they and `height` more do not fit here. */
  private takeAlong(height: number, onNewPage?: () => void): void {
    const tail = this.takeTail();
    if (this.keepTogether(tail.reduce((sum, t) => sum + t.height, 0) + height)) onNewPage?.();
    for (const t of tail) t.draw();
  }

  /** Vertical space of `lines` lines (of the body font); it moves with the block above it if that is kept back. */
  gap(lines: number): void {
    const { doc, tpl } = this.box;
    doc.font('regular').fontSize(tpl.fontSize);
    const last = this.tail.at(-1);
    if (!last || this.held) {
      this.flush();
      doc.moveDown(lines);
      return;
    }
    const draw = last.draw;
    last.height += lines * doc.currentLineHeight(true);
    last.draw = () => {
      draw();
      doc.font('regular').fontSize(tpl.fontSize).moveDown(lines);
    };
  }

  /**
   * Boxes for signing by hand, with the blocks kept back above them (they go to the next page together unless they
   * fit here). A page they start begins with `title` (the document's title and period), if given.
   */
  signatures(
    labels: string[],
    signLine: string,
    dateLine: string,
    title: { text: string; subtitle?: string } | null,
  ): void {
    const { doc, tpl, left, width } = this.box;
    const h = 78;
    const repeatTitle = () => {
      if (!title) return;
      doc
        .font('bold')
        .fontSize(tpl.fontSize + 2)
        .text(title.text, left, doc.y, { width, align: 'center' });
      if (title.subtitle)
        doc.font('regular').fontSize(tpl.fontSize).text(title.subtitle, { width, align: 'center' });
      doc.moveDown(0.6).font('regular').fontSize(tpl.fontSize);
    };
    // A heading held above the boxes comes first (kept with them below).
    if (this.held) this.flush(h + 10);
    this.takeAlong(h + 10, repeatTitle);
    const page = doc.page;
    this.box.ensureSpace(h + 10);
    if (doc.page !== page) repeatTitle();
    const w = width / labels.length;
    const y = doc.y + 4;
    labels.map(plainText).forEach((label, i) => {
      const x = left + i * w;
      doc.rect(x, y, w, h).lineWidth(0.5).strokeColor('#888888').stroke();
      doc
        .font('bold')
        .fontSize(tpl.fontSize)
        .text(label, x + 6, y + 6, { width: w - 12 });
      doc.font('regular').text(signLine, x + 6, y + 34, { width: w - 12 });
      doc.text(dateLine, x + 6, y + 56, { width: w - 12 });
    });
    doc.x = left;
    doc.y = y + h + 6;
  }
}
