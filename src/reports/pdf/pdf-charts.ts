import { svgToPdfKit } from '../../common/libraries/on-first-use';
import type { PdfBox } from './pdf-template';

/** A chart as SVG (e.g. Apache ECharts' server rendering) with its title and its drawn size. */
export interface PdfChart {
  title: string;
  svg: string;
  width: number;
  height: number;
}

/**
 * A row of charts side by side in equal columns, each under its title and scaled to the column; kept on one page.
 * Text in the SVG is drawn with the report's font.
 */
export function drawCharts(box: PdfBox, items: PdfChart[], gap = 14): void {
  const { doc, tpl } = box;
  const column = (box.width - gap * (items.length - 1)) / items.length;
  const heights = items.map((c) => (c.height * column) / c.width);
  const titleHeight = tpl.fontSize + 8;
  box.ensureSpace(titleHeight + Math.max(...heights));
  const top = doc.y;
  items.forEach((c, i) => {
    const x = box.left + i * (column + gap);
    doc
      .font('bold')
      .fontSize(tpl.fontSize + 1)
      .text(c.title, x, top, { width: column, lineBreak: false });
    svgToPdfKit()(doc, c.svg, x, top + titleHeight, {
      width: column,
      height: heights[i],
      preserveAspectRatio: 'xMinYMin meet',
      fontCallback: (_family, bold) => (bold ? 'bold' : 'regular'),
    });
  });
  doc.font('regular').fontSize(tpl.fontSize).fillColor('black');
  doc.x = box.left;
  doc.y = top + titleHeight + Math.max(...heights) + 10;
}
