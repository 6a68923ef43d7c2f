import {
  CallHandler,
  ExecutionContext,
  Injectable,
  mixin,
  NestInterceptor,
  PayloadTooLargeException,
  Type,
} from '@nestjs/common';
import { AnyFilesInterceptor, FileInterceptor } from '@nestjs/platform-express';
import type { IncomingMessage } from 'node:http';
import { finished } from 'node:stream/promises';
import type { Observable } from 'rxjs';
import { AppConfig } from '../../config/app-config';
import { DomainError } from '../errors/domain-error';
import type { UploadedFile } from './file-type';

/** The settings that bound an upload: evidence and hazard-report photos, or an Excel import. */
export type UploadLimit = 'EVIDENCE_MAX_BYTES' | 'IMPORT_MAX_BYTES';

const REFUSED = Symbol.for('rectify:upload-refused');
/** Room for the form's other fields and the multipart framing around the file, when a body declares its length. */
const FORM_ALLOWANCE = 1024 * 1024;
type WithRefusal = { [REFUSED]?: DomainError };

/** "10 MB", "512 KB": the limit as a person reads it. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / 1048576).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} B`;
}

/** The answer to a file bigger than the limit: 413 PAYLOAD_TOO_LARGE naming the limit, on the field `file`. */
export function fileTooLarge(maxBytes: number): DomainError {
  const limit = formatBytes(maxBytes);
  return new DomainError(
    'PAYLOAD_TOO_LARGE',
    'PAYLOAD_TOO_LARGE',
    `文件超过上限 ${limit}，未保存 / The file exceeds the ${limit} limit (${maxBytes} bytes) and was not stored`,
    [{ field: 'file', messages: [`文件不能超过 ${limit} / at most ${maxBytes} bytes`] }],
  );
}

/**
 * One file in the form field `file`, held in memory only up to the configured limit: multer counts the bytes as
 * they arrive and stops keeping them at `limit + 1`, so an oversize upload never occupies more than the limit
 * (the rest of the body is read and dropped, then the answer is 413 PAYLOAD_TOO_LARGE naming the limit). A body
 * whose Content-Length is already far above the limit is refused the same way without keeping any of it.
 *
 * `for: 'page'` (the web pages): the refusal is kept on the request instead of thrown, and the page handler calls
 * `refuseOversizeUpload(req)` inside its form action, so the form shows the error next to the file field.
 * `files: n` (a form with several file fields, e.g. one per row): up to n files under any field names, each within
 * the limit, in `req.files`; the declared-length check then allows n files.
 */
export function UploadInterceptor(
  limit: UploadLimit,
  options: { for?: 'api' | 'page'; files?: number } = {},
) {
  @Injectable()
  class BoundedUploadInterceptor implements NestInterceptor {
    private readonly maxBytes: number;
    private readonly declaredMax: number;
    private readonly multer: NestInterceptor;

    constructor(config: AppConfig) {
      this.maxBytes = config[limit];
      const files = options.files ?? 1;
      const Multer = options.files
        ? AnyFilesInterceptor({ limits: { fileSize: this.maxBytes, files } })
        : FileInterceptor('file', { limits: { fileSize: this.maxBytes, files: 1 } });
      this.declaredMax = this.maxBytes * files + FORM_ALLOWANCE;
      this.multer = new Multer(undefined);
    }

    async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
      try {
        await this.refuseDeclaredOversize(context.switchToHttp().getRequest<IncomingMessage>());
        const req = context.switchToHttp().getRequest<{ file?: UploadedFile; files?: UploadedFile[] }>();
        return await this.multer.intercept(context, {
          handle: () => {
            // Browsers send UTF-8 names; multer reads them as latin1. The handlers get them as sent.
            for (const f of req.files ?? (req.file ? [req.file] : []))
              f.originalname = Buffer.from(f.originalname, 'latin1').toString('utf8');
            return next.handle();
          },
        });
      } catch (err) {
        if (!(err instanceof PayloadTooLargeException)) throw err;
        const refusal = fileTooLarge(this.maxBytes);
        if (options.for !== 'page') throw refusal;
        const req = context
          .switchToHttp()
          .getRequest<WithRefusal & { file?: unknown; files?: unknown; body?: unknown }>();
        req[REFUSED] = refusal;
        req.file = undefined;
        req.files = undefined;
        req.body ??= {};
        return next.handle();
      }
    }

    /**
     * A body that says up front it is far bigger than the limit (Content-Length) is refused before multer keeps
     * any of it: it is read and dropped (so the client, still sending, gets the answer) and never buffered.
     */
    private async refuseDeclaredOversize(req: IncomingMessage): Promise<void> {
      const declared = Number(req.headers['content-length']);
      if (!Number.isFinite(declared) || declared <= this.declaredMax) return;
      req.resume();
      await finished(req).catch(() => undefined);
      throw new PayloadTooLargeException();
    }
  }
  return mixin(BoundedUploadInterceptor) as Type<NestInterceptor>;
}

/** In a page handler: throws the 413 an oversize upload earned (see UploadInterceptor), so the form shows it. */
export function refuseOversizeUpload(req: object): void {
  const refusal = (req as WithRefusal)[REFUSED];
  if (refusal) throw refusal;
}
