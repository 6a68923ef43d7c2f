import { pdfDocumentClass } from '../reports/pdf/line-breaks';
import { settlePdfFonts, type PdfFonts } from '../reports/pdf/fonts';

/** What the stand-in file of a demo 制度/规程/预案 shows. */
export interface DemoDocumentFacts {
  kind: string;
  title: string;
  number: string;
  version: string;
  effectiveDate: string;
  unitName: string;
}

/**
 * A one-page PDF standing in for a demo source's signed 制度, 规程 or 预案 (issue 20): its title, number, version and
 * effective date, drawn with pdfkit and the report font (a few KB, made when the demo loads — no binary in the
 * repository). Dated on its effective day so the same facts give the same bytes.
 */
export function demoDocumentPdf(d: DemoDocumentFacts): Promise<Buffer> {
  // Drawn with the common fonts, again with the whole fonts if the facts have a character they lack (fonts.ts).
  return settlePdfFonts((fonts) => drawDemoDocument(d, fonts)).then((s) => s.laidOut);
}

function drawDemoDocument(d: DemoDocumentFacts, fonts: PdfFonts): Promise<Buffer> {
  const PDFDocument = pdfDocumentClass();
  const doc = new PDFDocument({
    size: 'A4',
    margin: 72,
    compress: true,
    info: {
      Title: d.title,
      Creator: 'Rectify demo',
      CreationDate: new Date(`${d.effectiveDate}T00:00:00Z`),
    },
  });
  // One font only: each embedded font is a subset made per document, the slow part of a small PDF.
  doc.registerFont('regular', fonts.regular as unknown as string);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('regular').fontSize(11).text(d.unitName, { align: 'right' });
  doc.moveDown(4);
  doc.fontSize(22).text(d.title, { align: 'center' });
  doc.moveDown(1);
  doc.font('regular').fontSize(13).text(`${d.kind}  ${d.number}  第 ${d.version} 版`, { align: 'center' });
  doc.moveDown(0.5);
  doc.text(`自 ${d.effectiveDate} 起施行`, { align: 'center' });
  doc.moveDown(6);
  doc.fontSize(10).fillColor('#666').text('（演示数据：代替经签发的正式文本）', { align: 'center' });
  doc.end();
  return done;
}
