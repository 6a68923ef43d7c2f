import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/access/actor';
import { AssessmentsService } from '../../assessments/assessments.service';
import { Clock } from '../../common/time/clock';
import { loadTemplate, renderPdf } from '../pdf/pdf-writer';
import { PrintMeta, RenderedPdf, yuan } from './print-meta';

/** 通报: a notice with the units and their assessments. */
@Injectable()
export class NoticePrintout {
  constructor(
    private readonly clock: Clock,
    private readonly meta: PrintMeta,
    private readonly assessments: AssessmentsService,
  ) {}

  async notice(actor: Actor, id: number): Promise<RenderedPdf> {
    const n = await this.assessments.getNotice(actor, id);
    const tpl = loadTemplate('notice');
    const w = tpl.wording as Record<string, string>;
    const rows = n.assessments as {
      unitName: string;
      reasonLabel: string;
      text: string;
      points: number | null;
      amountYuan: number | null;
      findingCode: string | null;
    }[];
    const stream = await renderPdf(tpl, n.title, await this.meta.now(`/notices/${n.id}`), async (pdf) => {
      pdf.title(n.title, `${n.documentNumber ?? ''}${n.status === 'DRAFT' ? w.draft : ''}`);
      for (const para of n.body.split(/\n+/).filter(Boolean)) pdf.paragraph(para, { indent: true });
      if (rows.length) {
        pdf.paragraph(w.listIntro, { indent: true });
        await pdf.table(
          tpl.columns,
          rows.map((a, i) => ({
            seq: String(i + 1),
            unit: a.unitName,
            reason: a.reasonLabel,
            text: a.findingCode && !a.text.includes(a.findingCode) ? `${a.text}（${a.findingCode}）` : a.text,
            points: a.points === null ? '' : String(a.points),
            amount: yuan(a.amountYuan),
          })),
          {
            totalRow: () => ({
              seq: w.totalRow,
              unit: `${rows.length} 项`,
              points: String(rows.reduce((s, a) => s + (a.points ?? 0), 0)),
              amount: yuan(rows.reduce((s, a) => s + (a.amountYuan ?? 0), 0)),
            }),
          },
        );
      }
      pdf.doc.moveDown(1);
      pdf.paragraph(`${w.issuer}\n${n.publishedOn ?? this.clock.today()}`, { bold: false });
    });
    return { fileName: `${n.title}.pdf`, stream };
  }
}
