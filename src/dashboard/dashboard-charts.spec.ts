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

describe('the 驾驶舱 charts by unit', () => {
  it('show the two companies’ 安全环保健康部 apart (QA: both read “安全环保健康部（中...” beside their bars)', () => {
    const chart = {
      key: 'rateByUnit',
      title: '整改率（按二级单位）',
      kind: 'hbar',
      unit: '%',
      categories: ['安全环保健康部（中铝山西新材料有限公司）', '安全环保健康部（中铝山西铝业有限公司）'],
      series: [{ name: '整改率', values: [0, 25], links: [null, null] }],
      rule: '',
    } as unknown as DashboardChartView;
    const svg = renderChartSvg(chart, { links: false });
    const names = [...svg.matchAll(/<text[^>]*fill="#54555a">([^<]*)<\/text>/g)].map((m) => m[1]).join('');
    expect(names).toContain('新材料');
    expect(names).toContain('铝业');
  });
});
