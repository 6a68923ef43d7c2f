import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/access/actor';
import { StatutoryTableQuery } from './statutory-statistics.dto';
import { StatutoryReportsService } from './statutory-reports.service';
import { lateFilingNote } from './rules/period';
import { buildStatutorySheet } from './statutory-sheet';

/** The filed (or live draft) table ready to print or export: the table, its state and the signature lines. */
@Injectable()
export class StatutoryExportService {
  constructor(private readonly reports: StatutoryReportsService) {}

  async printable(actor: Actor, q: StatutoryTableQuery) {
    const { table, analysis, version, daysLate } = await this.reports.exportTable(
      actor,
      q.unitId,
      q.period,
      q.version,
    );
    return {
      table,
      state: version
        ? `已锁定报送 第 ${version.versionNo} 版${version.correctionReason ? `（更正：${version.correctionReason}）` : ''}${lateFilingNote(daysLate)}`
        : '草稿（未锁定）',
      locked: !!version,
      principalName: version?.principalName ?? null,
      preparerName: version?.preparerName ?? null,
      phone: version?.phone ?? null,
      signedOn: version?.signedOn ?? null,
      analysis,
      fileName: `${table.unit.name}${table.period.label}隐患排查治理统计表`,
    };
  }

  async xlsx(actor: Actor, q: StatutoryTableQuery) {
    const p = await this.printable(actor, q);
    return { fileName: `${p.fileName}.xlsx`, content: await buildStatutorySheet(p.table, p) };
  }
}
