import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/access/actor';
import { LedgerQuery } from '../../hazard-reports/hazard-report.dto';
import { HazardReportsService } from '../../hazard-reports/hazard-reports.service';
import { loadTemplate, renderPdf } from '../pdf/pdf-writer';
import { MASKED_NAME } from '../../hazard-reports/hazard-report.view';
import { budgetYearOfPeriod } from '../../hazard-reports/rules/bounty-rules';
import { rmbUppercase } from '../rules/chinese-formats';
import { asciiFileName, PrintMeta, RenderedPdf, yuan } from './print-meta';

/** What the payment sheet lists unless a status is asked for: bounties decided for payment. */
const PAYABLE = ['APPROVED', 'PAID'];

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
    const w = tpl.wording as Record<string, string> & {
      statusLabels: Record<string, string>;
      signatures: string[];
    };
    // An open end reads 起 / 止 ("2026-01-01 起"), not a bare 至 with nothing after it.
    const period =
      q.from && q.to ? `${q.from} 至 ${q.to}` : q.from ? `${q.from} 起` : q.to ? `${q.to} 止` : w.allTime;
    // Pending, rejected and cancelled bounties are not paid: only approved and paid rows unless a status is asked for.
    const items = q.status ? ledger.items : ledger.items.filter((i) => PAYABLE.includes(i.status));
    const counted = items.filter((i) => i.status !== 'REJECTED' && i.status !== 'CANCELLED');
    const amount = counted.reduce((s, i) => s + i.amountYuan, 0);
    const paid = items.filter((i) => i.status === 'PAID').reduce((s, i) => s + i.amountYuan, 0);
    // A reporter who asked to be hidden is masked on paper for every reader (handlers see the name on screen only);
    // the row keeps the bounty's number so the handler can match it. Such a sheet is marked 保密.
    const secret = items.some((i) => i.reporterHidden);
    const preparer = await this.meta.preparer(actor);
    // The annual budget is printed only on a sheet of one year's bounties: beside all years' (or several years')
    // payments, one year's budget and what is left of it invite a comparison that means nothing.
    const year = budgetYearOfPeriod(q.from, q.to, this.meta.today());
    const b = year !== null && ledger.budget.year === year ? ledger.budget : null;
    const title = `${tpl.title}（${period}）`;
    const stream = await renderPdf(
      tpl,
      title,
      await this.meta.now(actor, '/bounties', { scoped: true }),
      async (pdf) => {
        pdf.setRunningHeader(`${secret ? `${w.secret}\u3000` : ''}${title}`);
        if (secret) pdf.paragraph(`${w.secret}\u3000${w.secretNote}`, { bold: true });
        pdf.title(
          tpl.title,
          `${w.period}：${period}${b ? `\u3000\u3000${b.year}${w.budget}：${b.budget === null ? w.noBudget : `${yuan(b.budget)} 元，${w.remaining} ${yuan(b.remaining)} 元`}` : ''}`,
        );
        if (!q.status) pdf.paragraph(w.payableOnly);
        await pdf.table(
          tpl.columns,
          items.map((i, n) => ({
            seq: String(n + 1),
            reporter: i.reporterHidden ? `${MASKED_NAME}（${w.bountyNo} ${i.id}）` : i.reporter.name,
            unit: i.hazard.unitName,
            hazard: `${i.hazard.description}${i.hazard.findingCode ? `（${i.hazard.findingCode}）` : ''}`,
            level: i.levelLabel,
            amount: yuan(i.amountYuan),
            status: w.statusLabels[i.status] ?? i.status,
            approver: i.approverName ?? '',
            paidOn: i.paidOn ?? '',
            receiver: '',
          })),
          {
            empty: w.empty,
            totalRow: () => ({
              seq: w.totalRow,
              reporter: `${counted.length} 项`,
              amount: yuan(amount),
              status: `已发放 ${yuan(paid)}`,
            }),
          },
        );
        pdf.paragraph(
          `${w.uppercase}：${rmbUppercase(amount)}\u3000\u3000（${w.lowercase}：${yuan(amount)} 元）`,
          {
            bold: true,
          },
        );
        pdf.gap(0.5);
        pdf.signatures(
          w.signatures.map((l, i) => (i === 0 ? `${l}：${preparer.unit} ${preparer.person}` : `${l}：`)),
          w.signLine,
          w.dateLine,
        );
      },
    );
    return {
      fileName: `${title}.pdf`,
      asciiName: asciiFileName('bounty-payments', q.from ?? 'all', q.to ?? this.meta.today()),
      stream,
    };
  }
}
