/** Typed text with 全角 letters and digits made plain and every kind of dash (全角, typographic, minus) a hyphen. */
const plainDashes = (typed: string): string => typed.normalize('NFKC').replace(/[\u2010-\u2015\u2212]/g, '-');

/** A finding code as stored (`XCL-2023-AQ-0007`) from what a person typed: upper case, 全角 dashes and spaces undone. */
export const normaliseCode = (typed: string): string => plainDashes(typed).replace(/\s+/g, '').toUpperCase();

/**
 * The codes in what a person typed into a codes field: one per line, or separated by spaces, commas, semicolons or 、.
 * Spaces around a dash belong to the code ("XCL - 2023 - AQ - 0007" is one code, as people copy it from a printed
 * ledger), so they are joined before the text is split.
 */
export const typedCodes = (typed: string): string[] =>
  plainDashes(typed)
    .replace(/\s*-\s*/g, '-')
    .split(/[\s,;、]+/)
    .filter(Boolean);
