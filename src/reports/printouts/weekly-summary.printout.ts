import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/access/actor';
import { dateInZone } from '../../common/time/business-date';
import { Clock } from '../../common/time/clock';
import { FINDING_CATEGORY_LABEL, HAZARD_LEVEL_LABEL, HazardLevel } from '../../findings/finding.enums';
import { UnitsService } from '../../org/units.service';
import { WeekQuery } from '../../weekly-reports/weekly-report.dto';
import { WeeklyReportsService } from '../../weekly-reports/weekly-reports.service';
import { loadTemplate, renderPdf } from '../pdf/pdf-writer';
import { asciiFileName, PrintMeta, RenderedPdf } from './print-meta';

/** 举一反三周报汇总: a company's week — who reported on time, late or not at all, and the items by unit. */
@Injectable()
export class WeeklySummaryPrintout {
  constructor(
    private readonly clock: Clock,
    private readonly meta: PrintMeta,
    private readonly weekly: WeeklyReportsService,
    private readonly units: UnitsService,
  ) {}

  async weeklySummary(actor: Actor, q: WeekQuery): Promise<RenderedPdf> {
    const summary = await this.weekly.weekSummary(actor, q);
    const [company] = await this.units.findByIds([q.companyUnitId]);
    const tpl = loadTemplate('weekly-summary');
    const w = tpl.wording as Record<string, string> & { statusLabels: Record<string, string> };
    const preparer = await this.meta.preparer(actor);
    const b = summary.counts.byStatus as Record<string, number>;
    const totals = [
      ...['ON_TIME', 'NONE_FOUND', 'LATE', 'PENDING', 'MISSING', 'NOT_REQUIRED'].map(
        (c) => `${w.statusLabels[c]} ${b[c] ?? 0}`,
      ),
      `${w.itemsTotal} ${summary.counts.items} ${w.itemsUnit}`,
    ].join('，');
    const title = `${summary.weekLabel} ${tpl.title}`;
    const stream = await renderPdf(
      tpl,
      title,
      await this.meta.now(
        actor,
        `/weekly-reports/summary?companyUnitId=${q.companyUnitId}&week=${encodeURIComponent(q.week)}`,
        { scoped: true },
      ),
      async (pdf) => {
        pdf.setRunningHeader(`${company?.name ?? ''}\u3000${title}`);
        pdf.title(
          tpl.title,
          `${company?.name ?? ''}\u3000${summary.weekLabel}\u3000${w.thursday}：${summary.thursday}（周四）`,
        );
        pdf.heading(w.statusSection);
        pdf.paragraph(`${w.totals}：${totals}`, { bold: true });
        await pdf.table(
          tpl.columns,
          summary.units.map((u, i) => ({
            seq: String(i + 1),
            unit: u.unitName,
            status: w.statusLabels[u.status] ?? u.status,
            submittedAt: u.submittedAt
              ? `${dateInZone(new Date(u.submittedAt), this.clock.timeZone)} ${this.meta.timeOfDay(new Date(u.submittedAt))}`
              : '',
            items: String(u.items.length),
            note: u.status === 'NONE_FOUND' ? '本周未发现同类问题' : '',
          })),
        );
        pdf.heading(w.itemsSection);
        const items = summary.units.flatMap((u) =>
          u.items.map((i) => ({
            unit: u.unitName,
            code: i.findingCode ?? '',
            description: i.description,
            level: i.levelLabel,
            fixed: i.fixedOnTheSpot ? '是' : '否',
            deadline: i.deadline,
          })),
        );
        await pdf.table(tpl.itemColumns!, items, { empty: w.noItems });
        pdf.heading(w.countsSection);
        // Lists: printed "人的不安全行为 1，管理缺陷 1", wrapping only between their items.
        pdf.fields(
          [
            [
              w.byCategory,
              Object.entries(summary.counts.byCategory)
                .filter(([, n]) => n)
                .map(([k, n]) => `${FINDING_CATEGORY_LABEL[k as keyof typeof FINDING_CATEGORY_LABEL]} ${n}`),
            ],
            [
              w.byLevel,
              Object.entries(summary.counts.byLevel)
                .filter(([, n]) => n)
                .map(([k, n]) => `${HAZARD_LEVEL_LABEL[k as HazardLevel]} ${n}`),
            ],
          ],
          2,
        );
        pdf.gap(0.5);
        pdf.signatures(
          [`${w.preparedBy}：${preparer.person}\u3000${preparer.date}`, `${w.checkedBy}：`],
          w.signLine,
          w.dateLine,
        );
      },
    );
    return {
      fileName: `${company?.name ?? ''}-${summary.weekLabel}-${tpl.title}.pdf`,
      asciiName: asciiFileName(company?.code, q.week, 'weekly-summary'),
      stream,
    };
  }
}
