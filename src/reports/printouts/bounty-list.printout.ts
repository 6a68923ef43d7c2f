import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/access/actor';
import { LedgerQuery } from '../../hazard-reports/hazard-report.dto';
import { HazardReportsService } from '../../hazard-reports/hazard-reports.service';
import { loadTemplate, renderPdf } from '../pdf/pdf-writer';
import { PrintMeta, RenderedPdf, yuan } from './print-meta';

/** 隐患举报奖励发放表: the bounties of a period with totals; reporters masked where hidden. */
@Injectable()
export class BountyListPrintout {
  constructor(
    private readonly meta: PrintMeta,
    private readonly hazards: HazardReportsService,
  ) {}

  async bountyList(actor: Actor, q: LedgerQuery): Promise<RenderedPdf> {
    const ledger = await this.hazards.ledger(actor, q);
    const tpl = loadTemplate('bounty-list');
    const w = tpl.wording as Record<string, string> & { statusLabels: Record<string, string> };
    const period = q.from || q.to ? `${q.from ?? ''} 至 ${q.to ?? ''}` : w.allTime;
    // Every page's footer: a QR code of the record online (扫码查看).
    const meta = await this.meta.now('/bounties');
    const stream = await renderPdf(tpl, `${tpl.title}（${period}）`, meta, async (pdf) => {
      const b = ledger.budget;
      pdf.title(
        tpl.title,
        `${w.period}：${period}\u3000\u3000${b.year}${w.budget}：${b.budget === null ? w.noBudget : `${yuan(b.budget)} 元，${w.remaining} ${yuan(b.remaining)} 元`}`,
      );
      await pdf.table(
        tpl.columns,
        ledger.items.map((i, n) => ({
          seq: String(n + 1),
          reporter: i.reporter.name,
          unit: i.hazard.unitName,
          hazard: `${i.hazard.description}${i.hazard.findingCode ? `（${i.hazard.findingCode}）` : ''}`,
          level: i.levelLabel,
          amount: yuan(i.amountYuan),
          status: w.statusLabels[i.status] ?? i.status,
          approver: i.approverName ?? '',
          paidOn: i.paidOn ?? '',
        })),
        {
          empty: w.empty,
          totalRow: () => ({
            seq: w.totalRow,
            reporter: `${ledger.totals.count} 项`,
            amount: yuan(ledger.totals.amountYuan),
            status: `已发放 ${yuan(ledger.totals.paidYuan)}`,
          }),
        },
      );
    });
    return { fileName: `${tpl.title}.pdf`, stream };
  }
}
