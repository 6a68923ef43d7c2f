async function openPdf(data: Buffer) {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs.getDocument({
    data: new Uint8Array(data),
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  }).promise;
}

/**
 * Extracts each page's text from a PDF, as a reader copying text out of it would get it. Uses pdfjs-dist (installed
 * by `npm ci`, so the suite needs no system package); the result matches `pdftotext` for these reports.
 */
export async function pdfPages(data: Buffer): Promise<string[]> {
  const doc = await openPdf(data);
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(''));
  }
  await doc.destroy();
  return pages;
}

/** supertest parser that keeps a binary body as a Buffer. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const binary = (res: any, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

/** Each page's text pieces with where they start (x from the left edge, y from the top, in points). */
export async function pdfItems(data: Buffer): Promise<{ str: string; x: number; y: number }[][]> {
  const doc = await openPdf(data);
  const pages: { str: string; x: number; y: number }[][] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const height = page.view[3];
    const content = await page.getTextContent();
    pages.push(
      content.items.flatMap((item) =>
        'str' in item ? [{ str: item.str, x: item.transform[4], y: height - item.transform[5] }] : [],
      ),
    );
  }
  await doc.destroy();
  return pages;
}

/**
 * Each page's characters as the page draws them: the text a reader copies and the glyph the font draws it with. A
 * glyph 0 is the font's .notdef — on paper a blank box where the character should be.
 */
export async function pdfGlyphs(data: Buffer): Promise<{ unicode: string; glyph: number }[][]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await openPdf(data);
  const pages: { unicode: string; glyph: number }[][] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const ops = await (await doc.getPage(i)).getOperatorList();
    const glyphs: { unicode: string; glyph: number }[] = [];
    ops.fnArray.forEach((fn, j) => {
      if (fn !== pdfjs.OPS.showText && fn !== pdfjs.OPS.showSpacedText) return;
      // showSpacedText mixes glyphs with numbers (the spacing between them).
      for (const g of ops.argsArray[j][0] as ({ unicode: string; originalCharCode: number } | number)[])
        if (typeof g === 'object' && g !== null)
          glyphs.push({ unicode: g.unicode, glyph: g.originalCharCode });
    });
    pages.push(glyphs);
  }
  await doc.destroy();
  return pages;
}
