import { renderChartSvg } from './dashboard-charts';
import type { DashboardChartView } from './dashboard.dto';

/** The value labels of an SVG chart: the text, and the y of its top edge in the chart's own coordinates. */
function valueLabels(svg: string): { text: string; top: number }[] {
  const labels = [
    ...svg.matchAll(
      /<text [^>]*font-size:(\d+)px[^>]*y="(-?[\d.]+)" transform="translate\([\d.]+ (-?[\d.]+)\)" fill="#222">([^<]*)<\/text>/g,
    ),
  ];
  return labels.map(([, size, y, ty, text]) => ({ text, top: Number(ty) + Number(y) - Number(size) / 2 }));
}

describe('the 驾驶舱 bar charts', () => {
  it('print the value of the tallest bar whole, inside the chart (QA: "8" over the top bar was cut in half)', () => {
    const chart: DashboardChartView = {
      key: 'byLevel',
      title: '按隐患等级',
      kind: 'bar',
      unit: '项',
      categories: ['一般', '较大', '重大'],
      series: [{ name: '发现', values: [8, 0, 0], links: ['/findings', '/findings', '/findings'] }],
      rule: '期间内发现，不含作废',
    } as DashboardChartView;
    const labels = valueLabels(renderChartSvg(chart, { links: false }));
    expect(labels.map((l) => l.text)).toEqual(['8', '0', '0']);
    for (const label of labels) expect(label.top).toBeGreaterThanOrEqual(0);
  });
});
