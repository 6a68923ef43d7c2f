import { Injectable } from '@nestjs/common';
import { excelJs } from '../common/libraries/on-first-use';
import type { Actor } from '../common/access/actor';
import { UnitScope } from '../common/access/unit-scope';
import { validationFailed } from '../common/errors/domain-error';
import { safeCellText } from '../common/files/spreadsheet-text';
import { Clock } from '../common/time/clock';
import { FindingsRepository } from '../findings/findings.repository';
import { UsersService } from '../users/users.service';
import { ChecklistTemplatesRepository } from './checklist-templates.repository';
import { HazardSourcesService } from './hazard-sources.service';
import { INSPECTION_LEVEL_LABEL, ITEM_RESULT_LABEL, ItemResult, TaskStatus } from './inspection.enums';
import { InspectionTasksRepository } from './inspection-tasks.repository';
import type { ChecklistTemplate } from './inspections.entities';
import { isMissed } from './rules/schedule';
import { findingLabel } from './rules/signed-records';

/** A time as Beijing wall-clock time for a spreadsheet cell (Excel cells have no time zone). */
const beijing = (d: Date) => new Date(d.getTime() + 8 * 3_600_000);

/** The longest 检查台账 one request prints: a year and a day (a year of daily inspections is the bench's case). */
export const MAX_LEDGER_DAYS = 366;

/** One line of the 检查台账: an inspection of the source in the period (missed ones included, as 漏检). */
export interface LedgerLine {
  taskId: number;
  period: string;
  due: Date;
  level: string;
  checklist: string;
  outcome: string;
  failedItems: string;
  /** The typed signature. */
  inspector: string;
  /** The account that signed (its display name), whatever name was typed. */
  signedBy: string | null;
  signedAt: Date | null;
}

/** 检查台账 of one source and period: the lines for the PDF (reports/printouts) and the .xlsx made here. */
@Injectable()
export class InspectionLedgerService {
  constructor(
    private readonly sources: HazardSourcesService,
    private readonly tasks: InspectionTasksRepository,
    private readonly templates: ChecklistTemplatesRepository,
    private readonly findings: FindingsRepository,
    private readonly users: UsersService,
    private readonly clock: Clock,
  ) {}

  async ledger(actor: Actor, sourceId: number, from: string, to: string) {
    if (to < from)
      throw validationFailed([{ field: 'to', messages: ['结束日期不能早于开始日期 / to before from'] }]);
    if ((Date.parse(to) - Date.parse(from)) / 86_400_000 + 1 > MAX_LEDGER_DAYS)
      throw validationFailed([
        { field: 'to', messages: [`台账一次最多 ${MAX_LEDGER_DAYS} 天 / At most a year`] },
      ]);
    const source = this.sources.view(await this.sources.getRow(actor, sourceId));
    const start = new Date(`${from}T00:00:00+08:00`);
    const end = new Date(new Date(`${to}T00:00:00+08:00`).getTime() + 86_400_000);
    const tasks = await this.tasks.ledger(sourceId, start, end);
    const byId = new Map<number, ChecklistTemplate>(
      (await this.templates.findByIds([...new Set(tasks.map((t) => t.templateId))])).map((t) => [t.id, t]),
    );
    // Findings by code, only those the reader may see; signers by their account (username).
    const seen = await this.findings.refsInScope(
      UnitScope.of(actor),
      tasks.flatMap((t) => t.answers.flatMap((a) => (a.findingId ? [a.findingId] : []))),
    );
    const signers = await this.users.usernames([
      ...new Set(tasks.flatMap((t) => (t.inspectorId ? [t.inspectorId] : []))),
    ]);
    const now = this.clock.now();
    const lines: LedgerLine[] = tasks.map((t) => {
      const tpl = byId.get(t.templateId)!;
      const count = (r: ItemResult) => t.answers.filter((a) => a.result === r).length;
      const failed = t.answers
        .filter((a) => a.result === ItemResult.FAIL)
        .map((a) => {
          const item = tpl.items.find((i) => i.no === a.no);
          return `${a.no}. ${item?.requirement ?? ''}：${a.note ?? ''}${a.fixedOnTheSpot ? '（现场已整改）' : ''}${a.findingId ? `［${findingLabel(seen.get(a.findingId))}］` : ''}`;
        })
        .join('\n');
      const outcome =
        t.status === TaskStatus.DONE
          ? `合格 ${count(ItemResult.PASS)}，不合格 ${count(ItemResult.FAIL)}，${ITEM_RESULT_LABEL.NOT_APPLICABLE} ${count(ItemResult.NOT_APPLICABLE)}`
          : isMissed(t, now)
            ? '漏检'
            : '待检查';
      return {
        taskId: t.id,
        period: t.periodKey,
        due: t.dueFrom,
        level: INSPECTION_LEVEL_LABEL[t.level],
        checklist: `${tpl.name}（第${tpl.version}版）`,
        outcome,
        failedItems: failed,
        inspector: t.signature ?? '',
        signedBy: t.inspectorId ? (signers.get(t.inspectorId) ?? null) : null,
        signedAt: t.signedAt,
      };
    });
    const summary = {
      total: lines.length,
      done: tasks.filter((t) => t.status === TaskStatus.DONE).length,
      missed: tasks.filter((t) => isMissed(t, now)).length,
      failedItems: tasks.reduce(
        (s, t) => s + t.answers.filter((a) => a.result === ItemResult.FAIL).length,
        0,
      ),
    };
    return { source, from, to, lines, summary };
  }

  /** The ledger as .xlsx (text that looks like a formula is written as text). */
  async sheet(
    actor: Actor,
    sourceId: number,
    from: string,
    to: string,
  ): Promise<{ fileName: string; body: Buffer }> {
    const l = await this.ledger(actor, sourceId, from, to);
    const wb = new (excelJs().Workbook)();
    const ws = wb.addWorksheet('检查台账');
    ws.addRow([safeCellText(`${l.source.name} 检查台账（${from} 至 ${to}）`)]).font = {
      bold: true,
      size: 14,
    };
    ws.addRow([safeCellText(`${l.source.unitName} · ${l.source.gradeLabel} · ${l.source.location}`)]);
    ws.addRow([
      `应检 ${l.summary.total} 次，已检 ${l.summary.done} 次，漏检 ${l.summary.missed} 次，不合格项 ${l.summary.failedItems} 项`,
    ]);
    const header = ws.addRow([
      '序号',
      '时段',
      '开始时间',
      '层级',
      '检查表',
      '结论',
      '不合格项及问题',
      '检查人（签字）',
      '签字账号',
      '签字时间',
    ]);
    header.font = { bold: true };
    l.lines.forEach((x, i) =>
      ws.addRow([
        i + 1,
        x.period,
        beijing(x.due),
        x.level,
        safeCellText(x.checklist),
        x.outcome,
        safeCellText(x.failedItems),
        safeCellText(x.inspector),
        safeCellText(x.signedBy ?? ''),
        x.signedAt && beijing(x.signedAt),
      ]),
    );
    ws.columns.forEach((c, i) => (c.width = [6, 16, 18, 12, 28, 26, 60, 14, 12, 18][i]));
    ws.getColumn(3).numFmt = 'yyyy-mm-dd hh:mm';
    ws.getColumn(10).numFmt = 'yyyy-mm-dd hh:mm';
    return {
      fileName: `检查台账-${l.source.name}-${from}-${to}.xlsx`,
      body: Buffer.from(await wb.xlsx.writeBuffer()),
    };
  }
}
