import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Actor } from '../common/access/actor';
import { AuditLogService } from '../audit-log/audit-log.service';
import { conflict, DomainError } from '../common/errors/domain-error';
import { dateInZone } from '../common/time/business-date';
import { Clock } from '../common/time/clock';
import { Unit } from '../org/unit.entity';
import { AuditRound } from '../rounds/round.entity';
import { RoundStatus } from '../rounds/round.enums';
import { RoundsService } from '../rounds/rounds.service';
import { Finding } from './entities/finding.entity';
import { FindingImport } from './entities/rectification.entity';
import {
  buildFindingsExport,
  ExportRow,
  InvalidWorkbookError,
  parseImportWorkbook,
  SheetProblem,
} from './excel/finding-sheet';
import { ListFindingsQuery } from './finding.dto';
import { FINDING_STATUS_LABEL } from './finding.enums';
import { UNIT_OWES_STATUSES } from './rules/open-and-overdue';
import { findingListQuery } from './finding-query';
import { FindingsService } from './findings.service';

const normalise = (s: string) => s.replace(/\s+/g, '').toLowerCase();

@Injectable()
export class FindingExcelService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly findings: FindingsService,
    private readonly rounds: RoundsService,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
  ) {}

  /**
   * Imports an audit report's problem list into a round. Every row is checked first and every problem comes back
   * in one answer (row and column); nothing is imported unless all rows are good. The same file, or rows already in
   * the round, are refused.
   */
  async importIntoRound(
    actor: Actor,
    roundId: number,
    file: { originalname: string; buffer: Buffer } | undefined,
  ) {
    if (!file)
      throw new DomainError(
        'BAD_REQUEST',
        'VALIDATION_FAILED',
        '请上传 .xlsx 文件（字段名 file） / Attach the .xlsx as "file"',
        [{ field: 'file', messages: ['required'] }],
      );
    const round = await this.rounds.get(actor, roundId);
    if (round.status === RoundStatus.CLOSED)
      throw conflict('ROUND_CLOSED', '该轮次已关闭，不能导入 / The round is closed');
    const sha = createHash('sha256').update(file.buffer).digest('hex');
    const earlier = await this.dataSource.getRepository(FindingImport).findOneBy({ fileSha256: sha });
    if (earlier) {
      throw conflict(
        'IMPORT_DUPLICATE_FILE',
        `该文件已于 ${dateInZone(earlier.importedAt, this.clock.timeZone)} 导入过 / This file was imported before`,
        { importId: earlier.id, roundId: earlier.roundId },
      );
    }
    let parsed: Awaited<ReturnType<typeof parseImportWorkbook>>;
    try {
      parsed = await parseImportWorkbook(file.buffer);
    } catch (err) {
      if (err instanceof InvalidWorkbookError || err instanceof Error) {
        throw new DomainError('BAD_REQUEST', 'IMPORT_INVALID_FILE', `无法读取该文件：${err.message}`, [
          { field: 'file', messages: [err.message] },
        ]);
      }
      throw err;
    }
    const problems: SheetProblem[] = [...parsed.problems];

    // Units: by name, former name or code, within the audited company.
    const company = await this.dataSource.getRepository(Unit).findOneByOrFail({ id: round.companyUnitId });
    const units = await this.dataSource
      .getRepository(Unit)
      .createQueryBuilder('u')
      .where('u.path LIKE :p AND u.active', { p: `${company.path}%` })
      .getMany();
    const byKey = new Map<string, Unit[]>();
    for (const u of units) {
      for (const key of new Set([u.name, u.code, ...u.aliases].map(normalise)))
        byKey.set(key, [...(byKey.get(key) ?? []), u]);
    }
    const existing: { unit_id: number; description: string; code: string }[] = await this.dataSource.query(
      `SELECT unit_id, description, code FROM findings WHERE round_id = $1`,
      [roundId],
    );
    const existingKeys = new Map(existing.map((e) => [`${e.unit_id}|${normalise(e.description)}`, e.code]));
    const today = this.clock.today();
    const resolved: { row: (typeof parsed.rows)[number]; unit: Unit }[] = [];
    for (const row of parsed.rows) {
      const matches = byKey.get(normalise(row.unit)) ?? [];
      if (matches.length === 0) {
        problems.push({
          row: row.rowNumber,
          column: '单位',
          message: `找不到单位「${row.unit}」（按名称、曾用名或编码，在「${company.name}」内） / Unknown unit`,
        });
        continue;
      }
      if (matches.length > 1) {
        problems.push({
          row: row.rowNumber,
          column: '单位',
          message: `「${row.unit}」对应多个单位（${matches.map((u) => u.code).join('、')}），请填写单位编码 / Ambiguous: use the code`,
        });
        continue;
      }
      const dup = existingKeys.get(`${matches[0].id}|${normalise(row.description)}`);
      if (dup)
        problems.push({
          row: row.rowNumber,
          column: '问题描述',
          message: `本轮次已有相同问题（编号 ${dup}），不能重复导入 / Already in this round as ${dup}`,
        });
      if (row.foundDate > today)
        problems.push({
          row: row.rowNumber,
          column: '发现日期',
          message: '发现日期不能晚于今天 / The found date is in the future',
        });
      resolved.push({ row, unit: matches[0] });
    }
    if (problems.length) {
      problems.sort((a, b) => a.row - b.row);
      throw new DomainError(
        'BAD_REQUEST',
        'IMPORT_INVALID',
        `导入文件有 ${problems.length} 处错误，未导入任何问题，请修改后重新上传 / ${problems.length} problem(s): nothing was imported`,
        problems.map((p) => ({
          field: `第${p.row}行 ${p.column}`,
          row: p.row,
          column: p.column,
          messages: [p.message],
        })),
      );
    }
    if (resolved.length === 0)
      throw new DomainError('BAD_REQUEST', 'IMPORT_EMPTY', '文件中没有问题数据 / The sheet has no rows');

    return this.dataSource.transaction(async (m) => {
      const created: Finding[] = [];
      for (const { row, unit } of resolved) {
        created.push(
          await this.findings.create(
            actor,
            {
              roundId,
              unitId: unit.id,
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
            },
            m,
          ),
        );
      }
      const batch = await m.getRepository(FindingImport).save(
        m.getRepository(FindingImport).create({
          roundId,
          fileSha256: sha,
          fileName: Buffer.from(file.originalname, 'latin1').toString('utf8'),
          rowCount: created.length,
          importedById: actor.id,
        }),
      );
      await this.audit.record(m, actor, {
        action: 'FINDINGS_IMPORTED',
        entityType: 'AuditRound',
        entityId: roundId,
        unitId: round.companyUnitId,
        after: { importId: batch.id, fileSha256: sha, codes: created.map((f) => f.code) },
      });
      return { imported: created.length, importId: batch.id, codes: created.map((f) => f.code) };
    });
  }

  /** Any filtered finding list as .xlsx (same filters and scope as the list), read in batches. */
  async exportList(actor: Actor, q: ListFindingsQuery): Promise<Buffer> {
    const today = this.clock.today();
    const zone = this.clock.timeZone;
    const ds = this.dataSource;
    async function* rows(): AsyncIterable<ExportRow> {
      const batch = 1000;
      for (let offset = 0; ; offset += batch) {
        const { entities, raw } = await findingListQuery(ds, actor, q, today)
          .addSelect('u.name', 'unit_name')
          .addSelect('r.name', 'round_name')
          .limit(batch)
          .offset(offset)
          .getRawAndEntities();
        if (entities.length === 0) return;
        const names = new Map(
          (raw as { f_id: number; unit_name: string; round_name: string }[]).map((r) => [r.f_id, r]),
        );
        const plans: { finding_id: number; measures: string | null; funds_amount: string | null }[] =
          await ds.query(
            `SELECT DISTINCT ON (finding_id) finding_id, measures, funds_amount FROM rectification_plans WHERE finding_id = ANY($1) ORDER BY finding_id, revision DESC`,
            [entities.map((f) => f.id)],
          );
        const planOf = new Map(plans.map((p) => [p.finding_id, p]));
        for (const f of entities) {
          const plan = planOf.get(f.id);
          yield {
            code: f.code,
            roundName: names.get(f.id)?.round_name ?? '',
            unitName: names.get(f.id)?.unit_name ?? '',
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
            measures: plan?.measures ?? null,
            fundsYuan: plan?.funds_amount != null ? Number(plan.funds_amount) : null,
            overdue: UNIT_OWES_STATUSES.includes(f.status) && f.deadline < today,
            closedDate: f.closedAt ? dateInZone(f.closedAt, zone) : null,
          };
        }
        if (entities.length < batch) return;
      }
    }
    let title = '问题整改台账';
    if (q.roundId) {
      const round = await ds.getRepository(AuditRound).findOneBy({ id: q.roundId });
      if (round) title = `${round.name} 问题整改台账`;
    }
    return buildFindingsExport(rows(), title);
  }
}
