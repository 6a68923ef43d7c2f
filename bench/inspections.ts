/**
 * The 重要危险源 scenarios (issue 20), against the service as production runs it:
 *   9a  the month's schedule for every source (2,000), made through the safety office's endpoint
 *       POST /checklist-templates/schedule — the same generateIn the daily job runs for today and tomorrow — and
 *       made again (it must add nothing);
 *   9b  the pilot source's 检查台账 for the 365 days before today as PDF (GET /reports/hazard-sources/:id/ledger),
 *   9c  and as .xlsx (GET /hazard-sources/:id/ledger.xlsx): a fresh process each, a first and a warm request.
 * Targets and why: bench/README.md.
 */
import os from 'node:os';
import pg from 'pg';
import { addDays, dateInZone, type IsoDate } from '../src/common/time/business-date';
import { buildOrg } from './generate';
import { HAZARD_SOURCES, LEDGER_DAYS, LEDGER_SOURCE_ID } from './generate-inspections';
import { ADMIN_PASSWORD, login, peakRssMb, startService } from './processes';
import type { InspectionLedgerResult, ScheduleResult, Target } from './report';

const ZONE = 'Asia/Shanghai';
/** Targets (bench/README.md says why). */
export const SCHEDULE_MONTH_MAX_S = 30;
export const LEDGER_WARM_MAX_S = 3;
export const LEDGER_FIRST_MAX_S = 5;
export const INSPECTIONS_RSS_MAX_MB = 250;

const say = (line = '') => process.stdout.write(line + '\n');
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const startOf = (date: IsoDate) => new Date(`${date}T00:00:00+08:00`);
const monthAfter = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return `${m === 12 ? y + 1 : y}-${String((m % 12) + 1).padStart(2, '0')}`;
};
const lastDayOf = (month: string) => addDays(`${monthAfter(month)}-01`, -1);

export interface InspectionsContext {
  url: string;
  logDir: string;
  size: number;
}

async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

export async function measureInspections(ctx: InspectionsContext): Promise<{
  schedule: ScheduleResult;
  ledgers: InspectionLedgerResult[];
  chain: { ok: boolean; checked: number };
}> {
  const office = buildOrg().users.find((u) => u.username === 'bench.office')!;
  // The token comes from another instance (the instances share the signing key through the database), so the
  // argon2 login counts in no measured process's memory.
  const issuer = await startService({ databaseUrl: ctx.url, logDir: ctx.logDir });
  const token = await login(issuer.origin, office.username, ADMIN_PASSWORD);
  await issuer.stop();
  const { result: schedule, chain } = await scheduleMonth(ctx, token);
  const ledgers = [await ledger(ctx, token, 'PDF'), await ledger(ctx, token, 'xlsx')];
  return { schedule, ledgers, chain };
}

/**
 * 9a: the calendar month after tomorrow's (the daily job has made today's and tomorrow's), or after the last month
 * with tasks (a reused database already has the month an earlier run made).
 */
async function scheduleMonth(
  ctx: InspectionsContext,
  token: string,
): Promise<{ result: ScheduleResult; chain: { ok: boolean; checked: number } }> {
  const today = dateInZone(new Date(), ZONE);
  const [{ last, sources }] = await query<{ last: Date | null; sources: number }>(
    ctx.url,
    `SELECT (SELECT max(due_from) FROM inspection_tasks) AS last,
            (SELECT count(*)::int FROM hazard_sources WHERE status = 'ACTIVE') AS sources`,
  );
  let month = monthAfter(addDays(today, 1).slice(0, 7));
  const lastMonth = last ? dateInZone(last, ZONE).slice(0, 7) : '';
  if (lastMonth >= month) month = monthAfter(lastMonth);
  const from = `${month}-01`;
  const to = lastDayOf(month);
  const count = async () =>
    (
      await query<{ n: number }>(
        ctx.url,
        `SELECT count(*)::int AS n FROM inspection_tasks WHERE due_from >= $1 AND due_from < $2`,
        [startOf(from), startOf(addDays(to, 1))],
      )
    )[0].n;

  const loadAtStart = os.loadavg()[0];
  const service = await startService({ databaseUrl: ctx.url, logDir: ctx.logDir });
  const baseline = peakRssMb(service.pid);
  const run = async () => {
    const t0 = process.hrtime.bigint();
    const res = await fetch(`${service.origin}/api/v1/checklist-templates/schedule`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ from, to }),
    });
    const text = await res.text();
    const elapsed = ms(t0);
    if (res.status !== 200) throw new Error(`schedule ${from}..${to}: ${res.status} ${text.slice(0, 300)}`);
    return { added: (JSON.parse(text) as { added: number }).added, ms: Math.round(elapsed) };
  };
  let result: ScheduleResult;
  let chain: { ok: boolean; checked: number };
  try {
    const before = await count();
    const first = await run();
    const afterFirst = await count();
    const second = await run();
    const afterSecond = await count();
    const peak = peakRssMb(service.pid);
    result = {
      size: ctx.size,
      sources,
      from,
      to,
      loadAtStart,
      first,
      second,
      inDb: { before, afterFirst, afterSecond },
      baselineRssMb: baseline,
      peakRssMb: peak,
      targets: [
        {
          text: `a month for ${HAZARD_SOURCES.toLocaleString('en-US')} sources ≤ ${SCHEDULE_MONTH_MAX_S} s`,
          met: first.ms <= SCHEDULE_MONTH_MAX_S * 1000,
          why: `${(first.ms / 1000).toFixed(1)} s`,
        },
        {
          text: 'every task made is in the database',
          met: first.added > 0 && afterFirst - before === first.added,
          why: `${first.added} made, ${afterFirst - before} more in the database`,
        },
        {
          text: 'second run makes none',
          met: second.added === 0 && afterSecond === afterFirst,
          why: `${second.added} made, ${afterSecond - afterFirst} more in the database`,
        },
        {
          text: `≤ ${INSPECTIONS_RSS_MAX_MB} MB peak RSS`,
          met: peak <= INSPECTIONS_RSS_MAX_MB,
          why: `${peak} MB`,
        },
      ],
    };
    // The generated register and year, and the schedule's entry, must hold in the change log (after measuring).
    const admin = await login(service.origin, 'admin', ADMIN_PASSWORD);
    const res = await fetch(`${service.origin}/api/v1/audit-log/verify`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    chain = (await res.json()) as { ok: boolean; checked: number };
  } finally {
    await service.stop();
  }
  say(
    `   9a schedule ${from}..${to} @${ctx.size / 1000}k (load ${loadAtStart.toFixed(1)}): ${result.first.added} tasks for ${sources} sources in ${(result.first.ms / 1000).toFixed(2)} s; again: ${result.second.added} in ${(result.second.ms / 1000).toFixed(2)} s; peak RSS ${result.peakRssMb} MB`,
  );
  say(`   change log after the schedule: ${chain.ok ? 'verified' : 'BROKEN'}, ${chain.checked} entries`);
  return { result, chain };
}

/** 9b/9c: the pilot's year as PDF or .xlsx, in a fresh process: a first request (fonts, templates) and a warm one. */
async function ledger(
  ctx: InspectionsContext,
  token: string,
  format: 'PDF' | 'xlsx',
): Promise<InspectionLedgerResult> {
  const today = dateInZone(new Date(), ZONE);
  const from = addDays(today, -LEDGER_DAYS);
  const to = addDays(today, -1);
  const [facts] = await query<{ name: string; lines: number; answers: number; failed: number }>(
    ctx.url,
    `SELECT s.name, count(t.id)::int AS lines, coalesce(sum(jsonb_array_length(t.answers)), 0)::int AS answers,
            coalesce(sum((SELECT count(*) FROM jsonb_array_elements(t.answers) a WHERE a->>'result' = 'FAIL')), 0)::int AS failed
       FROM hazard_sources s
       LEFT JOIN inspection_tasks t ON t.source_id = s.id AND t.status <> 'CANCELLED' AND t.due_from >= $2 AND t.due_from < $3
      WHERE s.id = $1 GROUP BY s.name`,
    [LEDGER_SOURCE_ID, startOf(from), startOf(addDays(to, 1))],
  );
  const path =
    format === 'PDF'
      ? `/api/v1/reports/hazard-sources/${LEDGER_SOURCE_ID}/ledger?from=${from}&to=${to}`
      : `/api/v1/hazard-sources/${LEDGER_SOURCE_ID}/ledger.xlsx?from=${from}&to=${to}`;
  const magic = format === 'PDF' ? '%PDF-' : 'PK';
  const loadAtStart = os.loadavg()[0];
  const service = await startService({ databaseUrl: ctx.url, logDir: ctx.logDir });
  const baseline = peakRssMb(service.pid);
  let cold = 0;
  let warm = 0;
  let body = Buffer.alloc(0);
  let peak: number;
  try {
    for (let i = 0; i < 2; i++) {
      const t0 = process.hrtime.bigint();
      const res = await fetch(`${service.origin}${path}`, { headers: { authorization: `Bearer ${token}` } });
      body = Buffer.from(await res.arrayBuffer());
      const elapsed = ms(t0);
      if (!res.ok || body.subarray(0, magic.length).toString() !== magic)
        throw new Error(`ledger ${format}: ${res.status} ${body.subarray(0, 200).toString()}`);
      if (i === 0) cold = elapsed;
      else warm = elapsed;
    }
    peak = peakRssMb(service.pid);
  } finally {
    await service.stop();
  }
  // pdfkit writes one uncompressed "/Type /Page" dictionary per page.
  const pages =
    format === 'PDF' ? (body.toString('latin1').match(/\/Type \/Page\b(?!s)/g) ?? []).length : undefined;
  const targets: Target[] = [
    {
      text: `warm ≤ ${LEDGER_WARM_MAX_S} s`,
      met: warm <= LEDGER_WARM_MAX_S * 1000,
      why: `warm ${(warm / 1000).toFixed(2)} s`,
    },
    {
      text: `first ≤ ${LEDGER_FIRST_MAX_S} s`,
      met: cold <= LEDGER_FIRST_MAX_S * 1000,
      why: `first ${(cold / 1000).toFixed(2)} s`,
    },
    {
      text: `≤ ${INSPECTIONS_RSS_MAX_MB} MB peak RSS`,
      met: peak <= INSPECTIONS_RSS_MAX_MB,
      why: `${peak} MB`,
    },
  ];
  say(
    `   ${format === 'PDF' ? '9b' : '9c'} ledger ${format} of ${facts.name} ${from}..${to} (${facts.lines} inspections, ${facts.answers} items, ${facts.failed} failed; load ${loadAtStart.toFixed(1)}): ${(warm / 1000).toFixed(2)} s (first ${(cold / 1000).toFixed(2)} s), ${Math.round(body.length / 1024)} KB${pages ? `, ${pages} pages` : ''}, peak RSS ${peak} MB`,
  );
  return {
    format,
    size: ctx.size,
    source: facts.name,
    from,
    to,
    lines: facts.lines,
    answers: facts.answers,
    failed: facts.failed,
    loadAtStart,
    coldMs: Math.round(cold),
    warmMs: Math.round(warm),
    bytes: body.length,
    pages,
    baselineRssMb: baseline,
    peakRssMb: peak,
    targets,
  };
}
