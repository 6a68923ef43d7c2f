import type { Response } from 'express';
import { contentDisposition } from '../common/http/content-disposition';
import type { RenderedPdf } from '../reports/reports.service';

/** Streams a printed report to the browser, shown inline (the browser's PDF viewer prints it). */
export function sendPdf(res: Response, pdf: RenderedPdf): void {
  res.setHeader('Content-Type', 'application/pdf');
  res.setHeader('Content-Disposition', contentDisposition(pdf.fileName, 'inline', pdf.asciiName));
  res.setHeader('Cache-Control', 'no-store');
  pdf.stream.on('error', (err) => res.destroy(err));
  pdf.stream.pipe(res);
}

/** Sends a generated file (an .xlsx export, an evidence photo) as a download. */
export function sendDownload(res: Response, body: Buffer, fileName: string, type: string): void {
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Disposition', contentDisposition(fileName, 'attachment'));
  res.setHeader('Cache-Control', 'no-store');
  res.end(body);
}
