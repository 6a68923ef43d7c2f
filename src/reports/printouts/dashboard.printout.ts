import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/access/actor';
import { chartHeight, CHART_WIDTH, renderChartSvg } from '../../dashboard/dashboard-charts';
import type { DashboardChartView, DashboardQuery } from '../../dashboard/dashboard.dto';
import { DashboardService } from '../../dashboard/dashboard.service';
import { loadTemplate, renderPdf } from '../pdf/pdf-writer';
import { asciiFileName, PrintMeta, RenderedPdf } from './print-meta';

type Wording = Record<string, string> & { periodTitles: Record<string, string> };

/** 隐患排查治理概览 (月度/季度): the dashboard's key figures and its charts — the same SVGs as the page — on A4. */
@Injectable()
export class DashboardPrintout {
  constructor(
    private readonly meta: PrintMeta,
    private readonly dashboard: DashboardService,
  ) {}

  async overview(actor: Actor, q: DashboardQuery): Promise<RenderedPdf> {
    const view = await this.dashboard.view(actor, q);
    const tpl = loadTemplate('dashboard');
    const w = tpl.wording as Wording;
    const title = `${tpl.title}${w.periodTitles[view.period.kind] ? `（${w.periodTitles[view.period.kind]}）` : ''}`;
    const svg = (c: DashboardChartView) => ({
      title: c.title,
      svg: renderChartSvg(c, { links: false }),
      width: CHART_WIDTH,
      height: chartHeight(c),
    });
    const stream = await renderPdf(
      tpl,
      `${title} ${view.period.label}`,
      await this.meta.now(actor),
      async (pdf) => {
        // A month, quarter or year with its dates; a custom period's name is its dates already (not twice).
        const range = `${view.period.from} 至 ${view.period.to}`;
        const period = view.period.label === range ? range : `${view.period.label}（${range}）`;
        pdf.title(
          title,
          `${w.period}：${period}\u3000${w.scope}：${view.scopeLabel}\u3000${w.today}：${view.today}`,
        );
        pdf.heading(w.figures);
        pdf.fields(
          view.figures.map((f) => [
            f.label,
            f.value === null ? '—' : `${f.value.toLocaleString('en-US')} ${f.unit}`,
          ]),
          3,
        );
        pdf.paragraph(w.note);
        pdf.heading(w.charts);
        const charts = view.charts.filter((c) => c.categories.length > 0);
        for (let i = 0; i < charts.length; i += 2) pdf.charts(charts.slice(i, i + 2).map(svg));
        pdf.heading(w.rules);
        for (const f of view.figures) pdf.paragraph(`${f.label}：${f.rule}`);
        for (const c of charts) pdf.paragraph(`${c.title}：${c.rule}`);
      },
    );
    return {
      fileName: `${title}-${view.period.label}.pdf`,
      asciiName: asciiFileName('dashboard', view.period.kind, view.period.from, view.period.to),
      stream,
    };
  }
}
