import {
  Body,
  Get,
  Param,
  ParseIntPipe,
  Post,
  Query,
  Req,
  Res,
  UploadedFile,
  UploadedFiles,
  UseInterceptors,
} from '@nestjs/common';
import { redirect, type HttpResponse } from '../../common/http/platform';
import { AllowRoles } from '../../common/access/roles.decorator';
import { validationFailed } from '../../common/errors/domain-error';
import { allProblems } from '../../common/errors/field-problems';
import type {
  UploadedFile as UploadedPhoto,
  UploadedFile as UploadedDocument,
} from '../../common/files/file-type';
import {
  formatBytes,
  refuseOversizeUpload,
  UploadInterceptor,
} from '../../common/files/upload-limit.interceptor';
import { hashVersion, sendByHash } from '../../common/http/file-by-hash';
import { AppConfig } from '../../config/app-config';
import { ListSourcesQuery, ListTasksQuery } from '../../inspections/inspection.dto';
import {
  INSPECTION_LEVEL_LABEL,
  ITEM_RESULT_LABEL,
  ItemResult,
  SOURCE_DOCUMENT_LABEL,
  SourceDocumentType,
} from '../../inspections/inspection.enums';
import { inspectionFields } from '../../inspections/rules/checklist';
import { documentKey } from '../../inspections/rules/gaps';
import { SourceDocumentFileDto } from '../../inspections/source-document-file.dto';
import { SourceDocumentFilesService } from '../../inspections/source-document-files.service';
import { INSPECTION_READERS, SOURCE_MANAGERS } from '../../inspections/inspections-access';
import { HazardSourcesService } from '../../inspections/hazard-sources.service';
import { InspectionTasksService } from '../../inspections/inspection-tasks.service';
import { bool, FORM_REFUSED, formState, int, text, type FormState } from '../forms';
import { flash, renderPage, type WebRequest } from '../view';
import { WebPages } from '../web-pages.decorator';
import { formAnswers, formPhotos, formSignature, unfinishedWith } from './inspection-form';
import { sendDownload, sendPdf } from '../files';
import { InspectionLedgerService } from '../../inspections/inspection-ledger.service';
import { HazardSourceFilePrintout } from '../../reports/printouts/hazard-source-file.printout';
import { HazardSourceSignPrintout } from '../../reports/printouts/hazard-source-sign.printout';
import { InspectionLedgerPrintout } from '../../reports/printouts/inspection-ledger.printout';
import { isIsoDate } from '../../common/time/business-date';
import { Clock } from '../../common/time/clock';
import { contentDisposition } from '../../common/http/content-disposition';

/** A unit filter from the query string (a positive integer; anything else is no filter). */
const unitIdOf = (query: Record<string, unknown>) => {
  const v = text(query.unitId);
  return v && /^[1-9]\d{0,9}$/.test(v) ? Number(v) : undefined;
};

/** Photos one inspection form may carry (a few per failed item, taken with the phone's camera). */
const MAX_FORM_PHOTOS = 24;

/**
 * 重要危险源检查 pages, phone first: my inspections due now (and how many were missed), one inspection done item by
 * item and signed in one form, the register of sources with their gaps, one source.
 */
@WebPages('inspections')
export class InspectionPages {
  constructor(
    private readonly tasks: InspectionTasksService,
    private readonly sources: HazardSourcesService,
    private readonly ledgers: InspectionLedgerService,
    private readonly ledgerPdf: InspectionLedgerPrintout,
    private readonly filePdf: HazardSourceFilePrintout,
    private readonly signPdf: HazardSourceSignPrintout,
    private readonly documentFiles: SourceDocumentFilesService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** The ledger's period: `from`/`to` as given, else this month so far. */
  private period(from?: string, to?: string): [string, string] {
    const today = this.clock.today();
    return [from && isIsoDate(from) ? from : `${today.slice(0, 7)}-01`, to && isIsoDate(to) ? to : today];
  }

  @Get('sources/:id/ledger.pdf')
  @AllowRoles(...INSPECTION_READERS)
  async ledgerPrint(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Param('id', ParseIntPipe) id: number,
    @Query('from') from?: string,
    @Query('to') to?: string,
  ) {
    sendPdf(res, await this.ledgerPdf.ledger(req.actor!, id, ...this.period(from, to)));
  }

  @Get('sources/:id/ledger.xlsx')
  @AllowRoles(...INSPECTION_READERS)
  async ledgerSheet(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Param('id', ParseIntPipe) id: number,
    @Query('from') from?: string,
    @Query('to') to?: string,
  ) {
    const file = await this.ledgers.sheet(req.actor!, id, ...this.period(from, to));
    sendDownload(
      res,
      file.body,
      file.fileName,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
  }

  /**
   * A photo of an inspection item, for the pages (the API's /inspection-photos needs a bearer token, which an <img>
   * on a page does not send); the same access check: the task's source must be visible to the user.
   */
  @Get('photos/:id')
  @AllowRoles(...INSPECTION_READERS)
  async photo(@Req() req: WebRequest, @Res() res: HttpResponse, @Param('id', ParseIntPipe) id: number) {
    const p = await this.tasks.photo(req.actor!, id);
    res.header('Content-Type', p.mimeType);
    res.header('Content-Disposition', contentDisposition(p.fileName, 'inline'));
    res.header('Cache-Control', 'private, max-age=86400'); // a photo never changes; access is checked each time
    res.send(p.content);
  }

  @Get('sources/:id/file.pdf')
  @AllowRoles(...INSPECTION_READERS)
  async filePrint(@Req() req: WebRequest, @Res() res: HttpResponse, @Param('id', ParseIntPipe) id: number) {
    sendPdf(res, await this.filePdf.file(req.actor!, id));
  }

  @Get('sources/:id/sign.pdf')
  @AllowRoles(...INSPECTION_READERS)
  async signPrint(@Req() req: WebRequest, @Res() res: HttpResponse, @Param('id', ParseIntPipe) id: number) {
    sendPdf(res, await this.signPdf.sign(req.actor!, id));
  }

  @Get()
  @AllowRoles(...INSPECTION_READERS)
  async index(@Req() req: WebRequest, @Res() res: HttpResponse, @Query() query: Record<string, unknown>) {
    const actor = req.actor!;
    const mine = await this.tasks.mine(actor);
    const unitId = unitIdOf(query); // the 驾驶舱's unit filter (its 漏检 figure links here)
    const missed = await this.tasks.list(
      actor,
      Object.assign(new ListTasksQuery(), { state: 'missed', limit: 20, unitId }),
    );
    renderPage(req, res, 'inspections/index', {
      title: '重要危险源检查',
      mine,
      missed,
      unitId: unitId ?? null,
      levelLabels: INSPECTION_LEVEL_LABEL,
    });
  }

  @Get('tasks/:id')
  @AllowRoles(...INSPECTION_READERS)
  async task(@Req() req: WebRequest, @Res() res: HttpResponse, @Param('id', ParseIntPipe) id: number) {
    await this.showTask(req, res, id);
  }

  private async showTask(req: WebRequest, res: HttpResponse, id: number, state?: FormState) {
    const task = await this.tasks.detail(req.actor!, id);
    res.status(state?.status ?? 200);
    renderPage(req, res, 'inspections/task', {
      title: `${task.sourceName} ${task.levelLabel}检查`,
      maxBytes: this.config.EVIDENCE_MAX_BYTES,
      task,
      formState: state,
      resultLabels: ITEM_RESULT_LABEL,
      results: [ItemResult.PASS, ItemResult.FAIL, ItemResult.NOT_APPLICABLE],
    });
  }

  /**
   * The whole inspection in one form: each item's answer (and note, on-the-spot fix), its photos (`photo-<no>`, and
   * `after-<no>` for the fix), the signature. Answers and photos are kept even when signing is refused.
   */
  @Post('tasks/:id')
  @AllowRoles(...SOURCE_MANAGERS)
  @UseInterceptors(UploadInterceptor('EVIDENCE_MAX_BYTES', { for: 'page', files: MAX_FORM_PHOTOS }))
  async submit(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: Record<string, unknown>,
    @UploadedFiles() files: UploadedPhoto[] | undefined,
  ) {
    const actor = req.actor!;
    const values = { ...body };
    try {
      refuseOversizeUpload(req);
      const task = await this.tasks.detail(actor, id);
      const { answers, problems: wrongAnswers } = await formAnswers(task.items, body);
      const { photos, problems: wrongPhotos } = await formPhotos(files, this.config.EVIDENCE_MAX_BYTES);
      const signature = await formSignature(body, task.version);
      if (wrongAnswers.length || wrongPhotos.length)
        // Nothing is kept: every field at fault at once, what signing would still lack included.
        throw validationFailed(
          allProblems(
            inspectionFields(task.items),
            [...wrongAnswers, ...wrongPhotos, ...signature.problems],
            unfinishedWith(task, answers, photos, wrongAnswers),
          ),
          FORM_REFUSED,
        );
      // Each answer carries the version the previous one left, the first the version the form was read at: an
      // answer someone else saved meanwhile is refused (409), not overwritten.
      let version = int(body.version);
      for (const { no, answer } of answers)
        ({ version } = await this.tasks.answer(actor, id, no, Object.assign(answer, { version })));
      for (const { no, kind, file } of photos) await this.tasks.addPhoto(actor, id, no, kind, file);
      // Signing refused (a name missing, an item short of a note or photo) keeps the answers and photos.
      const fresh = await this.tasks.detail(actor, id);
      const dto = Object.assign(signature.dto, { version: fresh.version });
      const signed = await this.tasks.sign(actor, id, dto, signature.problems);
      flash(
        res,
        signed.findingIds.length
          ? `检查已签字，${signed.findingIds.length} 个不合格项已登记为问题`
          : '检查已签字，全部合格',
      );
      redirect(res, `/inspections/tasks/${id}`);
    } catch (err) {
      await this.showTask(req, res, id, formState(err, 'inspect', values, { signature: '检查人签字' }));
    }
  }

  @Get('sources')
  @AllowRoles(...INSPECTION_READERS)
  async sourceList(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Query() query: Record<string, unknown>,
  ) {
    // ?withGaps=true&unitId=: the 驾驶舱's 危险源缺项 figure links here.
    const withGaps = bool(query.withGaps);
    const unitId = unitIdOf(query);
    const result = await this.sources.list(
      req.actor!,
      Object.assign(new ListSourcesQuery(), { limit: 200, withGaps, unitId }),
    );
    renderPage(req, res, 'inspections/sources', {
      title: withGaps ? '有缺项的重要危险源' : '重要危险源台账',
      result,
      withGaps,
      unitId: unitId ?? null,
    });
  }

  @Get('sources/:id')
  @AllowRoles(...INSPECTION_READERS)
  async source(@Req() req: WebRequest, @Res() res: HttpResponse, @Param('id', ParseIntPipe) id: number) {
    await this.showSource(req, res, id);
  }

  private async showSource(req: WebRequest, res: HttpResponse, id: number, state?: FormState) {
    const source = await this.sources.get(req.actor!, id);
    const tasks = await this.tasks.list(
      req.actor!,
      Object.assign(new ListTasksQuery(), { state: 'all', sourceId: id, limit: 30 }),
    );
    res.status(state?.status ?? 200);
    renderPage(req, res, 'inspections/source', {
      title: source.name,
      source,
      tasks,
      formState: state,
      levelLabels: INSPECTION_LEVEL_LABEL,
      docLabels: SOURCE_DOCUMENT_LABEL,
      docKey: documentKey,
      bytes: formatBytes,
      maxBytes: formatBytes(this.config.EVIDENCE_MAX_BYTES),
      version: hashVersion,
    });
  }

  /** A document's file (current or replaced), for whoever may see the source. */
  @Get('sources/:id/documents/:fileId')
  @AllowRoles(...INSPECTION_READERS)
  async documentFile(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Param('id', ParseIntPipe) id: number,
    @Param('fileId', ParseIntPipe) fileId: number,
    @Query('v') v?: string,
  ) {
    const version = v && /^[0-9a-f]{16}$/.test(v) ? v : undefined;
    const file = await this.documentFiles.serve(req.actor!, id, fileId, version);
    sendByHash(req, res, file, { version, disposition: 'attachment' });
  }

  /** The file of one listed document (its type, number and version in hidden fields); a refusal shows under it. */
  @Post('sources/:id/documents')
  @AllowRoles(...SOURCE_MANAGERS)
  @UseInterceptors(UploadInterceptor('EVIDENCE_MAX_BYTES', { for: 'page' }))
  async uploadDocument(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Param('id', ParseIntPipe) id: number,
    @Body() body: Record<string, unknown>,
    @UploadedFile() file: UploadedDocument | undefined,
  ) {
    const ref = Object.assign(new SourceDocumentFileDto(), {
      type: text(body.type) as SourceDocumentType,
      number: text(body.number) ?? '',
      version: text(body.version) ?? '',
    });
    try {
      refuseOversizeUpload(req);
      const saved = await this.documentFiles.upload(req.actor!, id, ref, file?.size ? file : undefined);
      flash(
        res,
        saved.replacedFileId
          ? `文件“${saved.fileName}”已上传，原文件已保留`
          : `文件“${saved.fileName}”已上传`,
      );
      redirect(res, `/inspections/sources/${id}#documents`);
    } catch (err) {
      const state = formState(err, `doc-${documentKey(ref)}`, {});
      state.fields = {};
      await this.showSource(req, res, id, state);
    }
  }
}
