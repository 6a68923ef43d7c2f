import { Get, Param, ParseIntPipe, Query, Req, Res } from '@nestjs/common';
import { redirect, type HttpResponse } from '../../common/http/platform';
import { notFound } from '../../common/errors/domain-error';
import { AllowRoles } from '../../common/access/roles.decorator';
import { FINDING_READERS } from '../../common/access/reader-roles';
import { sendByHash } from '../../common/http/file-by-hash';
import { EvidenceService } from '../../findings/evidence.service';
import { ReportsService } from '../../reports/reports.service';
import { sendPdf } from '../files';
import { type WebRequest } from '../view';
import { WebPages } from '../web-pages.decorator';
import { FindingDetailView } from './finding-detail.view';

/**
 * One finding (问题): its facts, the 五落实 plan, progress, evidence, summary, the 五个不放过 checklist and its
 * history, with the forms of the actions the user may take now (posted to finding-actions.pages.ts and
 * finding-closeout-actions.pages.ts); its printed close-out sheet; its evidence files.
 */
@WebPages('findings')
export class FindingDetailPages {
  constructor(
    private readonly view: FindingDetailView,
    private readonly evidence: EvidenceService,
    private readonly reports: ReportsService,
  ) {}

  @Get(':id')
  @AllowRoles(...FINDING_READERS)
  async show(@Req() req: WebRequest, @Res() res: HttpResponse, @Param('id', ParseIntPipe) id: number) {
    await this.view.render(req, res, id);
  }

  /**
   * A form's address opened as a page: a refused form answers at its own address (/findings/7/plan), which a reload
   * after the fact, a bookmark or a shared link then opens with GET. It leads to the finding, at that form.
   */
  @Get(':id/:form')
  @AllowRoles(...FINDING_READERS)
  openForm(@Res() res: HttpResponse, @Param('id', ParseIntPipe) id: number, @Param('form') form: string) {
    const anchor = FORM_ANCHORS.get(form);
    if (!anchor) throw notFound('页面 / Page', `/findings/${id}/${form}`);
    redirect(res, `/findings/${id}#${anchor}`);
  }

  @Get(':id/print')
  @AllowRoles(...FINDING_READERS)
  async print(@Req() req: WebRequest, @Res() res: HttpResponse, @Param('id', ParseIntPipe) id: number) {
    sendPdf(res, await this.reports.closeoutSheet(req.actor!, id));
  }

  /**
   * An evidence file: `?size=thumb|medium` for a photo's smaller copies, `&v=` the start of its SHA-256 (pages link
   * with it, and the browser then keeps the file for a year); access is checked on every request.
   */
  @Get(':id/evidence/:evidenceId')
  @AllowRoles(...FINDING_READERS)
  async evidenceFile(
    @Req() req: WebRequest,
    @Res() res: HttpResponse,
    @Param('id', ParseIntPipe) id: number,
    @Param('evidenceId', ParseIntPipe) evidenceId: number,
    @Query('size') size?: string,
    @Query('v') v?: string,
  ) {
    const wanted = size === 'thumb' || size === 'medium' ? size : 'original';
    const file = await this.evidence.serve(req.actor!, id, evidenceId, wanted, v);
    const inline = file.mimeType.startsWith('image/') || file.mimeType === 'application/pdf';
    sendByHash(req, res, file, { version: v, disposition: inline ? 'inline' : 'attachment' });
  }
}

/** The finding page's forms by the last part of their address, with the section each one sits in. */
const FORM_ANCHORS = new Map<string, string>([
  ['plan', 'plan'],
  ['progress', 'progress'],
  ['evidence', 'evidence'],
  ['summary', 'summary'],
  ['extensions', 'extension'],
  ['cancel', 'cancel'],
  ['verifications', 'verification'],
  ['sweep', 'sweep'],
  ['similar', 'similar'],
  ['recurrence-of', 'recurrence'],
  ['mechanisms', 'mechanism'],
  ['accountability', 'accountability'],
  ['satisfaction', 'satisfaction'],
  ['closeout', 'closeout'],
]);
