import { plainText } from '../../common/text/plain-text';
import type { PdfBox } from './pdf-template';

/** One photo and the caption printed under it. */
export interface PdfPhoto {
  image: Buffer;
  caption: string;
}

/** What a cell says when its photo cannot be drawn, and (by column) when there is no photo. */
interface RowStyle {
  unreadable: string;
  empty: string[];
}

/** Draws one row of photos in equal columns, kept on one page; returns nothing, leaves the cursor under it. */
function photoRow(box: PdfBox, row: (PdfPhoto | null)[], columns: number, style: RowStyle): void {
  const { doc } = box;
  const gap = 8;
  const w = (box.width - gap * (columns - 1)) / columns;
  const imageHeight = w * 0.75;
  const cells = row.map((p) => (p ? { ...p, caption: plainText(p.caption) } : null));
  doc.font('regular').fontSize(box.tpl.fontSize - 1);
  const captionHeight = Math.max(
    0,
    ...cells.map((p) => (p ? doc.heightOfString(p.caption, { width: w }) : 0)),
  );
  box.ensureSpace(imageHeight + captionHeight + 10);
  const y = doc.y;
  cells.forEach((p, j) => {
    const x = box.left + j * (w + gap);
    if (!p) {
      doc.rect(x, y, w, imageHeight).dash(3, { space: 3 }).lineWidth(0.5).strokeColor('#aaaaaa').stroke();
      doc.undash();
      doc
        .fillColor('#888888')
        .text(style.empty[j] ?? '', x, y + imageHeight / 2 - 5, { width: w, align: 'center' });
      doc.fillColor('black');
      return;
    }
    doc.rect(x, y, w, imageHeight).lineWidth(0.5).strokeColor('#888888').stroke();
    try {
      doc.image(p.image, x + 2, y + 2, { fit: [w - 4, imageHeight - 4], align: 'center', valign: 'center' });
    } catch {
      doc
        .fillColor('#888888')
        .text(style.unreadable, x, y + imageHeight / 2 - 5, { width: w, align: 'center' });
      doc.fillColor('black');
    }
    doc.text(p.caption, x, y + imageHeight + 3, { width: w, align: 'center' });
  });
  doc.font('regular').fontSize(box.tpl.fontSize);
  doc.x = box.left;
  doc.y = y + imageHeight + captionHeight + 10;
}

/**
 * Photos in a grid of `perRow` with a caption under each; a photo that cannot be drawn (not a JPEG or PNG pdfkit
 * reads) is shown as a captioned empty box saying so. A row of photos never splits across pages.
 */
export function photoGrid(box: PdfBox, items: PdfPhoto[], perRow = 3, unreadable = '（图片无法显示）'): void {
  for (let i = 0; i < items.length; i += perRow)
    photoRow(box, items.slice(i, i + perRow), perRow, { unreadable, empty: [] });
}

/**
 * Photos side by side in columns under bold column heads (e.g. 整改前 | 整改后): each row is one pair, a missing
 * photo an empty dashed cell saying its column's `empty` text. The heads stay on the page of the first row.
 */
export function photoColumns(
  box: PdfBox,
  heads: string[],
  rows: (PdfPhoto | null)[][],
  style: RowStyle = { unreadable: '（图片无法显示）', empty: [] },
): void {
  const { doc } = box;
  const gap = 8;
  const w = (box.width - gap * (heads.length - 1)) / heads.length;
  box.ensureSpace(box.tpl.fontSize + 8 + w * 0.75 + 30);
  const y = doc.y;
  doc.font('bold').fontSize(box.tpl.fontSize + 1);
  heads.forEach((h, j) =>
    doc.text(plainText(h), box.left + j * (w + gap), y, { width: w, align: 'center', lineBreak: false }),
  );
  doc.font('regular').fontSize(box.tpl.fontSize);
  doc.x = box.left;
  doc.y = y + box.tpl.fontSize + 6;
  for (const row of rows) photoRow(box, row, heads.length, style);
}
