import type * as Echarts from 'echarts';
import { echarts } from '../common/libraries/on-first-use';
import type { DashboardChartView } from './dashboard.dto';

/** Width of a chart in CSS pixels: fits a 390 px phone screen (with the page's padding) without scaling down. */
export const CHART_WIDTH = 360;
const COLORS = ['#2f6fb3', '#3f9a5a', '#d08a2c', '#b8453a'];
const FONT = 'Noto Sans SC, PingFang SC, Microsoft YaHei, sans-serif';

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The height a chart needs: horizontal bars get a row each. */
export function chartHeight(chart: DashboardChartView): number {
  if (chart.kind === 'bar') return 220;
  return Math.max(110, 46 + chart.categories.length * 28);
}

/** Characters of 11 px text that fit the 120 px a unit's name has beside its bar (a hanzi is about 11 px). */
const LABEL_LINE_CHARS = 10;

/**
 * A unit's name told apart by its ancestors ("储运工段（氧化铝二厂）") goes on two lines at its bracket when it does not
 * fit on one and each part fits a line: breaking by character left a lone "）" on the second line (seen in print).
 */
export function breakBeforeQualifier(name: string): string {
  const at = name.indexOf('（');
  if (at <= 0 || name.length <= LABEL_LINE_CHARS) return name;
  return at <= LABEL_LINE_CHARS && name.length - at <= LABEL_LINE_CHARS
    ? `${name.slice(0, at)}\n${name.slice(at)}`
    : name;
}

/** ECharts options of a dashboard chart: plain bars, value labels on the bars, no animation (server-side). */
function optionsOf(chart: DashboardChartView, fontFamily: string): Echarts.EChartsCoreOption {
  const horizontal = chart.kind === 'hbar';
  const valueLabels = horizontal || chart.categories.length <= 6;
  const suffix = chart.unit === '%' ? '%' : '';
  const category = {
    type: 'category' as const,
    data: horizontal ? [...chart.categories].reverse() : chart.categories.map((c) => shortMonth(c)),
    axisLabel: {
      fontSize: 11,
      interval: horizontal ? 0 : ('auto' as const),
      hideOverlap: true,
      width: horizontal ? 120 : undefined,
      // A unit's name may take two lines beside its bar (a bar is 28 px high): cut after one line, the two
      // companies' 安全环保健康部（中铝山西…） read the same (QA).
      overflow: horizontal ? ('break' as const) : ('truncate' as const),
      lineOverflow: 'truncate' as const,
      height: horizontal ? 26 : undefined,
      lineHeight: horizontal ? 13 : undefined,
      formatter: horizontal ? breakBeforeQualifier : undefined,
    },
    axisTick: { show: false },
  };
  const value = {
    type: 'value' as const,
    minInterval: 1,
    max: chart.unit === '%' ? 100 : undefined,
    axisLabel: { fontSize: 10 },
  };
  return {
    animation: false,
    textStyle: { fontFamily, fontSize: 11 },
    color: COLORS,
    legend: chart.series.length > 1 ? { top: 0, textStyle: { fontSize: 11 } } : undefined,
    grid: {
      left: 6,
      right: horizontal ? 36 : 8,
      // The value printed over the tallest bar needs its own line: the bar can reach the top of the grid, and
      // containLabel makes room for the axis labels only (QA: the top bar's "8" printed cut in half).
      top: (chart.series.length > 1 ? 28 : 10) + (valueLabels && !horizontal ? 14 : 0),
      bottom: 6,
      containLabel: true,
    },
    xAxis: horizontal ? value : category,
    yAxis: horizontal ? category : value,
    series: chart.series.map((s) => ({
      type: 'bar',
      name: s.name,
      data: horizontal ? [...s.values].reverse() : s.values,
      barMaxWidth: 22,
      label: {
        show: valueLabels,
        position: horizontal ? 'right' : 'top',
        fontSize: 10,
        color: '#222',
        // No white outline: svg-to-pdfkit ignores paint-order and would paint the outline over the digits.
        textBorderWidth: 0,
        formatter: (p: { value: number | null }) => (p.value === null ? '' : `${p.value}${suffix}`),
      },
    })),
  };
}

/** "2023-04" → "23/4" on the monthly chart's axis (the table beside it has the full month). */
const shortMonth = (c: string) => (/^\d{4}-\d{2}$/.test(c) ? `${c.slice(2, 4)}/${Number(c.slice(5))}` : c);

/**
 * The chart as an SVG string (Apache ECharts rendered on the server), each bar wrapped in a link to the list it
 * counts — clicking a bar needs no script. For the PDF, `links: false` leaves the bars plain.
 */
export function renderChartSvg(
  chart: DashboardChartView,
  options: { links?: boolean; fontFamily?: string } = {},
): string {
  const instance = echarts().init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: CHART_WIDTH,
    height: chartHeight(chart),
  });
  try {
    instance.setOption(optionsOf(chart, options.fontFamily ?? FONT));
    const svg = instance.renderToSVGString();
    if (options.links === false) return svg;
    const n = chart.categories.length;
    return svg.replace(
      /<path ([^>]*?)ecmeta_series_index="(\d+)" ecmeta_data_index="(\d+)"([^>]*)><\/path>/g,
      (whole, _a: string, s: string, i: string) => {
        const index = chart.kind === 'hbar' ? n - 1 - Number(i) : Number(i);
        const href = chart.series[Number(s)]?.links[index];
        const title = `${chart.categories[index]}：${chart.series[Number(s)]?.values[index] ?? ''}`;
        return href
          ? `<a href="${escapeAttr(href)}" class="chart-link"><title>${escapeAttr(title)}</title>${whole}</a>`
          : whole;
      },
    );
  } finally {
    instance.dispose();
  }
}
