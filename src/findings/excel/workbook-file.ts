/** Which files an import accepts, and the errors it refuses them with (mapped to HTTP by the import service). */

export class InvalidWorkbookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidWorkbookError';
  }
}

/** A sheet with more data rows than the import accepts (IMPORT_MAX_ROWS); reading stopped at the first extra row. */
export class TooManyRowsError extends Error {
  constructor(readonly limit: number) {
    super(
      `工作表超过 ${limit} 行数据，请分成多个文件导入 / the sheet has more than ${limit} data rows; split it into several files`,
    );
    this.name = 'TooManyRowsError';
  }
}

const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** A file that cannot be an .xlsx is refused before any parsing. */
export function checkSignature(data: Buffer): void {
  if (!data || data.length === 0) throw new InvalidWorkbookError('文件为空 / the file is empty');
  if (data.subarray(0, OLE_SIGNATURE.length).equals(OLE_SIGNATURE)) {
    throw new InvalidWorkbookError(
      '文件是旧版 .xls 格式或已设置密码，请在 Excel 中另存为不加密的 .xlsx 后再导入 / the file is a legacy .xls or password-protected workbook; save it as an unencrypted .xlsx',
    );
  }
  if (!data.subarray(0, ZIP_SIGNATURE.length).equals(ZIP_SIGNATURE)) throw notXlsx('not a zip archive');
}

export const notXlsx = (detail: string) =>
  new InvalidWorkbookError(`文件不是有效的 Excel (.xlsx) 文件 / not a valid .xlsx file (${detail})`);
