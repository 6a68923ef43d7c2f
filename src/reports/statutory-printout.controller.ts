import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { HttpResponse } from '../common/http/platform';
import type { Actor } from '../common/access/actor';
import { CurrentActor } from '../common/access/current-actor.decorator';
import { FINDING_READERS } from '../common/access/reader-roles';
import { AllowRoles } from '../common/access/roles.decorator';
import { contentDisposition } from '../common/http/content-disposition';
import { StatutoryTableQuery } from '../statutory-statistics/statutory-statistics.dto';
import { StatutoryTablePrintout } from './printouts/statutory-table.printout';

/** The statutory table's PDF, beside its JSON and .xlsx under /statistics/statutory (the PDF writer lives here). */
@ApiTags('statistics 统计报表')
@Controller('statistics/statutory')
export class StatutoryPrintoutController {
  constructor(private readonly printout: StatutoryTablePrintout) {}

  @Get('table/pdf')
  @AllowRoles(...FINDING_READERS)
  @ApiProduces('application/pdf')
  @ApiOperation({
    summary:
      '打印统计表 / The table as PDF (A4 landscape) with the analysis and signature lines; the filed version once locked',
  })
  async pdf(
    @CurrentActor() actor: Actor,
    @Query() q: StatutoryTableQuery,
    @Res({ passthrough: true }) res: HttpResponse,
  ) {
    const pdf = await this.printout.statutoryTable(actor, q);
    res.header('Content-Disposition', contentDisposition(pdf.fileName, 'inline', pdf.asciiName));
    res.header('Cache-Control', 'no-store');
    return new StreamableFile(pdf.stream, { type: 'application/pdf' });
  }
}
