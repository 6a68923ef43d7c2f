import { Controller, Get, Param, ParseIntPipe, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { HttpResponse } from '../common/http/platform';
import type { Actor } from '../common/access/actor';
import { CurrentActor } from '../common/access/current-actor.decorator';
import { AllowRoles } from '../common/access/roles.decorator';
import { contentDisposition } from '../common/http/content-disposition';
import { LedgerQuery } from '../inspections/inspection.dto';
import { INSPECTION_READERS } from '../inspections/inspections-access';
import { HazardSourceFilePrintout } from './printouts/hazard-source-file.printout';
import { HazardSourceSignPrintout } from './printouts/hazard-source-sign.printout';
import { InspectionLedgerPrintout } from './printouts/inspection-ledger.printout';
import type { RenderedPdf } from './printouts/print-meta';

/** The 重要危险源 printouts: 检查台账, 档案, 公示牌 (same scope as the source: unit roles their subtree). */
@ApiTags('reports 打印报表')
@Controller('reports/hazard-sources')
export class InspectionPrintoutsController {
  constructor(
    private readonly ledger: InspectionLedgerPrintout,
    private readonly file: HazardSourceFilePrintout,
    private readonly signs: HazardSourceSignPrintout,
  ) {}

  private send(res: HttpResponse, pdf: RenderedPdf): StreamableFile {
    res.header('Content-Disposition', contentDisposition(pdf.fileName, 'inline', pdf.asciiName));
    res.header('Cache-Control', 'no-store');
    return new StreamableFile(pdf.stream, { type: 'application/pdf' });
  }

  @Get(':id/ledger')
  @AllowRoles(...INSPECTION_READERS)
  @ApiProduces('application/pdf')
  @ApiOperation({
    summary: '检查台账 / Inspections of a source in a period (at most a year), missed ones as 漏检',
  })
  async ledgerPdf(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Query() q: LedgerQuery,
    @Res({ passthrough: true }) res: HttpResponse,
  ) {
    return this.send(res, await this.ledger.ledger(actor, id, q.from, q.to));
  }

  @Get(':id/file')
  @AllowRoles(...INSPECTION_READERS)
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: '重要危险源档案 / Everything about a source on one printout' })
  async filePdf(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Res({ passthrough: true }) res: HttpResponse,
  ) {
    return this.send(res, await this.file.file(actor, id));
  }

  @Get(':id/sign')
  @AllowRoles(...INSPECTION_READERS)
  @ApiProduces('application/pdf')
  @ApiOperation({
    summary: '公示牌 / The A4 sign: grade colour, hazards, controls, emergency measures, persons, QR',
  })
  async signPdf(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Res({ passthrough: true }) res: HttpResponse,
  ) {
    return this.send(res, await this.signs.sign(actor, id));
  }
}
