import { sendStream, type HttpResponse } from '../common/http/platform';
import { contentDisposition } from '../common/http/content-disposition';
import type { RenderedPdf } from '../reports/reports.service';

/** Streams a printed report to the browser, shown inline (the browser's PDF viewer prints it). */
export function sendPdf(res: HttpResponse, pdf: RenderedPdf): void {
  res.header('Content-Type', 'application/pdf');
  res.header('Content-Disposition', contentDisposition(pdf.fileName, 'inline', pdf.asciiName));
  res.header('Cache-Control', 'no-store');
  sendStream(res, pdf.stream);
}

/** Sends a generated file (an .xlsx export, an evidence photo) as a download. */
export function sendDownload(res: HttpResponse, body: Buffer, fileName: string, type: string): void {
  res.header('Content-Type', type);
  res.header('Content-Disposition', contentDisposition(fileName, 'attachment'));
  res.header('Cache-Control', 'no-store');
  res.send(body);
}
