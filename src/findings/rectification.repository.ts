import { Injectable } from '@nestjs/common';
import { DataSource, DeepPartial, In } from 'typeorm';
import { CachedSelect } from '../common/persistence/cached-select';
import { PreparedInsert } from '../common/persistence/prepared-writes';
import type { Tx } from '../common/persistence/transactions';
import { Clock } from '../common/time/clock';
import { ExtensionStatus } from './entities/extension-status';
import type { EvidenceKind } from './finding.enums';
import {
  DeadlineExtension,
  EvidenceFile,
  ProgressNote,
  RectificationPlan,
  RectificationSummary,
} from './entities/rectification.entity';

/** Everything recorded on a finding while it is rectified, as the detail shows it (each in its display order). */
export interface RectificationRecords {
  /** Newest revision first. */
  plans: RectificationPlan[];
  progress: ProgressNote[];
  summaries: RectificationSummary[];
  /** Without the file contents. */
  evidence: EvidenceFile[];
  extensions: DeadlineExtension[];
}

/**
 * The unit's work on a finding: 五落实 plans (every revision kept), progress notes, summaries, evidence files and
 * deadline extensions. Changes and locked loads take the transaction first; plain reads take it last.
 */
@Injectable()
export class RectificationRepository {
  /** Read on every summary and plan step: built once, then prepared (CachedSelect; the SQL find options make). */
  private readonly latestPlans: CachedSelect<RectificationPlan>;
  private readonly evidenceTimesOf: CachedSelect<EvidenceFile>;
  private readonly firstPlans: CachedSelect<RectificationPlan>;
  /** The summary's INSERT, built once and prepared: every summary handed in sends it. */
  private readonly summaries: PreparedInsert<RectificationSummary>;

  constructor(
    private readonly dataSource: DataSource,
    clock: Clock,
  ) {
    this.summaries = new PreparedInsert(dataSource, RectificationSummary, () => clock.now());
    this.latestPlans = new CachedSelect(dataSource, () =>
      dataSource
        .createQueryBuilder(RectificationPlan, 'RectificationPlan')
        .setFindOptions({ where: { findingId: 0 }, order: { revision: 'DESC' }, take: 1 }),
    );
    this.evidenceTimesOf = new CachedSelect(dataSource, () =>
      dataSource
        .createQueryBuilder(EvidenceFile, 'EvidenceFile')
        .setFindOptions({ where: { findingId: 0 }, select: { kind: true, uploadedAt: true } }),
    );
    this.firstPlans = new CachedSelect(dataSource, () =>
      dataSource.createQueryBuilder(RectificationPlan, 'RectificationPlan').setFindOptions({
        where: { findingId: 0 },
        order: { revision: 'ASC' },
        select: { id: true, submittedAt: true },
        take: 1,
      }),
    );
  }

  // ---------- plans ----------

  /** The plan in force: the latest revision, or null. */
  latestPlan(findingId: number, tx?: Tx): Promise<RectificationPlan | null> {
    return this.latestPlans.getOneAt(tx, 'latest', [findingId]);
  }

  /** When the finding's first plan was recorded, or null. */
  async firstPlanAt(tx: Tx, findingId: number): Promise<Date | null> {
    const first = await this.firstPlans.getOneAt(tx, 'first', [findingId]);
    return first?.submittedAt ?? null;
  }

  async nextPlanRevision(tx: Tx, findingId: number): Promise<number> {
    const [{ next }] = await tx.query(
      `SELECT coalesce(max(revision), 0) + 1 AS next FROM rectification_plans WHERE finding_id = $1`,
      [findingId],
    );
    return next;
  }

  /** Inserts a new plan revision and returns it with its generated columns. */
  async insertPlan(tx: Tx, fields: DeepPartial<RectificationPlan>): Promise<RectificationPlan> {
    const repo = tx.getRepository(RectificationPlan);
    return repo.save(repo.create(fields));
  }

  savePlan(tx: Tx, plan: RectificationPlan): Promise<RectificationPlan> {
    return tx.getRepository(RectificationPlan).save(plan);
  }

  // ---------- progress and summaries ----------

  insertProgress(tx: Tx, fields: DeepPartial<ProgressNote>): Promise<ProgressNote> {
    const repo = tx.getRepository(ProgressNote);
    return repo.save(repo.create(fields));
  }

  insertSummary(tx: Tx, fields: DeepPartial<RectificationSummary>): Promise<RectificationSummary> {
    return this.summaries.insert(tx, fields);
  }

  // ---------- evidence ----------

  /** How many distinct of these evidence ids belong to the finding. */
  countEvidenceOf(findingId: number, ids: number[], tx: Tx = this.dataSource.manager): Promise<number> {
    return tx.getRepository(EvidenceFile).countBy({ id: In(ids), findingId });
  }

  /** The kinds of those of `ids` that are evidence files of this finding, one a file (no contents). */
  async evidenceKindsOf(
    findingId: number,
    ids: number[],
    tx: Tx = this.dataSource.manager,
  ): Promise<EvidenceKind[]> {
    const rows = await tx
      .getRepository(EvidenceFile)
      .find({ select: { id: true, kind: true }, where: { id: In(ids), findingId } });
    return rows.map((r) => r.kind);
  }

  /** The kind and upload time of every evidence file of a finding (no contents). */
  evidenceTimes(tx: Tx, findingId: number): Promise<Pick<EvidenceFile, 'kind' | 'uploadedAt'>[]> {
    return this.evidenceTimesOf.getManyAt(tx, 'times', [findingId]);
  }

  /** Stores a file and returns the row (with its content, as given). */
  async insertEvidence(tx: Tx, fields: DeepPartial<EvidenceFile>): Promise<EvidenceFile> {
    const repo = tx.getRepository(EvidenceFile);
    return repo.save(repo.create(fields));
  }

  /** One evidence file of a finding with its content, or null. */
  evidenceWithContent(findingId: number, evidenceId: number): Promise<EvidenceFile | null> {
    return this.dataSource
      .getRepository(EvidenceFile)
      .createQueryBuilder('e')
      .addSelect('e.content')
      .where('e.id = :evidenceId AND e.findingId = :findingId', { evidenceId, findingId })
      .getOne();
  }

  // ---------- deadline extensions ----------

  hasPendingExtension(tx: Tx, findingId: number): Promise<boolean> {
    return tx.getRepository(DeadlineExtension).existsBy({ findingId, status: ExtensionStatus.PENDING });
  }

  insertExtension(tx: Tx, fields: DeepPartial<DeadlineExtension>): Promise<DeadlineExtension> {
    const repo = tx.getRepository(DeadlineExtension);
    return repo.save(repo.create(fields));
  }

  /** An extension request of the finding, locked FOR UPDATE until `tx` ends; null when there is none. */
  lockExtension(tx: Tx, findingId: number, extensionId: number): Promise<DeadlineExtension | null> {
    return tx
      .getRepository(DeadlineExtension)
      .findOne({ where: { id: extensionId, findingId }, lock: { mode: 'pessimistic_write' } });
  }

  saveExtension(tx: Tx, extension: DeadlineExtension): Promise<DeadlineExtension> {
    return tx.getRepository(DeadlineExtension).save(extension);
  }
}
