import { plainText } from '../../common/text/plain-text';
import type { PdfBox } from './pdf-template';

/** One photo and the caption printed under it. */
export interface PdfPhoto {
  image: Buffer;
  caption: string;
}

/**
 * Photos in a grid of `perRow` with a caption under each; a photo that cannot be drawn (not a JPEG or PNG pdfkit
 * reads) is shown as a captioned empty box saying so. A row of photos never splits across pages.
 */
export function photoGrid(box: PdfBox, items: PdfPhoto[], perRow = 3, unreadable = '（图片无法显示）'): void {
  const { doc } = box;
  const gap = 8;
  const w = (box.width - gap * (perRow - 1)) / perRow;
  const imageHeight = w * 0.75;
  for (let i = 0; i < items.length; i += perRow) {
    const row = items.slice(i, i + perRow).map((p) => ({ ...p, caption: plainText(p.caption) }));
    doc.font('regular').fontSize(box.tpl.fontSize - 1);
    const captionHeight = Math.max(...row.map((p) => doc.heightOfString(p.caption, { width: w })));
    box.ensureSpace(imageHeight + captionHeight + 10);
    const y = doc.y;
    row.forEach((p, j) => {
      const x = box.left + j * (w + gap);
      doc.rect(x, y, w, imageHeight).lineWidth(0.5).strokeColor('#888888').stroke();
      try {
        doc.image(p.image, x + 2, y + 2, {
          fit: [w - 4, imageHeight - 4],
          align: 'center',
          valign: 'center',
        });
      } catch {
        doc.fillColor('#888888').text(unreadable, x, y + imageHeight / 2 - 5, { width: w, align: 'center' });
        doc.fillColor('black');
      }
      doc.text(p.caption, x, y + imageHeight + 3, { width: w, align: 'center' });
    });
    doc.font('regular').fontSize(box.tpl.fontSize);
    doc.x = box.left;
    doc.y = y + imageHeight + captionHeight + 10;
  }
}
