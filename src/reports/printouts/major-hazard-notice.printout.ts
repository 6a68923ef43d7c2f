import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/access/actor';
import { dateInZone } from '../../common/time/business-date';
import { Clock } from '../../common/time/clock';
import { AppConfig } from '../../config/app-config';
import { SupervisionQueriesService } from '../../major-hazard-supervision/supervision-queries.service';
import { loadTemplate, renderPdf } from '../pdf/pdf-writer';
import { chineseDate } from '../rules/chinese-formats';
import { asciiFileName, PrintMeta, RenderedPdf } from './print-meta';

type Wording = Record<string, string> & { signatures: string[] };

/** 重大事故隐患挂牌督办通知书: the listing's 文号, the hazard, 督办要求 and deadline, and the 送达回执 (issue 21). */
@Injectable()
export class MajorHazardNoticePrintout {
  constructor(
    private readonly clock: Clock,
    private readonly meta: PrintMeta,
    private readonly listings: SupervisionQueriesService,
    private readonly config: AppConfig,
  ) {}

  async notice(actor: Actor, listingId: number): Promise<RenderedPdf> {
    const l = await this.listings.detail(actor, listingId);
    const tpl = loadTemplate('major-hazard-notice');
    const w = tpl.wording as Wording;
    const zone = this.clock.timeZone;
    const at = (d: Date | string) => dateInZone(new Date(d), zone);
    const stream = await renderPdf(
      tpl,
      `${l.docNumber} ${tpl.title}`,
      await this.meta.now(actor, `/major-hazards/${l.id}`),
      async (pdf) => {
        pdf.officeHeader(l.supervisingUnit, l.docNumber);
        pdf.title(tpl.title);
        if (l.delisted) pdf.banner(`${w.delisted}（${at(l.delisted.at)}）`);
        pdf.paragraph(`${l.finding.unitName}：`);
        pdf.paragraph(w.intro, { indent: true });
        pdf.fields(
          [
            [w.code, l.finding.code],
            [w.level, l.levelLabel],
            [w.supervisingUnit, l.supervisingUnit],
            [w.unit, l.finding.unitName],
          ],
          2,
        );
        pdf.fields(
          [
            [w.location, l.finding.location],
            [w.description, l.finding.description],
            [w.requirements, l.requirements],
            [
              w.deadline,
              l.deadline === l.originalDeadline
                ? l.deadline
                : `${l.deadline}（${w.originalDeadline} ${l.originalDeadline}）`,
            ],
            [
              w.acceptance,
              w.acceptanceText.replace('{days}', String(this.config.MAJOR_HAZARD_ACCEPTANCE_DAYS)),
            ],
          ],
          1,
        );
        pdf.gap(1);
        pdf.paragraph(`${l.supervisingUnit}\n${chineseDate(at(l.listedAt))}`, { align: 'right' });
        pdf.heading(w.receiptSection, 130);
        // Lists (to whom，by whom，when): they wrap only between their items, never inside a name or a date.
        pdf.fields([
          [w.served, l.served ? [l.served.to ?? '', l.served.by ?? '', at(l.served.at)] : w.notYet],
          [w.signed, l.signed ? [l.signed.by ?? '', at(l.signed.at)] : w.notYet],
        ]);
        pdf.signatures(w.signatures, w.signLine, w.dateLine);
      },
    );
    return {
      fileName: `${l.docNumber}-${tpl.title}.pdf`,
      asciiName: asciiFileName('major-hazard-notice', l.id, this.meta.today()),
      stream,
    };
  }
}
