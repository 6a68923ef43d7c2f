import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/access/actor';
import { InspectionLedgerService } from '../../inspections/inspection-ledger.service';
import { signerLabel } from '../../inspections/rules/signed-records';
import { loadTemplate, renderPdf } from '../pdf/pdf-writer';
import { asciiFileName, PrintMeta, RenderedPdf } from './print-meta';

const time = (d: Date | null) =>
  d ? new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : '';

/** 检查台账: every inspection of one 重要危险源 in a period (A4 landscape), missed ones as 漏检. */
@Injectable()
export class InspectionLedgerPrintout {
  constructor(
    private readonly meta: PrintMeta,
    private readonly ledgers: InspectionLedgerService,
  ) {}

  async ledger(actor: Actor, sourceId: number, from: string, to: string): Promise<RenderedPdf> {
    const l = await this.ledgers.ledger(actor, sourceId, from, to);
    const tpl = loadTemplate('inspection-ledger');
    const w = tpl.wording as Record<string, string>;
    const title = `${l.source.name} ${tpl.title}`;
    const stream = await renderPdf(
      tpl,
      title,
      await this.meta.now(actor, `/inspections/sources/${sourceId}`),
      async (pdf) => {
        // Every later page names the source, its unit and the period, so a page read alone says what it belongs to.
        pdf.setRunningHeader(`${title}\u3000${l.source.unitName}\u3000${from} 至 ${to}`);
        pdf.title(title, `${l.source.unitName} · ${l.source.gradeLabel} · ${from} 至 ${to}`);
        pdf.paragraph(
          w.summary.replace(/\{(\w+)\}/g, (_m, k: string) => String(l.summary[k as keyof typeof l.summary])),
        );
        await pdf.table(
          tpl.columns,
          l.lines.map((x, i) => ({
            no: String(i + 1),
            period: x.period,
            level: x.level,
            checklist: x.checklist,
            outcome: x.outcome,
            failed: x.failedItems,
            inspector: signerLabel(x.inspector, x.signedBy, true),
            signedAt: time(x.signedAt),
          })),
          { empty: w.empty },
        );
        pdf.signatures(['安全管理人员审核'], w.signLine, w.dateLine);
      },
    );
    return {
      fileName: `检查台账-${l.source.name}-${from}-${to}.pdf`,
      asciiName: asciiFileName('inspection-ledger', 'source', sourceId, from, to),
      stream,
    };
  }
}
