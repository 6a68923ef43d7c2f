import '@fastify/multipart';
import { CallHandler, ExecutionContext, Injectable, mixin, NestInterceptor, Type } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
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
/** A file of the form, as the handlers receive it (@UploadedFile(), @UploadedFiles()). */
export interface FormFile extends UploadedFile {
  fieldname: string;
  mimetype: string;
}
type FormRequest = WithRefusal & { file?: FormFile; files?: FormFile[]; body?: unknown };

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

/** The form is not what the route reads: 400 in the API's terms, saying what to change. */
const formRefused = (message: string) => new DomainError('BAD_REQUEST', 'BAD_REQUEST', message);
const notInFieldFile = () =>
  formRefused('上传的文件须放在字段 file 中 / Send the file in the form field "file"');
const tooManyFiles = () => formRefused('一次只能上传一个文件 / One file per upload');
const notMultipart = () =>
  formRefused('上传内容不是有效的表单数据 / The upload is not valid multipart form data');

/**
 * One file in the form field `file`, held in memory only up to the configured limit: the multipart parser counts the
 * bytes as they arrive and stops keeping them past the limit, so an oversize upload never occupies more than the
 * limit (then the answer is 413 PAYLOAD_TOO_LARGE naming the limit). A body whose Content-Length is already far above
 * the limit is refused the same way without keeping any of it.
 *
 * `for: 'page'` (the web pages): the refusal is kept on the request instead of thrown, and the page handler calls
 * `refuseOversizeUpload(req)` inside its form action, so the form shows the error next to the file field.
 * `files: n` (a form with several file fields, e.g. one per row): up to n files under any field names, each within
 * the limit, in `req.files`; the declared-length check then allows n files.
 *
 * The form's other fields become the body (a name sent twice: an array), as the handlers' @Body() reads it; the
 * files are `req.file` / `req.files` (@UploadedFile(), @UploadedFiles()), each name as the browser sent it (UTF-8).
 */
export function UploadInterceptor(
  limit: UploadLimit,
  options: { for?: 'api' | 'page'; files?: number } = {},
) {
  @Injectable()
  class BoundedUploadInterceptor implements NestInterceptor {
    private readonly maxBytes: number;
    private readonly maxFiles: number;
    private readonly declaredMax: number;

    constructor(config: AppConfig) {
      this.maxBytes = config[limit];
      this.maxFiles = options.files ?? 1;
      this.declaredMax = this.maxBytes * this.maxFiles + FORM_ALLOWANCE;
    }

    async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
      const req = context.switchToHttp().getRequest<FastifyRequest>();
      const form = req as unknown as FormRequest;
      // What @UploadedFile() / @UploadedFiles() read: none until the form is read (not a form, say JSON: none), and
      // never @fastify/multipart's file() / files() methods of the same names.
      form.file = undefined;
      form.files = undefined;
      try {
        await this.refuseDeclaredOversize(req.raw);
        if (req.isMultipart()) await this.readForm(req, form);
        return next.handle();
      } catch (err) {
        const tooLarge = err instanceof DomainError && err.kind === 'PAYLOAD_TOO_LARGE';
        if (!tooLarge || options.for !== 'page') throw err;
        form[REFUSED] = err;
        form.body ??= {};
        return next.handle();
      }
    }

    private async readForm(req: FastifyRequest, form: FormRequest): Promise<void> {
      const fields: Record<string, string | string[]> = {};
      const files: FormFile[] = [];
      try {
        for await (const part of req.parts({ limits: { fileSize: this.maxBytes, files: this.maxFiles } })) {
          if (part.type === 'file') {
            if (!options.files && part.fieldname !== 'file') throw notInFieldFile();
            const buffer = await part.toBuffer();
            // A file input left empty is sent as a part with no name and no bytes: no file, for every route.
            if (!part.filename && buffer.length === 0) continue;
            files.push({
              fieldname: part.fieldname,
              originalname: part.filename,
              mimetype: part.mimetype,
              buffer,
              size: buffer.length,
            });
          } else {
            const value = String(part.value);
            const had = fields[part.fieldname];
            fields[part.fieldname] =
              had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value];
          }
        }
      } catch (err) {
        // Nothing but the request is read here: whatever else fails is a body that is not a whole form (cut short,
        // a broken boundary or part header), however the parser words it.
        if (err instanceof DomainError) throw err;
        const code = (err as { code?: unknown }).code;
        if (code === 'FST_REQ_FILE_TOO_LARGE') throw fileTooLarge(this.maxBytes);
        if (code === 'FST_FILES_LIMIT') throw tooManyFiles();
        throw notMultipart();
      }
      form.body = fields;
      if (options.files) form.files = files;
      else form.file = files[0];
    }

    /**
     * A body that says up front it is far bigger than the limit (Content-Length) is refused before any of it is
     * kept: it is read and dropped (so the client, still sending, gets the answer) and never buffered.
     */
    private async refuseDeclaredOversize(req: IncomingMessage): Promise<void> {
      const declared = Number(req.headers['content-length']);
      if (!Number.isFinite(declared) || declared <= this.declaredMax) return;
      req.resume();
      await finished(req).catch(() => undefined);
      throw fileTooLarge(this.maxBytes);
    }
  }
  return mixin(BoundedUploadInterceptor) as Type<NestInterceptor>;
}

/** In a page handler: throws the 413 an oversize upload earned (see UploadInterceptor), so the form shows it. */
export function refuseOversizeUpload(req: object): void {
  const refusal = (req as WithRefusal)[REFUSED];
  if (refusal) throw refusal;
}
