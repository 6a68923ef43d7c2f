import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Actor } from '../common/access/actor';
import { AuditLogService } from '../audit-log/audit-log.service';
import { conflict, DomainError, FieldProblem } from '../common/errors/domain-error';
import { Transactions } from '../common/persistence/transactions';
import { dateInZone } from '../common/time/business-date';
import { Clock } from '../common/time/clock';
import { AppConfig } from '../config/app-config';
import { UnitsService } from '../org/units.service';
import type { AuditRound } from '../rounds/round.entity';
import { RoundStatus } from '../rounds/round.enums';
import { RoundsService } from '../rounds/rounds.service';
import type { Finding } from './entities/finding.entity';
import { ExportRow, buildFindingsExport } from './excel/export-sheet';
import { FindingLedgerRepository, LedgerEntry } from './excel/finding-ledger.repository';
import { ImportRow, SheetProblem } from './excel/import-columns';
import { parseImportWorkbook } from './excel/import-rows';
import { InvalidWorkbookError, TooManyRowsError } from './excel/workbook-file';
import { resolveImportRows } from './excel/resolve-rows';
import { FindingImportsRepository } from './finding-imports.repository';
import { CreateFindingDto, ListFindingsQuery } from './finding.dto';
import { FINDING_STATUS_LABEL } from './finding.enums';
import { FindingsService } from './findings.service';
import { isOverdue } from './rules/open-and-overdue';

type UploadedFile = { originalname: string; buffer: Buffer };

/** Rows of the export read per query. */
const EXPORT_BATCH = 1000;
/** A refused import lists at most this many problems (then one entry with the total). */
export const IMPORT_PROBLEMS_LISTED = 200;

@Injectable()
export class FindingExcelService {
  constructor(
    private readonly transactions: Transactions,
    private readonly imports: FindingImportsRepository,
    private readonly ledger: FindingLedgerRepository,
    private readonly findings: FindingsService,
    private readonly rounds: RoundsService,
    private readonly units: UnitsService,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /**
   * Imports an audit report's problem list into a round. Every row is checked first and every problem comes back
   * in one answer (row and column); nothing is imported unless all rows are good. The same file, or rows already in
   * the round, are refused.
   */
  async importIntoRound(actor: Actor, roundId: number, file: UploadedFile | undefined) {
    if (!file)
      throw new DomainError(
        'BAD_REQUEST',
        'VALIDATION_FAILED',
        '请选择要上传的 .xlsx 文件 / Attach the .xlsx as "file"',
        [{ field: 'file', messages: ['请选择文件 / required'] }],
      );
    const round = await this.rounds.get(actor, roundId);
    if (round.status === RoundStatus.CLOSED)
      throw conflict('ROUND_CLOSED', '该轮次已关闭，不能导入 / The round is closed');
    const sha = createHash('sha256').update(file.buffer).digest('hex');
    await this.refuseImportedBefore(sha);
    const parsed = await this.parse(file.buffer);

    // Units: by name, former name or code, within the audited company.
    const company = await this.units.withActiveSubtree(round.companyUnitId);
    const { resolved, problems } = resolveImportRows(parsed.rows, {
      companyName: company.unit.name,
      units: company.subtree,
      existing: await this.imports.findingsInRound(roundId),
      today: this.clock.today(),
    });
    refuseProblems([...parsed.problems, ...problems]);
    if (resolved.length === 0)
      throw new DomainError('BAD_REQUEST', 'IMPORT_EMPTY', '文件中没有问题数据 / The sheet has no rows');

    return this.transactions.run(async (tx) => {
      const created: Finding[] = [];
      for (const { row, unit } of resolved)
        created.push(await this.findings.create(actor, findingFromRow(round, row, unit.id), tx));
      const codes = created.map((f) => f.code);
      const batch = await this.imports.insert(tx, {
        roundId,
        fileSha256: sha,
        fileName: file.originalname,
        rowCount: created.length,
        importedById: actor.id,
      });
      await this.audit.record(tx, actor, {
        action: 'FINDINGS_IMPORTED',
        entityType: 'AuditRound',
        entityId: roundId,
        unitId: round.companyUnitId,
        after: { importId: batch.id, fileSha256: sha, codes },
      });
      return { imported: created.length, importId: batch.id, codes };
    });
  }

  /** Any filtered finding list as .xlsx (same filters and scope as the list), read in batches. */
  async exportList(actor: Actor, q: ListFindingsQuery): Promise<Buffer> {
    const today = this.clock.today();
    const zone = this.clock.timeZone;
    const ledger = this.ledger;
    async function* rows(): AsyncIterable<ExportRow> {
      for (let offset = 0; ; offset += EXPORT_BATCH) {
        const page = await ledger.page(actor, q, today, zone, offset, EXPORT_BATCH);
        for (const entry of page) yield exportRow(entry, today, zone);
        if (page.length < EXPORT_BATCH) return;
      }
    }
    let title = '问题整改台账';
    if (q.roundId) {
      const round = await this.rounds.findById(q.roundId);
      if (round) title = `${round.name} 问题整改台账`;
    }
    return buildFindingsExport(rows(), title);
  }

  /** The same file (by content) is imported once only. */
  private async refuseImportedBefore(sha: string): Promise<void> {
    const earlier = await this.imports.findByFileSha256(sha);
    if (earlier) {
      throw conflict(
        'IMPORT_DUPLICATE_FILE',
        `该文件已于 ${dateInZone(earlier.importedAt, this.clock.timeZone)} 导入过 / This file was imported before`,
        { importId: earlier.id, roundId: earlier.roundId },
      );
    }
  }

  /**
   * The workbook's rows and problems; an unreadable file is a 400 IMPORT_INVALID_FILE, a sheet with more than
   * IMPORT_MAX_ROWS data rows a 400 IMPORT_TOO_MANY_ROWS (found while streaming: the rest is not read).
   */
  private async parse(data: Buffer): Promise<Awaited<ReturnType<typeof parseImportWorkbook>>> {
    const limit = this.config.IMPORT_MAX_ROWS;
    try {
      return await parseImportWorkbook(data, limit);
    } catch (err) {
      if (err instanceof TooManyRowsError) {
        throw new DomainError(
          'BAD_REQUEST',
          'IMPORT_TOO_MANY_ROWS',
          `导入文件超过 ${limit} 行，未导入任何问题；请分成每个不超过 ${limit} 行的文件 / The sheet has more than ${limit} rows (IMPORT_MAX_ROWS): nothing was imported; split it into files of at most ${limit} rows`,
          [{ field: 'file', messages: [`最多 ${limit} 行 / at most ${limit} data rows`] }],
        );
      }
      if (err instanceof InvalidWorkbookError || err instanceof Error) {
        throw new DomainError('BAD_REQUEST', 'IMPORT_INVALID_FILE', `无法读取该文件：${err.message}`, [
          { field: 'file', messages: [err.message] },
        ]);
      }
      throw err;
    }
  }
}

/**
 * Every problem at once, by row (then as found), as one 400 IMPORT_INVALID; nothing is imported. The list holds the
 * first IMPORT_PROBLEMS_LISTED problems; when there are more, a last entry `{ field: 'file', truncated: true, total,
 * listed }` says how many there are in all (the message names the total too).
 */
function refuseProblems(problems: SheetProblem[]): void {
  if (problems.length === 0) return;
  problems.sort((a, b) => a.row - b.row);
  const total = problems.length;
  const details: Record<string, unknown>[] = problems.slice(0, IMPORT_PROBLEMS_LISTED).map((p) => ({
    field: `第${p.row}行 ${p.column}`,
    row: p.row,
    column: p.column,
    messages: [p.message],
  }));
  if (total > IMPORT_PROBLEMS_LISTED) {
    details.push({
      field: 'file',
      messages: [
        `只列出前 ${IMPORT_PROBLEMS_LISTED} 处，另有 ${total - IMPORT_PROBLEMS_LISTED} 处错误未列出 / the first ${IMPORT_PROBLEMS_LISTED} of ${total} problems are listed`,
      ],
      truncated: true,
      total,
      listed: IMPORT_PROBLEMS_LISTED,
    });
  }
  throw new DomainError(
    'BAD_REQUEST',
    'IMPORT_INVALID',
    `导入文件有 ${total} 处错误，未导入任何问题，请修改后重新上传 / ${total} problem(s): nothing was imported`,
    details as unknown as FieldProblem[],
  );
}

/** The new finding for one imported row: the round's audit team when the row names no finder. */
function findingFromRow(round: AuditRound, row: ImportRow, unitId: number): CreateFindingDto {
  return {
    roundId: round.id,
    unitId,
    description: row.description,
    location: row.location,
    level: row.level,
    category: row.category,
    tags: row.tags,
    source: row.source,
    foundDate: row.foundDate,
    foundBy: row.foundBy || round.auditTeam,
    deadline: row.deadline,
    responsiblePerson: row.responsiblePerson,
    responsibleLeader: row.responsibleLeader || undefined,
  };
}

/** One ledger row: labels for codes, overdue by the one rule, the closing day in the business time zone. */
function exportRow(entry: LedgerEntry, today: string, zone: string): ExportRow {
  const f = entry.finding;
  return {
    code: f.code,
    roundName: entry.roundName ?? '',
    unitName: entry.unitName ?? '',
    description: f.description,
    location: f.location,
    level: f.level,
    category: f.category,
    tags: f.tags,
    source: f.source,
    status: FINDING_STATUS_LABEL[f.status],
    foundDate: f.foundDate,
    deadline: f.deadline,
    responsiblePerson: f.responsiblePerson,
    measures: entry.measures ?? null,
    fundsYuan: entry.fundsAmount != null ? Number(entry.fundsAmount) : null,
    overdue: isOverdue(f, today),
    closedDate: f.closedAt ? dateInZone(f.closedAt, zone) : null,
  };
}
