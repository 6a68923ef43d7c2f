/**
 * The findings spreadsheets, by section: `template.ts` (the import template), `import-rows.ts` (reading a filled-in
 * template back), `resolve-rows.ts` (matching its rows to units and the round), `export-sheet.ts` (the ledger).
 * This file only re-exports them for code that still imports `excel/finding-sheet`; import the section directly.
 */
export { buildImportTemplate } from './template';
export { parseImportWorkbook } from './import-rows';
export { InvalidWorkbookError } from './workbook-file';
export { IMPORT_COLUMNS } from './import-columns';
export type { ImportRow, SheetProblem } from './import-columns';
export { buildFindingsExport } from './export-sheet';
export type { ExportRow } from './export-sheet';
