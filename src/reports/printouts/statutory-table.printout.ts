import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/access/actor';
import { StatutoryExportService } from '../../statutory-statistics/statutory-export.service';
import { StatutoryTableQuery } from '../../statutory-statistics/statutory-statistics.dto';
import { loadTemplate, renderPdf } from '../pdf/pdf-writer';
import { asciiFileName, PrintMeta, RenderedPdf } from './print-meta';

const figure = (key: string, v: number | null) =>
  v === null ? '—' : key === 'c4' || key === 'c7' ? v.toFixed(1) : key === 'c14' ? v.toFixed(2) : String(v);

/**
 * 生产安全事故隐患排查治理情况统计表 (安监总局令第16号), A4 landscape: the header, the fourteen columns for the total,
 * each domain and each 二级单位, the note (一般 includes 较大), the cross-checks, the written analysis and the signature
 * lines (单位负责人, 填表人, 联系电话, 填报日期). A locked report prints as filed, with the change-log hash at locking; a
 * draft (not locked) is marked 草稿 — 未锁定 across every page and in a red box under the title, as an open finding's
 * 整改销号单 is marked 未销号, so it cannot pass for the filed table.
 */
@Injectable()
export class StatutoryTablePrintout {
  constructor(
    private readonly meta: PrintMeta,
    private readonly exports: StatutoryExportService,
  ) {}

  async statutoryTable(actor: Actor, q: StatutoryTableQuery): Promise<RenderedPdf> {
    const p = await this.exports.printable(actor, q);
    const { table } = p;
    const tpl = loadTemplate('statutory-table');
    const w = tpl.wording as Record<string, string>;
    // Every page's footer: a QR code of the record online (扫码查看).
    const meta = await this.meta.now(
      actor,
      `/statistics/statutory?unitId=${q.unitId}&period=${encodeURIComponent(q.period)}`,
    );
    const stream = await renderPdf(tpl, p.fileName, meta, async (pdf) => {
      if (!p.locked) pdf.watermark(w.draftMark);
      pdf.title(`${table.unit.name}${tpl.title}`, `${w.period}：${table.period.label}（${w.cumulative}）`);
      if (!p.locked) pdf.banner(`${w.draftMark}\u3000${w.draftNote}`);
      pdf.fields(
        [
          [w.unit, table.unit.name],
          [w.period, `${table.period.yearStart} 至 ${table.period.periodEnd}`],
          [w.due, table.period.dueDate],
          [w.state, p.state],
          // A draft's figures are as of the change log when printed; a filed table's as of its locking.
          [p.locked ? w.chain : w.chainDraft, `#${table.changeLog.seq} ${table.changeLog.hash}`],
        ],
        3,
      );
      await pdf.table(
        tpl.columns,
        table.rows.map((r) => ({
          label: r.label,
          ...Object.fromEntries(table.columns.map((c) => [c.key, figure(c.key, r.figures[c.key])])),
        })),
      );
      pdf.paragraph(table.note);
      const failed = table.crossChecks.filter((c) => !c.ok);
      pdf.paragraph(
        `${w.crossChecks}：${
          failed.length
            ? `${w.failed} ${failed.length} 项——${failed.map((c) => `${c.rowLabel} ${c.rule}（${c.detail}）`).join('；')}`
            : w.allPass
        }`,
        { bold: failed.length > 0 },
      );
      if (p.analysis) {
        pdf.heading(w.analysis);
        for (const line of p.analysis.split('\n')) pdf.paragraph(line);
      }
      pdf.gap(0.5);
      pdf.signatures(
        [
          `${w.principal}：${p.principalName ?? ''}`,
          `${w.preparer}：${p.preparerName ?? ''}`,
          `${w.phone}：${p.phone ?? ''}`,
          `${w.date}：${p.signedOn ?? ''}`,
        ],
        w.signLine,
        '',
      );
    });
    return {
      fileName: `${p.fileName}.pdf`,
      asciiName: asciiFileName(table.unit.code, table.period.key, 'statutory-table'),
      stream,
    };
  }
}
