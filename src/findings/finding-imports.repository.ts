import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Tx } from '../common/persistence/transactions';
import { FindingImport } from './entities/rectification.entity';
import type { ExistingFinding } from './excel/resolve-rows';

/** The record of each Excel import into a round (finding_imports), and what an import checks against. */
@Injectable()
export class FindingImportsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The earlier import of the same file, by the file's SHA-256, if any. */
  findByFileSha256(fileSha256: string): Promise<FindingImport | null> {
    return this.dataSource.getRepository(FindingImport).findOneBy({ fileSha256 });
  }

  async insert(
    tx: Tx,
    record: Pick<FindingImport, 'roundId' | 'fileSha256' | 'fileName' | 'rowCount' | 'importedById'>,
  ): Promise<FindingImport> {
    const repo = tx.getRepository(FindingImport);
    return repo.save(repo.create(record));
  }

  /** Unit, description and code of the findings already in a round: an import does not bring them in again. */
  async findingsInRound(roundId: number): Promise<ExistingFinding[]> {
    const rows: { unit_id: number; description: string; code: string }[] = await this.dataSource.query(
      `SELECT unit_id, description, code FROM findings WHERE round_id = $1`,
      [roundId],
    );
    return rows.map((r) => ({ unitId: r.unit_id, description: r.description, code: r.code }));
  }
}
