import { Get, Param, ParseIntPipe, Query, Req, Res } from '@nestjs/common';
import type { HttpResponse } from '../../common/http/platform';
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
