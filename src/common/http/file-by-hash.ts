import type { HttpRequest, HttpResponse } from './platform';
import { contentDisposition } from './content-disposition';

/** A stored file as served, named by the SHA-256 of its original (an evidence photo or one of its sizes). */
export interface HashedFile {
  fileName: string;
  mimeType: string;
  content: Buffer;
  /** SHA-256 (hex) of the original upload: it never changes, so it names every size of the file. */
  sha256: string;
  /** Which size this is ('original', 'thumb', 'medium'). */
  size: string;
}

/** The version a page puts in a file's address (`?v=`): the start of the original's SHA-256. */
export const hashVersion = (sha256: string): string => sha256.slice(0, 16);

/**
 * Sends a file with caching by its hash. The caller has already checked that the user may see it, on this very
 * request. An address carrying the file's hash (`v`, as pages link to it) never changes what it returns, so the
 * browser keeps it for a year without asking again (`private`: never in a shared cache); an address without it is
 * revalidated each time (ETag → 304), so access is checked again before the cached copy is reused.
 */
export function sendByHash(
  req: HttpRequest,
  res: HttpResponse,
  file: HashedFile,
  o: { version?: string; disposition?: 'inline' | 'attachment' } = {},
): void {
  const etag = `"${file.sha256.slice(0, 32)}-${file.size}"`;
  res.header('ETag', etag);
  res.header('Cache-Control', o.version ? 'private, max-age=31536000, immutable' : 'private, no-cache');
  res.header('X-Content-Type-Options', 'nosniff');
  if (req.headers['if-none-match'] === etag) {
    res.status(304).send();
    return;
  }
  res.header('Content-Type', file.mimeType);
  res.header('Content-Length', String(file.content.length));
  res.header('Content-Disposition', contentDisposition(file.fileName, o.disposition ?? 'inline'));
  if (file.size === 'original') res.header('X-Content-SHA256', file.sha256);
  res.send(file.content);
}
