import { Injectable } from '@nestjs/common';
import { DataSource, type EntityMetadata, type EntityTarget } from 'typeorm';
import { entityArrayJsonSql, entityArrayReviver } from '../common/persistence/entity-json';
import { readQuery } from '../common/persistence/prepared';
import type { Tx } from '../common/persistence/transactions';
import {
  AccountabilityRecord,
  CloseoutRecord,
  MechanismRecord,
  SatisfactionConfirmation,
  SweepRecord,
} from './closeout.entities';

type New<T> = Omit<T, 'id' | 'recordedAt' | 'finding'>;

/** What the gate reads of a finding's close-out records. */
export interface GateRecords {
  sweeps: SweepRecord[];
  mechanisms: MechanismRecord[];
  accountability: AccountabilityRecord[];
  satisfactions: SatisfactionConfirmation[];
}

/**
 * The records of the 五个不放过 (sweep, mechanism, accountability, satisfaction) and the close-out record itself:
 * each is written once and read per finding in the order recorded.
 */
@Injectable()
export class CloseoutRecordsRepository {
  /** The gate's statement and how its row is read, built from the entities' metadata on first use. */
  private gate?: ReturnType<typeof gateRecordsRead>;

  constructor(private readonly dataSource: DataSource) {}

  async insertSweep(tx: Tx, fields: New<SweepRecord>): Promise<SweepRecord> {
    const repo = tx.getRepository(SweepRecord);
    return repo.save(repo.create(fields));
  }

  async insertMechanism(tx: Tx, fields: New<MechanismRecord>): Promise<MechanismRecord> {
    const repo = tx.getRepository(MechanismRecord);
    return repo.save(repo.create(fields));
  }

  async insertAccountability(tx: Tx, fields: New<AccountabilityRecord>): Promise<AccountabilityRecord> {
    const repo = tx.getRepository(AccountabilityRecord);
    return repo.save(repo.create(fields));
  }

  async insertSatisfaction(tx: Tx, fields: New<SatisfactionConfirmation>): Promise<SatisfactionConfirmation> {
    const repo = tx.getRepository(SatisfactionConfirmation);
    return repo.save(repo.create(fields));
  }

  async insertCloseout(tx: Tx, fields: Omit<CloseoutRecord, 'id' | 'finding'>): Promise<CloseoutRecord> {
    const repo = tx.getRepository(CloseoutRecord);
    return repo.save(repo.create(fields));
  }

  /**
   * Everything recorded for the gate of one finding: sweeps, mechanisms, accountability in order; satisfaction newest
   * first. One statement (issue 22: four before; prepared outside a transaction, where planning it would cost more
   * than the three round trips it saves), each table written as JSON in its entity's shape.
   */
  async forGate(tx: Tx, findingId: number): Promise<GateRecords> {
    const gate = (this.gate ??= gateRecordsRead((entity) => this.dataSource.getMetadata(entity)));
    const [row] = await readQuery<Record<keyof GateRecords, string>>(this.dataSource, tx, gate.text, [
      findingId,
    ]);
    return {
      sweeps: gate.sweeps(row.sweeps),
      mechanisms: gate.mechanisms(row.mechanisms),
      accountability: gate.accountability(row.accountability),
      satisfactions: gate.satisfactions(row.satisfactions),
    };
  }

  /** The close-out record of a closed finding (the rules as they stood then), or null. */
  async closeoutOf(findingId: number): Promise<CloseoutRecord | null> {
    return this.dataSource.getRepository(CloseoutRecord).findOneBy({ findingId });
  }
}

/**
 * The gate's one statement ($1 the finding) and how its row's columns are read, built from the entities' metadata
 * (the bench's bare handler builds the same from its own).
 */
export function gateRecordsRead(metadataOf: (entity: EntityTarget<unknown>) => EntityMetadata) {
  const records = (entity: EntityTarget<unknown>, orderBy: string) =>
    entityArrayJsonSql(
      metadataOf(entity),
      'x',
      `FROM ${metadataOf(entity).tableName} x WHERE x.finding_id = $1`,
      orderBy,
    );
  return {
    text: `SELECT ${records(SweepRecord, 'x.id')} AS sweeps, ${records(MechanismRecord, 'x.id')} AS mechanisms,
        ${records(AccountabilityRecord, 'x.id')} AS accountability,
        ${records(SatisfactionConfirmation, 'x.recorded_at DESC, x.id DESC')} AS satisfactions`,
    sweeps: entityArrayReviver<SweepRecord>(metadataOf(SweepRecord)),
    mechanisms: entityArrayReviver<MechanismRecord>(metadataOf(MechanismRecord)),
    accountability: entityArrayReviver<AccountabilityRecord>(metadataOf(AccountabilityRecord)),
    satisfactions: entityArrayReviver<SatisfactionConfirmation>(metadataOf(SatisfactionConfirmation)),
  };
}
