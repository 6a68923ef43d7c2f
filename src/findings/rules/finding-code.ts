/** A finding code as stored (`XCL-2023-AQ-0007`) from what a person typed: upper case, 全角 dashes and spaces undone. */
export const normaliseCode = (typed: string): string =>
  typed
    .normalize('NFKC')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, '')
    .toUpperCase();
