import { breakBeforeQualifier, renderChartSvg } from './dashboard-charts';
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

/** The axis text lines of a horizontal bar chart of units (percentages) as the SVG prints them. */
function unitNameLines(categories: string[], values: number[]): string[] {
  const chart = {
    key: 'rateByUnit',
    title: '',
    kind: 'hbar',
    unit: '%',
    categories,
    series: [{ name: '', values, links: values.map(() => null) }],
    rule: '',
  } as unknown as DashboardChartView;
  const svg = renderChartSvg(chart, { links: false });
  return [...svg.matchAll(/<text[^>]*fill="#54555a">([^<]*)<\/text>/g)].map((m) => m[1]);
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
    const names = unitNameLines(
      ['安全环保健康部（中铝山西新材料有限公司）', '安全环保健康部（中铝山西铝业有限公司）'],
      [0, 25],
    ).join('');
    expect(names).toContain('新材料');
    expect(names).toContain('铝业');
  });

  it('break a long twin name at its bracket, not before its last character (print: "储运工段（氧化铝二厂" then "）")', () => {
    const lines = unitNameLines(['储运工段（氧化铝二厂）', '运行二班'], [80, 90]);
    expect(lines).toEqual(expect.arrayContaining(['储运工段', '（氧化铝二厂）', '运行二班']));
    expect(lines).not.toContain('）');
  });

  it('leave names that fit a line, or whose parts do not, to the chart’s own wrapping', () => {
    expect(breakBeforeQualifier('储运工段（热电厂）')).toBe('储运工段（热电厂）');
    expect(breakBeforeQualifier('配电运行班（电解厂·分解车间）')).toBe('配电运行班\n（电解厂·分解车间）');
    expect(breakBeforeQualifier('安全环保健康部（中铝山西铝业有限公司）')).toBe(
      '安全环保健康部（中铝山西铝业有限公司）',
    );
    expect(breakBeforeQualifier('宏泰粉煤灰开发事业部安全环保科')).toBe('宏泰粉煤灰开发事业部安全环保科');
  });
});
