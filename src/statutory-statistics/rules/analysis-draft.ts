import type { StatutoryTable } from '../statutory-table.view';

/**
 * The written analysis the regulation asks for with the table, as a draft the safety office edits: 隐患现状及原因
 * (the figures, where the hazards are, what kind they are), the trend against the previous period, and each MAJOR
 * hazard with its 治理 status. Plain text with numbered headings, so it prints as it is typed.
 */
export function draftAnalysis(table: StatutoryTable, previous: StatutoryTable | null): string {
  const total = table.rows.find((r) => r.key === 'TOTAL')!.figures;
  const pct = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)}%`);
  const lines: string[] = [];
  lines.push(`一、隐患现状及原因`);
  lines.push(
    `${table.period.label}（自 ${table.period.yearStart} 起累计至 ${table.period.periodEnd}），${table.unit.name}` +
      `排查单位 ${total.c1} 个，排查一般隐患（含较大隐患）${total.c2} 项，已整改 ${total.c3} 项，整改率 ${pct(total.c4)}；` +
      `重大隐患 ${total.c5} 项，已整改销号 ${total.c6} 项，整改率 ${pct(total.c7)}，列入治理计划 ${total.c8} 项，` +
      `累计落实治理资金 ${total.c14} 万元。`,
  );
  const domains = table.rows.filter((r) => r.kind === 'DOMAIN');
  if (domains.length)
    lines.push(
      `按专业：${domains.map((d) => `${d.label.replace(/^其中：/, '')}一般隐患 ${d.figures.c2} 项、重大隐患 ${d.figures.c5} 项`).join('；')}。`,
    );
  const units = table.rows
    .filter((r) => r.kind === 'UNIT' && (r.figures.c2 ?? 0) + (r.figures.c5 ?? 0) > 0)
    .sort((a, b) => (b.figures.c2 ?? 0) + (b.figures.c5 ?? 0) - ((a.figures.c2 ?? 0) + (a.figures.c5 ?? 0)))
    .slice(0, 3);
  if (units.length)
    lines.push(
      `隐患较多的单位：${units.map((u) => `${u.label} ${(u.figures.c2 ?? 0) + (u.figures.c5 ?? 0)} 项`).join('、')}。`,
    );
  const found = table.categories.reduce((s, c) => s + c.count, 0);
  if (found)
    lines.push(
      `原因分析：${table.categories
        .filter((c) => c.count > 0)
        .sort((a, b) => b.count - a.count)
        .map((c) => `${c.label} ${c.count} 项（${Math.round((c.count / found) * 1000) / 10}%）`)
        .join('，')}。（请结合现场情况补充主要原因。）`,
    );
  else lines.push('本期未排查出隐患。（请说明排查范围和方式。）');

  lines.push('二、与上期对比');
  if (previous) {
    const p = previous.rows.find((r) => r.key === 'TOTAL')!.figures;
    const diff = (a: number | null, b: number | null, unit: string) => {
      const d = Math.round(((a ?? 0) - (b ?? 0)) * 10) / 10;
      return d === 0 ? '持平' : d > 0 ? `增加 ${d}${unit}` : `减少 ${-d}${unit}`;
    };
    lines.push(
      `与${previous.period.label}相比：一般隐患 ${total.c2} 项（上期 ${p.c2} 项，${diff(total.c2, p.c2, ' 项')}），` +
        `整改率 ${pct(total.c4)}（上期 ${pct(p.c4)}${total.c4 !== null && p.c4 !== null ? `，${diff(total.c4, p.c4, ' 个百分点')}` : ''}）；` +
        `重大隐患 ${total.c5} 项（上期 ${p.c5} 项，${diff(total.c5, p.c5, ' 项')}），已整改销号 ${total.c6} 项（上期 ${p.c6} 项）。`,
    );
  } else lines.push('无上期数据。');

  lines.push('三、重大隐患治理情况');
  if (!table.majors.length) lines.push('本期无重大隐患。');
  table.majors.forEach((m, i) => {
    const state = m.rectifiedByEnd
      ? `已整改销号（${m.closedOn}）`
      : m.inPlan
        ? `已列入治理计划，五落实落实 ${m.securedCount}/5 项，治理资金 ${m.fundsYuan === null ? '—' : `${Math.round(m.fundsYuan / 100) / 100} 万元`}，整改时限 ${m.deadline}`
        : m.hasPlan
          ? '治理方案待单位负责人确认，尚未列入治理计划'
          : '尚未制定治理方案';
    lines.push(`${i + 1}. ${m.code} ${m.unitName}：${m.description}——${state}。`);
  });
  return lines.join('\n');
}
