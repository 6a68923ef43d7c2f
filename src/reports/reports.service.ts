import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { Actor } from '../common/access/actor';
import { AssessmentsService } from '../assessments/assessments.service';
import { AuditLogService } from '../audit-log/audit-log.service';
import { CloseoutService } from '../closeout/closeout.service';
import { dateInZone } from '../common/time/business-date';
import { Clock } from '../common/time/clock';
import { ListFindingsQuery } from '../findings/finding.dto';
import {
  FINDING_CATEGORY_LABEL,
  FINDING_SOURCE_LABEL,
  FINDING_STATUS_LABEL,
  HAZARD_LEVEL_LABEL,
  HazardLevel,
} from '../findings/finding.enums';
import { UNIT_OWES_STATUSES } from '../findings/rules/open-and-overdue';
import { findingListQuery } from '../findings/finding-query';
import { FindingsService } from '../findings/findings.service';
import { LedgerQuery } from '../hazard-reports/hazard-report.dto';
import { HazardReportsService } from '../hazard-reports/hazard-reports.service';
import { DOMAIN_LABEL } from '../rounds/domain';
import { ROUND_KIND_LABEL } from '../rounds/round.enums';
import { RoundsService } from '../rounds/rounds.service';
import { WeekQuery } from '../weekly-reports/weekly-report.dto';
import { WeeklyReportsService } from '../weekly-reports/weekly-reports.service';
import { loadTemplate, PdfMeta, PdfWriter, renderPdf } from './pdf/pdf-writer';

export interface RenderedPdf {
  fileName: string;
  stream: Readable;
}

const yuan = (n: number | null | undefined) =>
  n === null || n === undefined ? '' : n.toLocaleString('en-US');
const percent = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);
const FILTER_LABELS: Partial<Record<keyof ListFindingsQuery, string>> = {
  roundId: '轮次',
  unitId: '单位',
  status: '状态',
  level: '等级',
  domain: '专业',
  source: '来源',
  category: '类别',
  overdue: '超期',
  q: '关键词',
};

/** The printed reports: data from the same services (and the same unit scope) as the API, laid out by templates/pdf. */
@Injectable()
export class ReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditLogService,
    private readonly rounds: RoundsService,
    private readonly findings: FindingsService,
    private readonly closeout: CloseoutService,
    private readonly weekly: WeeklyReportsService,
    private readonly hazards: HazardReportsService,
    private readonly assessments: AssessmentsService,
  ) {}

  private async meta(): Promise<PdfMeta> {
    const now = this.clock.now();
    const time = new Intl.DateTimeFormat('zh-CN', {
      timeZone: this.clock.timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    }).format(now);
    return {
      generatedAt: `${dateInZone(now, this.clock.timeZone)} ${time}`,
      chainHash: (await this.audit.head()).hash,
    };
  }

  // ---------- 1. 整改台账 ----------

  /** A round's ledger: header, statistics, then one row per finding in the caller's scope. */
  async roundLedger(actor: Actor, roundId: number): Promise<RenderedPdf> {
    const round = await this.rounds.detail(actor, roundId);
    const tpl = loadTemplate('ledger');
    const w = tpl.wording as Record<string, string>;
    const rows = await this.ledgerRows(actor, { roundId, sort: 'code' });
    const stats = round.statistics;
    const title = `${round.name} ${tpl.title}`;
    const stream = await renderPdf(tpl, title, await this.meta(), async (pdf) => {
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
          [w.total, String(stats.total)],
          [w.closureRate, percent(stats.closureRate)],
          [w.overdue, String(stats.overdue)],
          [
            w.byStatus,
            stats.byStatus
              .filter((s) => s.count)
              .map((s) => `${s.label} ${s.count}`)
              .join('，') || '—',
          ],
          [
            w.byLevel,
            stats.byLevel
              .filter((s) => s.count)
              .map((s) => `${s.label} ${s.count}`)
              .join('，') || '—',
          ],
        ],
        3,
      );
      await pdf.table(
        tpl.unitColumns!,
        stats.byUnit.map((u) => ({
          unit: u.unitName,
          total: String(u.total),
          closed: String(u.closed),
          open: String(u.open),
          overdue: String(u.overdue),
        })),
      );
      pdf.heading(w.listSection);
      await this.ledgerTable(pdf, rows, w);
    });
    return { fileName: `${round.name}-${tpl.title}.pdf`, stream };
  }

  /** The same ledger for any filtered finding list (the list's filters and scope). */
  async filteredLedger(actor: Actor, q: ListFindingsQuery): Promise<RenderedPdf> {
    const tpl = loadTemplate('ledger');
    const w = tpl.wording as Record<string, string>;
    const rows = await this.ledgerRows(actor, q);
    const filters = (Object.keys(FILTER_LABELS) as (keyof ListFindingsQuery)[])
      .filter((k) => q[k] !== undefined)
      .map(
        (k) =>
          `${FILTER_LABELS[k]}：${Array.isArray(q[k]) ? (q[k] as string[]).map((s) => FINDING_STATUS_LABEL[s as keyof typeof FINDING_STATUS_LABEL] ?? s).join('、') : String(q[k])}`,
      )
      .join('；');
    const stream = await renderPdf(tpl, w.filteredTitle, await this.meta(), async (pdf) => {
      pdf.title(w.filteredTitle, filters ? `${w.filters}：${filters}` : undefined);
      await this.ledgerTable(pdf, rows, w);
    });
    return { fileName: `${w.filteredTitle}.pdf`, stream };
  }

  private async ledgerTable(
    pdf: PdfWriter,
    rows: { ids: number[]; batches: () => AsyncIterable<Record<string, string>> },
    w: Record<string, string>,
  ) {
    let funds = 0;
    await pdf.table(
      pdf.tpl.columns,
      (async function* () {
        funds = 0;
        for await (const row of rows.batches()) {
          funds += Number(row.fundsRaw || 0);
          yield row;
        }
      })(),
      {
        empty: w.empty,
        totalRow: () => ({ seq: w.totalRow, code: `${rows.ids.length} 项`, funds: yuan(funds) }),
      },
    );
  }

  /**
   * The ledger's rows: the ids are read once (a snapshot, so both render passes print the same rows), then the rows
   * in batches of 500 — memory does not grow with the length of the ledger.
   */
  async ledgerRows(actor: Actor, q: ListFindingsQuery) {
    const today = this.clock.today();
    const zone = this.clock.timeZone;
    const ids = (
      (await findingListQuery(this.dataSource, actor, q, today).select('f.id', 'id').getRawMany()) as {
        id: number;
      }[]
    ).map((r) => r.id);
    const ds = this.dataSource;
    let seq = 0;
    async function* batches(): AsyncIterable<Record<string, string>> {
      seq = 0;
      for (let i = 0; i < ids.length; i += 500) {
        const slice = ids.slice(i, i + 500);
        const rows: {
          id: number;
          code: string;
          unit_name: string;
          description: string;
          level: HazardLevel;
          measures: string | null;
          plan_person: string | null;
          responsible_person: string;
          funds_amount: string | null;
          deadline: string;
          status: keyof typeof FINDING_STATUS_LABEL;
          closed_at: Date | null;
        }[] = await ds.query(
          `SELECT f.id, f.code, u.name AS unit_name, f.description, f.level, p.measures, p.responsible_person AS plan_person, f.responsible_person,
                  p.funds_amount, f.deadline, f.status, f.closed_at
             FROM findings f JOIN units u ON u.id = f.unit_id
             LEFT JOIN LATERAL (SELECT * FROM rectification_plans rp WHERE rp.finding_id = f.id ORDER BY rp.revision DESC LIMIT 1) p ON true
            WHERE f.id = ANY($1)`,
          [slice],
        );
        const byId = new Map(rows.map((r) => [r.id, r]));
        for (const id of slice) {
          const r = byId.get(id)!;
          const overdue = (UNIT_OWES_STATUSES as string[]).includes(r.status) && r.deadline < today;
          yield {
            seq: String(++seq),
            code: r.code,
            unit: r.unit_name,
            description: r.description,
            level: HAZARD_LEVEL_LABEL[r.level],
            measures: r.measures ?? '',
            responsible: r.plan_person ?? r.responsible_person,
            funds: r.funds_amount === null ? '' : yuan(Number(r.funds_amount)),
            fundsRaw: r.funds_amount ?? '0',
            deadline: r.deadline,
            status: `${FINDING_STATUS_LABEL[r.status]}${overdue ? '（超期）' : ''}`,
            closedDate: r.closed_at ? dateInZone(r.closed_at, zone) : '',
          };
        }
      }
    }
    return { ids, batches };
  }

  // ---------- 2. 整改销号单 ----------

  async closeoutSheet(actor: Actor, findingId: number): Promise<RenderedPdf> {
    const f = await this.findings.detail(actor, findingId);
    const gate = await this.closeout.gate(actor, findingId);
    const tpl = loadTemplate('closeout-sheet');
    const w = tpl.wording as Record<string, string> & { signatures: string[] };
    const names = await this.userNames([
      ...f.summaries.map((s) => s.submittedById),
      ...f.progress.map((p) => p.authorId),
    ]);
    const verifications: {
      result: string;
      verified_on: string;
      notes: string;
      name: string;
      evidence: number;
    }[] = await this.dataSource.query(
      `SELECT v.result, v.verified_on, v.notes, u.display_name AS name, cardinality(v.evidence_ids) AS evidence FROM verifications v JOIN users u ON u.id = v.verifier_id WHERE v.finding_id = $1 ORDER BY v.id`,
      [findingId],
    );
    const plan = f.plan;
    const stream = await renderPdf(tpl, `${f.code} ${tpl.title}`, await this.meta(), async (pdf) => {
      pdf.title(tpl.title, `${f.code}\u3000${f.unitName}`);
      pdf.heading(w.detailsSection);
      pdf.fields([
        [w.code, f.code],
        [w.round, f.round.name],
        [w.unit, f.unit.name],
        [w.location, f.location],
        [w.level, f.levelLabel],
        [
          w.category,
          `${FINDING_CATEGORY_LABEL[f.category]}${f.tags.length ? `（${f.tags.join('、')}）` : ''}`,
        ],
        [w.source, FINDING_SOURCE_LABEL[f.source]],
        [w.foundDate, `${f.foundDate}（${f.foundBy}）`],
        [w.deadline, f.deadline],
        [w.status, f.statusLabel],
        [w.responsiblePerson, f.responsiblePerson],
        [w.responsibleLeader, f.responsibleLeader ?? '—'],
      ]);
      pdf.fields([[w.description, f.description]], 1);
      pdf.heading(w.planSection);
      if (!plan) pdf.paragraph(w.noPlan);
      else if (plan.onTheSpot) pdf.fields([[w.onTheSpot, plan.measures ?? '']], 1);
      else {
        const rows: [string, string][] = [
          [w.measures, plan.measures ?? ''],
          [w.planResponsible, plan.responsiblePerson ?? ''],
          [
            w.funds,
            plan.fundsAmount === null
              ? ''
              : `${yuan(plan.fundsAmount)} 元${plan.fundsSource ? `（${plan.fundsSource}）` : ''}${plan.fundsAmount === 0 && plan.fundsZeroReason ? `（${plan.fundsZeroReason}）` : ''}`,
          ],
          [w.planDeadline, plan.deadline ?? ''],
          [w.contingency, plan.contingencyPlan ?? ''],
        ];
        if (f.level === HazardLevel.MAJOR) {
          rows.push(
            [w.interimControls, plan.interimControls ?? ''],
            [w.stopProduction, plan.stopProduction ? `是：${plan.stopProductionScope ?? ''}` : '否'],
          );
        }
        pdf.fields(rows, 1);
      }
      pdf.heading(w.progressSection);
      if (!f.progress.length && !f.summaries.length) pdf.paragraph(w.noProgress);
      for (const p of f.progress)
        pdf.paragraph(
          `${dateInZone(p.createdAt, this.clock.timeZone)}\u3000${names.get(p.authorId) ?? ''}：${p.note}${p.percent !== null ? `（${p.percent}%）` : ''}`,
        );
      for (const s of f.summaries) {
        pdf.fields(
          [
            [
              w.summary,
              `${dateInZone(s.submittedAt, this.clock.timeZone)} ${names.get(s.submittedById) ?? ''}${s.late ? w.late : ''}：${s.whatWasDone}`,
            ],
            [w.rootCause, s.rootCause],
          ],
          1,
        );
      }
      pdf.heading(w.verificationSection);
      if (!verifications.length) pdf.paragraph(w.noVerification);
      for (const v of verifications)
        pdf.paragraph(
          `${v.verified_on}\u3000${v.name}\u3000${v.result === 'PASS' ? '复查通过' : '复查不通过'}（证据 ${v.evidence} 份）：${v.notes}`,
        );
      pdf.heading(gate.asOfCloseout ? `${w.gateSection}${w.asOfCloseout}` : w.gateSection, 80);
      await pdf.table(
        tpl.columns,
        gate.rules.map((r) => ({
          rule: `${r.number}. ${r.text}`,
          result: r.satisfied ? `✓ ${w.satisfied}` : `✗ ${w.unsatisfied}`,
          basis: r.detail,
        })),
      );
      pdf.heading(w.signatureSection, 100);
      pdf.signatures(w.signatures, w.signLine, w.dateLine);
    });
    return { fileName: `${f.code}-${tpl.title}.pdf`, stream };
  }

  // ---------- 3. 举一反三周报汇总 ----------

  async weeklySummary(actor: Actor, q: WeekQuery): Promise<RenderedPdf> {
    const summary = await this.weekly.weekSummary(actor, q);
    const company = await this.dataSource.query(`SELECT name FROM units WHERE id = $1`, [q.companyUnitId]);
    const tpl = loadTemplate('weekly-summary');
    const w = tpl.wording as Record<string, string> & { statusLabels: Record<string, string> };
    const stream = await renderPdf(tpl, `${q.week} ${tpl.title}`, await this.meta(), async (pdf) => {
      pdf.title(
        tpl.title,
        `${company[0]?.name ?? ''}\u3000${q.week}（${w.thursday}：${summary.thursday} 周四）`,
      );
      pdf.heading(w.statusSection);
      await pdf.table(
        tpl.columns,
        summary.units.map((u, i) => ({
          seq: String(i + 1),
          unit: u.unitName,
          status: w.statusLabels[u.status] ?? u.status,
          submittedAt: u.submittedAt
            ? `${dateInZone(new Date(u.submittedAt), this.clock.timeZone)} ${new Intl.DateTimeFormat('zh-CN', { timeZone: this.clock.timeZone, hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(u.submittedAt))}`
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
      pdf.fields(
        [
          [
            w.byCategory,
            Object.entries(summary.counts.byCategory)
              .filter(([, n]) => n)
              .map(([k, n]) => `${FINDING_CATEGORY_LABEL[k as keyof typeof FINDING_CATEGORY_LABEL]} ${n}`)
              .join('，') || '—',
          ],
          [
            w.byLevel,
            Object.entries(summary.counts.byLevel)
              .filter(([, n]) => n)
              .map(([k, n]) => `${HAZARD_LEVEL_LABEL[k as HazardLevel]} ${n}`)
              .join('，') || '—',
          ],
        ],
        2,
      );
    });
    return { fileName: `${company[0]?.name ?? ''}-${q.week}-${tpl.title}.pdf`, stream };
  }

  // ---------- 4. 隐患举报奖励发放表 ----------

  async bountyList(actor: Actor, q: LedgerQuery): Promise<RenderedPdf> {
    const ledger = await this.hazards.ledger(actor, q);
    const tpl = loadTemplate('bounty-list');
    const w = tpl.wording as Record<string, string> & { statusLabels: Record<string, string> };
    const period = q.from || q.to ? `${q.from ?? ''} 至 ${q.to ?? ''}` : w.allTime;
    const stream = await renderPdf(tpl, `${tpl.title}（${period}）`, await this.meta(), async (pdf) => {
      const b = ledger.budget;
      pdf.title(
        tpl.title,
        `${w.period}：${period}\u3000\u3000${b.year}${w.budget}：${b.budget === null ? w.noBudget : `${yuan(b.budget)} 元，${w.remaining} ${yuan(b.remaining)} 元`}`,
      );
      await pdf.table(
        tpl.columns,
        ledger.items.map((i, n) => ({
          seq: String(n + 1),
          reporter: i.reporter.name,
          unit: i.hazard.unitName,
          hazard: `${i.hazard.description}${i.hazard.findingCode ? `（${i.hazard.findingCode}）` : ''}`,
          level: i.levelLabel,
          amount: yuan(i.amountYuan),
          status: w.statusLabels[i.status] ?? i.status,
          approver: i.approverName ?? '',
          paidOn: i.paidOn ?? '',
        })),
        {
          empty: w.empty,
          totalRow: () => ({
            seq: w.totalRow,
            reporter: `${ledger.totals.count} 项`,
            amount: yuan(ledger.totals.amountYuan),
            status: `已发放 ${yuan(ledger.totals.paidYuan)}`,
          }),
        },
      );
    });
    return { fileName: `${tpl.title}.pdf`, stream };
  }

  // ---------- 5. 通报 ----------

  async notice(actor: Actor, id: number): Promise<RenderedPdf> {
    const n = await this.assessments.getNotice(actor, id);
    const tpl = loadTemplate('notice');
    const w = tpl.wording as Record<string, string>;
    const rows = n.assessments as {
      unitName: string;
      reasonLabel: string;
      text: string;
      points: number | null;
      amountYuan: number | null;
      findingCode: string | null;
    }[];
    const stream = await renderPdf(tpl, n.title, await this.meta(), async (pdf) => {
      pdf.title(n.title, `${n.documentNumber ?? ''}${n.status === 'DRAFT' ? w.draft : ''}`);
      for (const para of n.body.split(/\n+/).filter(Boolean)) pdf.paragraph(para, { indent: true });
      if (rows.length) {
        pdf.paragraph(w.listIntro, { indent: true });
        await pdf.table(
          tpl.columns,
          rows.map((a, i) => ({
            seq: String(i + 1),
            unit: a.unitName,
            reason: a.reasonLabel,
            text: a.findingCode && !a.text.includes(a.findingCode) ? `${a.text}（${a.findingCode}）` : a.text,
            points: a.points === null ? '' : String(a.points),
            amount: yuan(a.amountYuan),
          })),
          {
            totalRow: () => ({
              seq: w.totalRow,
              unit: `${rows.length} 项`,
              points: String(rows.reduce((s, a) => s + (a.points ?? 0), 0)),
              amount: yuan(rows.reduce((s, a) => s + (a.amountYuan ?? 0), 0)),
            }),
          },
        );
      }
      pdf.doc.moveDown(1);
      pdf.paragraph(`${w.issuer}\n${n.publishedOn ?? this.clock.today()}`, { bold: false });
    });
    return { fileName: `${n.title}.pdf`, stream };
  }

  private async userNames(ids: number[]): Promise<Map<number, string>> {
    if (!ids.length) return new Map();
    const rows: { id: number; display_name: string }[] = await this.dataSource.query(
      `SELECT id, display_name FROM users WHERE id = ANY($1)`,
      [[...new Set(ids)]],
    );
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }
}
