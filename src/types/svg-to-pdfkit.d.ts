/** The little of svg-to-pdfkit's API that Rectify uses (the package ships no types). */
declare module 'svg-to-pdfkit' {
  interface Options {
    width?: number;
    height?: number;
    preserveAspectRatio?: string;
    assumePt?: boolean;
    fontCallback?: (family: string, bold: boolean, italic: boolean) => string;
  }
  function SVGtoPDF(doc: PDFKit.PDFDocument, svg: string, x: number, y: number, options?: Options): void;
  // CommonJS: `require('svg-to-pdfkit')` is the function itself.
  export = SVGtoPDF;
}
