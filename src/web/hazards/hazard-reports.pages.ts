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
import { qrCode } from '../../common/libraries/on-first-use';
import { notFound } from '../../common/errors/domain-error';
import { redirect, type HttpResponse } from '../../common/http/platform';
import { hasRole } from '../../common/access/actor';
import { AllowRoles, AnyLoggedInUser } from '../../common/access/roles.decorator';
import { Role } from '../../common/access/roles';
import { DomainError } from '../../common/errors/domain-error';
import type { UploadedFile as UploadedPhoto } from '../../common/files/file-type';
import { sendByHash } from '../../common/http/file-by-hash';
import { AppConfig } from '../../config/app-config';
import { CreateHazardReportDto, ListHazardReportsQuery } from '../../hazard-reports/hazard-report.dto';
import { ALL_READERS } from '../../hazard-reports/hazard-report.view';
import { HazardReportsService } from '../../hazard-reports/hazard-reports.service';
import { UnitsService } from '../../org/units.service';
import { bool, chinesePart, formState, type FormState, text, validForm } from '../forms';
import { flash, renderPage, type WebRequest } from '../view';
import { matchUnit, unitChoices } from '../lookups';
import { sendPdf } from '../files';
import { HazardPosterPrintout } from '../../reports/printouts/hazard-poster.printout';
import { WebPages } from '../web-pages.decorator';
import { UploadInterceptor, refuseOversizeUpload } from '../../common/files/upload-limit.interceptor';
import { BOUNTY_STATUS_LABEL, HAZARD_REPORT_STATUS_LABEL } from './hazard-labels';
import { HazardReportPageView } from './hazard-report-page.view';

// The state words live in hazard-labels.ts; exported here too for the pages that import them from this file.
export { BOUNTY_STATUS_LABEL, HAZARD_REPORT_STATUS_LABEL } from './hazard-labels';

/** Photos one report form may carry (taken with the phone's camera, resized in the browser when large). */
const MAX_REPORT_PHOTOS = 6;
/** The report page's forms, each posted to /hazard-reports/:id/<form> and shown in the section of that id. */
const REPORT_FORMS = new Set(['photos', 'triage', 'bounty']);
/** Everyone but a plain reporter may print a unit's QR poster (unit officers put them up in their work areas). */
const POSTER_ROLES = Object.values(Role).filter((r) => r !== Role.REPORTER);

const REPORT_LABELS = {
  hazardUnitId: '隐患所在单位',
  location: '具体地点',
  description: '隐患情况',
  onBehalfOfUnit: '以单位名义举报',
  hideIdentity: '隐藏我的身份',
};
/**
 * 隐患举报 pages: the report form and "我的举报" for everyone; every report for the handlers and readers; one
 * report with its photos and history (hazard-report-page.view.ts); triage and the bounty proposal for the safety
 * office are hazard-triage.pages.ts.
 */
@WebPages('hazard-reports')
export class HazardReportPages {
  constructor(
    private readonly reports: HazardReportsService,
    private readonly units: UnitsService,
    private readonly config: AppConfig,
    private readonly posters: HazardPosterPrintout,
    private readonly page: HazardReportPageView,
  ) {}

  @Get()
  @AnyLoggedInUser()
  async list(@Req() req: WebRequest, @Res() res: HttpResponse, @Query() raw: Record<string, unknown>) {
    const actor = req.actor!;
    const readsAll = hasRole(actor, ...ALL_READERS);
    const onlyReporter = !readsAll && !hasRole(actor, Role.UNIT_OFFICER, Role.UNIT_HEAD);
    const filters = {
      status: text(raw.status),
      mine: onlyReporter || raw.mine === 'true' ? 'true' : undefined,
      offset: text(raw.offset),
    };
    let q: ListHazardReportsQuery;
    let filterError: string | null = null;
    try {
      q = await validForm(ListHazardReportsQuery, { ...filters, limit: '50' }, { status: '状态' });
    } catch {
      q = Object.assign(new ListHazardReportsQuery(), { mine: filters.mine, limit: 50 });
      filterError = '筛选条件有误，已显示全部。';
    }
    const result = await this.reports.list(actor, q);
    renderPage(req, res, 'hazards/list', {
      title: onlyReporter ? '我的举报' : '隐患举报',
      onlyReporter,
      filters,
      filterError,
      result,
      offset: q.offset ?? 0,
      limit: 50,
      statusLabels: HAZARD_REPORT_STATUS_LABEL,
      bountyLabels: BOUNTY_STATUS_LABEL,
    });
  }

  /** The form; `?unit=<id>` (the QR code of a unit's poster) chooses the unit. */
  @Get('new')
  @AnyLoggedInUser()
  async newForm(@Req() req: WebRequest, @Res() res: HttpResponse, @Query('unit') unit?: string) {
    const choices = await unitChoices(this.units, req.actor!);
    const fromQr = choices.find((c) => String(c.id) === unit);
    await this.showForm(req, res, undefined, fromQr?.label);
  }

  /**
   * One step on a phone: the unit (typed, or from the poster's QR code), the place, what is wrong and up to
   * MAX_REPORT_PHOTOS camera photos in one multipart form. The report is saved first; a photo the service refuses
   * (not an image) is named in the message and can be added again on the report's page.
   */
  @Post()
  @AnyLoggedInUser()
  @UseInterceptors(UploadInterceptor('EVIDENCE_MAX_BYTES', { for: 'page', files: MAX_REPORT_PHOTOS }))
  async create(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Body() body: Record<string, unknown>,
    @UploadedFiles() files: UploadedPhoto[] | undefined,
  ) {
    const actor = req.actor!;
    const typedUnit = text(body.hazardUnit);
    const values = {
      hazardUnit: typedUnit,
      location: text(body.location),
      description: text(body.description),
      onBehalfOfUnit: bool(body.onBehalfOfUnit),
      hideIdentity: bool(body.hideIdentity),
      // A refused form comes back without its photos (a browser cannot refill a file field): the form says so.
      photosChosen: (files ?? []).filter((f) => f.size > 0).length,
    };
    try {
      refuseOversizeUpload(req);
      const unit = matchUnit(await unitChoices(this.units, actor), typedUnit, 'hazardUnitId');
      values.hazardUnit = unit.label;
      const { hazardUnit: _typed, photosChosen: _photos, ...rest } = values;
      const dto = await validForm(CreateHazardReportDto, { ...rest, hazardUnitId: unit.id }, REPORT_LABELS);
      const created = await this.reports.create(actor, dto);
      const refused: string[] = [];
      let stored = 0;
      for (const file of (files ?? []).filter((f) => f.size > 0)) {
        try {
          await this.reports.addPhoto(actor, created.id, file);
          stored++;
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          refused.push(`“${file.originalname}”（${chinesePart(err.message)}）`);
        }
      }
      const photos = stored ? `，照片 ${stored} 张` : '';
      const notStored = refused.length ? `以下照片未保存：${refused.join('、')}，可在下方重新上传。` : '';
      flash(
        res,
        `举报已提交（第 ${created.id} 号${photos}），安全环保部核查后会在“我的举报”里更新状态。${notStored}`,
      );
      redirect(res, `/hazard-reports/${created.id}`);
    } catch (err) {
      const state = formState(err, 'report', values, REPORT_LABELS);
      // The unit is typed into one field: its messages (none matched, or the service's) belong there.
      if (state.fields.hazardUnitId) state.fields.hazardUnit = state.fields.hazardUnitId;
      if (state.fields.file) state.fields.photos = state.fields.file;
      res.status(state.status);
      await this.showForm(req, res, state);
    }
  }

  /** 扫码举报 poster of a unit: the QR code (preview) and the A4 PDF to print. */
  @Get('poster')
  @AllowRoles(...POSTER_ROLES)
  async poster(@Req() req: WebRequest, @Res() res: HttpResponse, @Query('unit') typed?: string) {
    const actor = req.actor!;
    const choices = await unitChoices(this.units, actor);
    let state: FormState | undefined;
    let chosen: { id: number; label: string; url: string; svg: string } | null = null;
    if (typed !== undefined) {
      try {
        const unit = /^\d+$/.test(typed)
          ? (choices.find((c) => String(c.id) === typed) ?? matchUnit(choices, typed, 'unit'))
          : matchUnit(choices, typed, 'unit');
        const url = this.posters.reportUrl(actor, unit.id);
        chosen = {
          id: unit.id,
          label: unit.label,
          url,
          svg: await qrCode().toString(url, { type: 'svg', margin: 2 }),
        };
      } catch (err) {
        state = formState(err, 'poster', { unit: typed }, { unit: '单位' });
        res.status(state.status);
      }
    }
    renderPage(req, res, 'hazards/poster', { title: '扫码举报海报', choices, chosen, formState: state });
  }

  @Get('poster/pdf')
  @AllowRoles(...POSTER_ROLES)
  async posterPdf(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Query('unit', ParseIntPipe) unit: number,
  ) {
    sendPdf(res, await this.posters.poster(req.actor!, unit));
  }

  @Get(':id')
  @AnyLoggedInUser()
  async detail(@Req() req: WebRequest, @Res() res: HttpResponse, @Param('id', ParseIntPipe) id: number) {
    await this.page.showReport(req, res, id);
  }

  /**
   * A form's address opened as a page: a refused form answers at its own address (/hazard-reports/6/photos), which a
   * reload, a bookmark or a shared link then opens with GET. It leads to the report, at that form (as the finding's).
   */
  @Get(':id/:form')
  @AnyLoggedInUser()
  openForm(@Res() res: HttpResponse, @Param('id', ParseIntPipe) id: number, @Param('form') form: string) {
    if (!REPORT_FORMS.has(form)) throw notFound('页面 / Page', `/hazard-reports/${id}/${form}`);
    redirect(res, `/hazard-reports/${id}#${form}`);
  }

  /**
   * A report photo for whoever may see the report: `?size=thumb|medium` its smaller JPEG, else the original; with
   * `v` (the start of its SHA-256, as the report page links to it) the browser keeps it for a year.
   */
  @Get(':id/photos/:photoId')
  @AnyLoggedInUser()
  async photo(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Param('id', ParseIntPipe) id: number,
    @Param('photoId', ParseIntPipe) photoId: number,
    @Query('size') size?: string,
    @Query('v') v?: string,
  ) {
    const wanted = size === 'thumb' || size === 'medium' ? size : 'original';
    const file = await this.reports.photo(req.actor!, id, photoId, wanted, v);
    sendByHash(req, res, file, { version: v, disposition: 'inline' });
  }

  @Post(':id/photos')
  @AnyLoggedInUser()
  @UseInterceptors(UploadInterceptor('EVIDENCE_MAX_BYTES', { for: 'page' }))
  async addPhoto(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Param('id', ParseIntPipe) id: number,
    @UploadedFile() file: UploadedPhoto | undefined,
  ) {
    try {
      refuseOversizeUpload(req);
      if (!file) throw new DomainError('BAD_REQUEST', 'VALIDATION_FAILED', '请选择要上传的照片');
      const photo = await this.reports.addPhoto(req.actor!, id, file);
      flash(res, `照片“${photo.fileName}”已上传。`);
      redirect(res, `/hazard-reports/${id}#photos`);
    } catch (err) {
      const state = formState(err, 'photo', {});
      state.fields = {};
      res.status(state.status);
      await this.page.showReport(req, res, id, state);
    }
  }

  // ---------- helpers ----------

  private async showForm(req: WebRequest, res: HttpResponse, state?: FormState, unitFromQr?: string) {
    const actor = req.actor!;
    renderPage(req, res, 'hazards/new', {
      title: '我要举报',
      units: await unitChoices(this.units, actor),
      unitFromQr: unitFromQr ?? '',
      maxPhotos: MAX_REPORT_PHOTOS,
      maxBytes: this.config.EVIDENCE_MAX_BYTES,
      homeUnitId: actor.homeUnitId,
      hasUnit: !!actor.homeUnitId,
      formState: state,
    });
  }
}
