import { Controller, Get, Param, ParseIntPipe, Res, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { HttpResponse } from '../common/http/platform';
import type { Actor } from '../common/access/actor';
import { CurrentActor } from '../common/access/current-actor.decorator';
import { FINDING_READERS } from '../common/access/reader-roles';
import { AllowRoles } from '../common/access/roles.decorator';
import { contentDisposition } from '../common/http/content-disposition';
import { MajorHazardNoticePrintout } from './printouts/major-hazard-notice.printout';
import { MajorHazardPlanPrintout } from './printouts/major-hazard-plan.printout';
import type { RenderedPdf } from './printouts/print-meta';

/** The printouts of issue 21: a MAJOR finding's 治理方案 and a listing's 挂牌督办通知书. */
@ApiTags('reports 打印')
@Controller('reports')
export class MajorHazardPrintoutController {
  constructor(
    private readonly plan: MajorHazardPlanPrintout,
    private readonly notice: MajorHazardNoticePrintout,
  ) {}

  @Get('findings/:id/major-hazard-plan')
  @AllowRoles(...FINDING_READERS)
  @ApiProduces('application/pdf')
  @ApiOperation({
    summary: '重大事故隐患治理方案 / The 治理方案 of a MAJOR finding (安监总局令第16号) as PDF',
  })
  async governancePlan(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Res({ passthrough: true }) res: HttpResponse,
  ) {
    return send(res, await this.plan.plan(actor, id));
  }

  @Get('major-hazard-listings/:id/notice')
  @AllowRoles(...FINDING_READERS)
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: '挂牌督办通知书 / The supervision notice of a listing as PDF, with the 送达回执' })
  async supervisionNotice(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Res({ passthrough: true }) res: HttpResponse,
  ) {
    return send(res, await this.notice.notice(actor, id));
  }
}

function send(res: HttpResponse, pdf: RenderedPdf) {
  res.header('Content-Disposition', contentDisposition(pdf.fileName, 'inline', pdf.asciiName));
  res.header('Cache-Control', 'no-store');
  return new StreamableFile(pdf.stream, { type: 'application/pdf' });
}
