import { DomainError } from '../errors/domain-error';

/**
 * Accepted upload types (photos, PDF, Office documents), recognised by their first bytes: the declared type and the
 * extension alone are not trusted.
 */
const SIGNATURES: { mime: string; ext: string[]; test: (b: Buffer) => boolean }[] = [
  { mime: 'image/jpeg', ext: ['jpg', 'jpeg'], test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    mime: 'image/png',
    ext: ['png'],
    test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  {
    mime: 'image/webp',
    ext: ['webp'],
    test: (b) =>
      b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  },
  { mime: 'application/pdf', ext: ['pdf'], test: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  {
    mime: 'application/zip',
    ext: ['docx', 'xlsx', 'pptx'],
    test: (b) => b.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])),
  },
  {
    mime: 'application/x-ole-storage',
    ext: ['doc', 'xls', 'ppt'],
    test: (b) => b.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0])),
  },
];
const MIME_OF_EXT: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
};

/** A file from a form (UploadInterceptor) or built by the service (a weekly report's base64 file, the demo). */
export interface UploadedFile {
  /** The file's name as the browser sent it (UTF-8). */
  originalname: string;
  buffer: Buffer;
  size: number;
}

export interface CheckedFile {
  fileName: string;
  mimeType: string;
  sizeBytes: number;
}

/**
 * Which of the accepted types an upload may be: photos, any of them, or some by extension with the words that
 * name them to the user (e.g. a 重要危险源's 制度: PDF, Word or a photo).
 */
export type AllowedUploads = 'photos' | 'documents' | { extensions: readonly string[]; described: string };

/** The longest file name kept, in characters (the column is text; this is for lists, pages and printouts). */
export const FILE_NAME_MAX_CHARS = 200;

/** The extension of a file name, lower case, or '' when it has none. */
function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/**
 * A name of at most FILE_NAME_MAX_CHARS characters: a longer one keeps its start and its extension (as sent), with
 * “…” where it was cut. Counted in code points, so a character outside the BMP (an emoji) is never split in half.
 */
function shortFileName(name: string): string {
  const chars = [...name];
  if (chars.length <= FILE_NAME_MAX_CHARS) return name;
  const ext = [...name.slice(name.lastIndexOf('.') + 1)];
  const tail = name.includes('.') && ext.length <= 10 ? `….${ext.join('')}` : '…';
  return chars.slice(0, FILE_NAME_MAX_CHARS - [...tail].length).join('') + tail;
}

/** Checks an upload's name, type (by content) and size; returns its clean name and real MIME type. */
export function checkUpload(
  file: UploadedFile | undefined,
  maxBytes: number,
  allowed: AllowedUploads = 'documents',
): CheckedFile {
  if (!file) {
    throw new DomainError(
      'BAD_REQUEST',
      'VALIDATION_FAILED',
      '请选择要上传的文件 / Attach the file as "file"',
      [{ field: 'file', messages: ['请选择文件 / required'] }],
    );
  }
  const cleanName = file.originalname.replace(/[\\/\0]/g, '_');
  // The extension comes from the whole name: a long name cut to 200 characters first had lost it (415 “.aaaa…”).
  const ext = extensionOf(cleanName);
  const fileName = shortFileName(cleanName);
  const permitted = (mime: string) =>
    allowed === 'documents' ||
    (allowed === 'photos' ? mime.startsWith('image/') : allowed.extensions.includes(ext));
  const signature = SIGNATURES.find((s) => s.ext.includes(ext) && permitted(s.mime));
  if (!signature) {
    const what =
      allowed === 'photos'
        ? '照片(jpg/png/webp)'
        : allowed === 'documents'
          ? '照片(jpg/png/webp)、PDF 或 Office 文档'
          : allowed.described;
    // A name with no dot has no extension; a long one after the last dot is shown in part.
    const shown = ext && `.${[...ext].slice(0, 10).join('')}${[...ext].length > 10 ? '…' : ''}`;
    throw new DomainError(
      'UNSUPPORTED_MEDIA_TYPE',
      'FILE_TYPE_NOT_ALLOWED',
      shown
        ? `不支持的文件类型 ${shown}；可上传${what} / File type ${shown} is not allowed`
        : `文件名没有扩展名，无法识别类型；可上传${what} / The file name has no extension (such as .jpg or .pdf)`,
      [{ field: 'file', messages: [shown ? `${shown} not allowed` : 'no extension'] }],
    );
  }
  if (!signature.test(file.buffer)) {
    throw new DomainError(
      'UNSUPPORTED_MEDIA_TYPE',
      'FILE_CONTENT_MISMATCH',
      `文件内容与扩展名 .${ext} 不符 / The content is not a .${ext} file`,
      [{ field: 'file', messages: ['content does not match the extension'] }],
    );
  }
  if (file.size > maxBytes) {
    throw new DomainError(
      'PAYLOAD_TOO_LARGE',
      'PAYLOAD_TOO_LARGE',
      `文件超过 ${Math.round(maxBytes / 1048576)} MB / File too large`,
    );
  }
  return { fileName, mimeType: MIME_OF_EXT[ext], sizeBytes: file.size };
}
