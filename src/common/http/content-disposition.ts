/**
 * `attachment` with an ASCII fallback and the real (Chinese) name per RFC 5987, as all browsers understand it. The
 * fallback is `asciiName` when the caller has a readable one (a printout's code and date); otherwise the name with
 * each run of non-ASCII characters shown as one `_`.
 */
export function contentDisposition(
  fileName: string,
  disposition: 'attachment' | 'inline' = 'attachment',
  asciiName?: string,
): string {
  const ascii = (asciiName ?? fileName)
    .replace(/[^\x20-\x7e]+/g, '_')
    .replace(/["\\]/g, '_')
    .replace(/_+/g, '_');
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
