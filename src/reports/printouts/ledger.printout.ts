import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/access/actor';
import { dateInZone } from '../../common/time/business-date';
import { Clock } from '../../common/time/clock';
import { ListFindingsQuery } from '../../findings/finding.dto';
import {
  FINDING_CATEGORY_LABEL,
  FINDING_SOURCE_LABEL,
  FINDING_STATUS_LABEL,
  FindingStatus,
  HAZARD_LEVEL_LABEL,
} from '../../findings/finding.enums';
import { LedgerLine, RoundLedgerRepository } from '../../findings/round-ledger.repository';
import { RoundOverviewService } from '../../findings/round-overview.service';
import { isCounted } from '../../findings/rules/counting';
import { isOverdue } from '../../findings/rules/open-and-overdue';
import { DOMAIN_LABEL } from '../../rounds/domain';
import { ROUND_KIND_LABEL } from '../../rounds/round.enums';
import { loadTemplate, PdfWriter, renderPdf } from '../pdf/pdf-writer';
import { UnitsService } from '../../org/units.service';
import { asciiFileName, percent, PrintMeta, RenderedPdf, yuan } from './print-meta';

const FILTER_LABELS: Partial<Record<keyof ListFindingsQuery, string>> = {
  roundId: '轮次',
  unitId: '单位',
  status: '状态',
  level: '等级',
  domain: '专业',
  source: '来源',
  category: '类别',
  overdue: '超期',
  planAwaitingConfirmation: '重大隐患方案待确认',
  foundFrom: '发现日期',
  closedFrom: '销号日期',
  similarGroup: '同类问题组',
  refusedRule: '销号被拒未落实',
  q: '关键词',
};

/** A date range of the filters as the heading prints it: "a 至 b", "a 起", "至 b". */
const dateRange = (from?: string, to?: string): string | null =>
  from && to ? `${from} 至 ${to}` : from ? `${from} 起` : to ? `至 ${to}` : null;

type LedgerRows = { ids: number[]; batches: () => AsyncIterable<Record<string, string>> };

/** 整改台账: a round's ledger (header, statistics, every finding) and the ledger of any filtered finding list. */
@Injectable()
export class LedgerPrintout {
  constructor(
    private readonly clock: Clock,
    private readonly meta: PrintMeta,
    private readonly overview: RoundOverviewService,
    private readonly ledger: RoundLedgerRepository,
    private readonly units: UnitsService,
  ) {}

  /** A round's ledger: header, statistics, then one row per finding in the caller's scope. */
  async roundLedger(actor: Actor, roundId: number): Promise<RenderedPdf> {
    const round = await this.overview.detail(actor, roundId);
    const tpl = loadTemplate('ledger');
    const w = tpl.wording as Record<string, string>;
    const rows = await this.ledgerRows(actor, { roundId, sort: 'code' });
    const stats = round.statistics;
    const title = `${round.name} ${tpl.title}`;
    // A list: printed "整改中 12，复查通过 3", wrapping only between its items (never inside "复查通过 3").
    const counts = (xs: { label: string; count: number }[]) =>
      xs.filter((s) => s.count).map((s) => `${s.label} ${s.count}`);
    const preparer = await this.meta.preparer(actor);
    const footer = await this.meta.now(actor, `/rounds/${roundId}`, { scoped: true });
    const stream = await renderPdf(tpl, title, footer, async (pdf) => {
      pdf.setRunningHeader(title);
      pdf.title(tpl.title, round.name);
      pdf.heading(w.roundSection);
      pdf.fields(
        [
          [w.company, round.company.name],
          [w.kind, `${ROUND_KIND_LABEL[round.kind]}（${DOMAIN_LABEL[round.domain]}）`],
          [w.auditTeam, round.auditTeam],
          [w.auditDates, `${round.startDate} 至 ${round.endDate}`],
          [w.planMeeting, round.planMeetingDate ?? '—'],
          [w.reportRef, round.reportRef ?? '—'],
        ],
        3,
      );
      pdf.heading(w.statisticsSection);
      pdf.fields(
        [
          [stats.headline === 'AUDIT_TEAM' ? w.total : w.totalAllSources, String(stats.total)],
          [w.closureRate, percent(stats.closureRate)],
          [w.overdue, String(stats.overdue)],
          [w.byStatus, counts(stats.byStatus)],
          [w.byLevel, counts(stats.byLevel)],
          [w.cancelled, String(stats.cancelled)],
        ],
        3,
      );
      await pdf.table(
        tpl.sourceColumns!,
        stats.bySource
          .filter((l) => l.total || l.cancelled)
          .map((l) => ({
            source: l.label,
            total: String(l.total),
            closed: String(l.closed),
            open: String(l.open),
            overdue: String(l.overdue),
            rate: percent(l.rectificationRate),
            cancelled: String(l.cancelled),
          })),
      );
      await pdf.table(
        tpl.unitColumns!,
        stats.byUnit.map((u) => ({
          unit: u.unitName,
          total: String(u.total),
          auditTeam: String(u.auditTeam),
          closed: String(u.closed),
          open: String(u.open),
          overdue: String(u.overdue),
        })),
      );
      pdf.heading(w.listSection);
      await this.ledgerTable(pdf, rows, w);
      this.preparedBy(pdf, preparer, w);
    });
    return {
      fileName: `${round.name}-${tpl.title}.pdf`,
      asciiName: asciiFileName('round', roundId, 'ledger', this.meta.today()),
      stream,
    };
  }

  /** The same ledger for any filtered finding list (the list's filters and scope). */
  async filteredLedger(actor: Actor, q: ListFindingsQuery): Promise<RenderedPdf> {
    const tpl = loadTemplate('ledger');
    const w = tpl.wording as Record<string, string>;
    const rows = await this.ledgerRows(actor, q);
    const filters = (await this.filterLabels(actor, q)).join('；');
    const preparer = await this.meta.preparer(actor);
    const footer = await this.meta.now(actor, listPath(q), { scoped: true });
    const stream = await renderPdf(tpl, w.filteredTitle, footer, async (pdf) => {
      pdf.setRunningHeader(w.filteredTitle);
      pdf.title(w.filteredTitle, filters ? `${w.filters}：${filters}` : undefined);
      await this.ledgerTable(pdf, rows, w);
      this.preparedBy(pdf, preparer, w);
    });
    return {
      fileName: `${w.filteredTitle}.pdf`,
      asciiName: asciiFileName('findings-ledger', this.meta.today()),
      stream,
    };
  }

  /** 编制单位 / 编制人 / 日期 under the table. */
  private preparedBy(
    pdf: PdfWriter,
    p: { unit: string; person: string; date: string },
    w: Record<string, string>,
  ) {
    pdf.gap(0.5);
    // With the table's last rows: it stood alone on a last page (a unit officer's filtered ledger).
    pdf.paragraph(
      `${w.preparedUnit}：${p.unit}\u3000\u3000\u3000${w.preparedBy}：${p.person}\u3000\u3000\u3000${w.preparedOn}：${p.date}`,
      { align: 'right', closing: true },
    );
  }

  /** The list's filters as a reader understands them: labels, the round's name, the unit's name with its subtree. */
  private async filterLabels(actor: Actor, q: ListFindingsQuery): Promise<string[]> {
    const out: string[] = [];
    const add = (key: keyof ListFindingsQuery, value: string) => out.push(`${FILTER_LABELS[key]}：${value}`);
    if (q.roundId !== undefined) {
      const name = await this.overview.detail(actor, q.roundId).then(
        (r) => r.name,
        () => `#${q.roundId}`,
      );
      add('roundId', name);
    }
    if (q.unitId !== undefined) {
      // A unit outside the reader's subtree is not found (404), as on the dashboard: its name is not theirs to print.
      const unit = await this.units.get(actor, q.unitId);
      add('unitId', `${unit.name}${q.unitOnly ? '（仅本级）' : '（含下级）'}`);
    }
    if (q.status?.length)
      add('status', q.status.map((s) => FINDING_STATUS_LABEL[s as FindingStatus] ?? s).join('、'));
    if (q.level) add('level', HAZARD_LEVEL_LABEL[q.level]);
    if (q.domain) add('domain', DOMAIN_LABEL[q.domain]);
    if (q.source) add('source', FINDING_SOURCE_LABEL[q.source]);
    if (q.category) add('category', FINDING_CATEGORY_LABEL[q.category]);
    if (q.overdue !== undefined) add('overdue', q.overdue ? '是' : '否');
    if (q.planAwaitingConfirmation !== undefined)
      add('planAwaitingConfirmation', q.planAwaitingConfirmation ? '是' : '否');
    // The period a dashboard figure counts (its list's dates): without it the heading read as every finding.
    const found = dateRange(q.foundFrom, q.foundTo);
    if (found) add('foundFrom', found);
    const closed = dateRange(q.closedFrom, q.closedTo);
    if (closed) add('closedFrom', closed);
    if (q.similarGroup) add('similarGroup', `问题 #${q.similarGroup} 及与之关联为同类的问题`);
    if (q.refusedRule) {
      const refused = dateRange(q.refusedFrom, q.refusedTo);
      add('refusedRule', `第${q.refusedRule}条“五个不放过”${refused ? `（被拒于 ${refused}）` : ''}`);
    }
    if (q.q) add('q', `“${q.q}”`);
    return out;
  }

  /**
   * The findings' table and its total row, which counts as the statistics do (rules/counting.ts): a cancelled finding
   * is listed but neither it nor its funds are in the total, which says how many were left out.
   */
  private async ledgerTable(pdf: PdfWriter, rows: LedgerRows, w: Record<string, string>) {
    let funds = 0;
    let counted = 0;
    await pdf.table(
      pdf.tpl.columns,
      (async function* () {
        funds = 0;
        counted = 0;
        for await (const row of rows.batches()) {
          if (row.counted) {
            counted++;
            funds += Number(row.fundsRaw || 0);
          }
          yield row;
        }
      })(),
      {
        empty: w.empty,
        totalRow: () => {
          const cancelled = rows.ids.length - counted;
          return {
            seq: w.totalRow,
            code: w.totalCount.replace('{counted}', String(counted)),
            description: cancelled ? w.totalCancelled.replace('{cancelled}', String(cancelled)) : '',
            funds: yuan(funds),
          };
        },
      },
    );
  }

  /**
   * The ledger's rows: the ids are read once (a snapshot, so both render passes print the same rows), then the rows
   * in batches of 500 — memory does not grow with the length of the ledger.
   */
  async ledgerRows(actor: Actor, q: ListFindingsQuery): Promise<LedgerRows> {
    const today = this.clock.today();
    const zone = this.clock.timeZone;
    const ids = await this.ledger.ids(actor, q, today, zone);
    const ledger = this.ledger;
    let seq = 0;
    const line = (r: LedgerLine): Record<string, string> => ({
      seq: String(++seq),
      code: r.code,
      unit: r.unit_name,
      description: r.description,
      level: HAZARD_LEVEL_LABEL[r.level],
      measures: r.measures ?? '',
      responsible: r.plan_person ?? r.responsible_person,
      funds: r.funds_amount === null ? '' : yuan(Number(r.funds_amount)),
      fundsRaw: r.funds_amount ?? '0',
      counted: isCounted(r.status) ? '1' : '',
      deadline: r.deadline,
      status: `${FINDING_STATUS_LABEL[r.status]}${isOverdue(r, today) ? '（超期）' : ''}`,
      closedDate: r.closed_at ? dateInZone(r.closed_at, zone) : '',
    });
    async function* batches(): AsyncIterable<Record<string, string>> {
      seq = 0;
      for (let i = 0; i < ids.length; i += 500) {
        const slice = ids.slice(i, i + 500);
        const byId = new Map((await ledger.lines(slice)).map((r) => [r.id, r]));
        for (const id of slice) yield line(byId.get(id)!);
      }
    }
    return { ids, batches };
  }
}

/**
 * The finding list's page with the ledger's filters, for the footer's QR code: the paper's rows, online (it opened
 * the whole list). The paging is left out: the ledger holds every row the filters select.
 */
export function listPath(q: ListFindingsQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(q) as [string, unknown][]) {
    if (value === undefined || value === null || key === 'limit' || key === 'offset') continue;
    params.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  const query = params.toString();
  return query ? `/findings?${query}` : '/findings';
}
