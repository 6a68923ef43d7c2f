import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { UnitScope } from '../common/access/unit-scope';
import type { Tx } from '../common/persistence/transactions';
import { CloseoutStatus, SourceStatus, type RiskGrade, type SourceKind } from './inspection.enums';
import { HazardSource, HazardSourceCloseout } from './inspections.entities';
import { type DocumentFileMeta, HazardSourceDocumentFile } from './source-document-file.entity';
import type { sourceGaps } from './rules/gaps';

export interface SourceFilter {
  unitPathPrefix?: string | null;
  grade?: RiskGrade;
  includeDecommissioned?: boolean;
  limit: number;
  offset: number;
}

/** A source as listed: the source, its unit's name and path, and the current file of each document that has one. */
export type SourceRow = HazardSource & {
  unitName: string;
  unitPath: string;
  documentFiles: DocumentFileMeta[];
};

/** A document file as stored (the new row of an upload). */
export type NewDocumentFile = Omit<DocumentFileMeta, 'id' | 'createdAt' | 'replacedAt' | 'replacedById'> & {
  content: Buffer;
};

/** What the schedule needs of an active source. */
/** What the gap rule (rules/gaps.ts sourceGaps) reads of a source. */
export type GapFacts = Parameters<typeof sourceGaps>[0];

export interface ScheduleSource {
  id: number;
  unitId: number;
  kind: SourceKind;
  grade: RiskGrade;
}

/** hazard_sources, hazard_source_closeouts and hazard_source_document_files. */
@Injectable()
export class HazardSourcesRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(tx?: Tx) {
    return tx ?? this.dataSource.manager;
  }

  insert(tx: Tx, row: Partial<HazardSource>): Promise<HazardSource> {
    return tx.getRepository(HazardSource).save(tx.getRepository(HazardSource).create(row));
  }

  save(tx: Tx, s: HazardSource): Promise<HazardSource> {
    return tx.getRepository(HazardSource).save(s);
  }

  async findById(id: number, tx?: Tx, lock = false): Promise<SourceRow | null> {
    const qb = this.m(tx)
      .getRepository(HazardSource)
      .createQueryBuilder('s')
      .innerJoin('s.unit', 'u')
      .addSelect(['u.name', 'u.path'])
      .where('s.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write', undefined, ['s']);
    const s = await qb.getOne();
    return s ? (await this.withFiles([s], tx))[0] : null;
  }

  /** The rows as listed: the unit's name and path, and the documents' current files (one query for all). */
  private async withFiles(sources: HazardSource[], tx?: Tx): Promise<SourceRow[]> {
    const files = sources.length
      ? await this.currentFiles(
          sources.map((s) => s.id),
          tx,
        )
      : [];
    const bySource = new Map<number, DocumentFileMeta[]>();
    for (const f of files) bySource.set(f.sourceId, [...(bySource.get(f.sourceId) ?? []), f]);
    return sources.map((s) =>
      Object.assign(s, {
        unitName: s.unit!.name,
        unitPath: s.unit!.path,
        documentFiles: bySource.get(s.id) ?? [],
      }),
    );
  }

  async list(scope: UnitScope, f: SourceFilter): Promise<{ items: SourceRow[]; total: number }> {
    const qb = this.dataSource
      .getRepository(HazardSource)
      .createQueryBuilder('s')
      .innerJoin('s.unit', 'u')
      .addSelect(['u.name', 'u.path']);
    scope.applyTo(qb, 'u.path');
    if (f.unitPathPrefix) qb.andWhere('u.path LIKE :p', { p: `${f.unitPathPrefix}%` });
    if (f.grade) qb.andWhere('s.grade = :g', { g: f.grade });
    if (!f.includeDecommissioned) qb.andWhere('s.status = :st', { st: SourceStatus.ACTIVE });
    qb.orderBy('s.grade') // the enum's order: RED, ORANGE, YELLOW, BLUE
      .addOrderBy('u.path')
      .addOrderBy('s.id')
      .take(f.limit)
      .skip(f.offset);
    const [items, total] = await qb.getManyAndCount();
    return { items: await this.withFiles(items), total };
  }

  /**
   * Active sources in a scope with what the gap rule needs (for counts over every source), read in one
   * REPEATABLE READ snapshot together with their `gapFactsStamp` — so that counts made of these facts can be kept
   * under that stamp and never outlive a change.
   */
  gapFacts(scope: UnitScope, unitPathPrefix?: string): Promise<{ stamp: string; rows: GapFacts[] }> {
    return this.dataSource.transaction('REPEATABLE READ', async (m) => {
      const stamp = await this.gapFactsStamp(scope, unitPathPrefix, m);
      const w = this.activeSourcesWhere(scope, unitPathPrefix);
      // One statement with only what the gap rule reads (the 驾驶舱 counts over every source of the subtree): no
      // entities, no page count, the current files' keys aggregated per source.
      const rows: GapFacts[] = await m.query(
        `SELECT s.grade, s.documents, s.drills, s.closed_gaps AS "closedGaps",
                coalesce((SELECT json_agg(json_build_object('documentType', f.document_type,
                                    'documentNumber', f.document_number, 'documentVersion', f.document_version))
                            FROM hazard_source_document_files f
                           WHERE f.source_id = s.id AND f.replaced_at IS NULL), '[]') AS "documentFiles"
           FROM hazard_sources s JOIN units u ON u.id = s.unit_id
          WHERE ${w.sql}`,
        w.params,
      );
      return { stamp, rows };
    });
  }

  /**
   * A fingerprint of everything `gapFacts` reads in the scope: each active source's row version (xmin: any write of
   * the row — documents, drills, 销号 keys, grade, status, unit — makes a new one) and its current files' ids and
   * row versions. Reading it costs no JSON; it changes whenever the facts do.
   */
  async gapFactsStamp(
    scope: UnitScope,
    unitPathPrefix?: string,
    m: Tx = this.dataSource.manager,
  ): Promise<string> {
    const w = this.activeSourcesWhere(scope, unitPathPrefix);
    const [row] = (await m.query(
      `SELECT md5(coalesce(string_agg(s.id || ':' || s.xmin::text || ':' || coalesce(f.stamp, ''), ',' ORDER BY s.id), ''))
                AS stamp
         FROM hazard_sources s JOIN units u ON u.id = s.unit_id
         LEFT JOIN LATERAL (SELECT string_agg(f.id || ':' || f.xmin::text, ';' ORDER BY f.id) AS stamp
                              FROM hazard_source_document_files f
                             WHERE f.source_id = s.id AND f.replaced_at IS NULL) f ON true
        WHERE ${w.sql}`,
      w.params,
    )) as { stamp: string }[];
    return row.stamp;
  }

  private activeSourcesWhere(scope: UnitScope, unitPathPrefix?: string): { sql: string; params: unknown[] } {
    const params: unknown[] = [];
    let sql = `s.status = '${SourceStatus.ACTIVE}'`;
    if (unitPathPrefix) {
      params.push(`${unitPathPrefix}%`);
      sql += ` AND u.path LIKE $${params.length}`;
    }
    const sc = scope.sqlCondition('u.path', params.length + 1);
    return { sql: sql + sc.sql, params: [...params, ...sc.params] };
  }

  /** Active sources by id, a batch at a time (the schedule walks them in batches). */
  async activeBatch(tx: Tx, afterId: number, limit: number): Promise<ScheduleSource[]> {
    return tx.query(
      `SELECT id, unit_id AS "unitId", kind, grade FROM hazard_sources
        WHERE status = 'ACTIVE' AND id > $1 ORDER BY id LIMIT $2`,
      [afterId, limit],
    );
  }

  // ---------- 销号 requests ----------

  insertCloseout(tx: Tx, row: Partial<HazardSourceCloseout>): Promise<HazardSourceCloseout> {
    return tx.getRepository(HazardSourceCloseout).save(tx.getRepository(HazardSourceCloseout).create(row));
  }

  saveCloseout(tx: Tx, c: HazardSourceCloseout): Promise<HazardSourceCloseout> {
    return tx.getRepository(HazardSourceCloseout).save(c);
  }

  findCloseout(tx: Tx, id: number): Promise<HazardSourceCloseout | null> {
    return tx
      .getRepository(HazardSourceCloseout)
      .createQueryBuilder('c')
      .where('c.id = :id', { id })
      .setLock('pessimistic_write')
      .getOne();
  }

  closeoutsOf(sourceId: number): Promise<HazardSourceCloseout[]> {
    return this.dataSource
      .getRepository(HazardSourceCloseout)
      .find({ where: { sourceId }, order: { id: 'DESC' } });
  }

  pendingCloseout(tx: Tx, sourceId: number, gapKey: string | null): Promise<HazardSourceCloseout | null> {
    return tx.getRepository(HazardSourceCloseout).findOne({
      where: { sourceId, status: CloseoutStatus.PENDING, ...(gapKey ? { gapKey } : {}) },
    });
  }

  /** Pending 销号 requests in a scope (the safety office's queue). */
  async pendingCloseouts(
    scope: UnitScope,
  ): Promise<(HazardSourceCloseout & { sourceName: string; unitName: string })[]> {
    const cond = scope.sqlCondition('u.path', 1);
    return this.dataSource.query(
      `SELECT c.id, c.source_id AS "sourceId", c.target, c.gap_key AS "gapKey", c.reason, c.status, c.version,
              c.requested_by_id AS "requestedById", c.created_at AS "createdAt", s.name AS "sourceName", u.name AS "unitName"
         FROM hazard_source_closeouts c JOIN hazard_sources s ON s.id = c.source_id JOIN units u ON u.id = s.unit_id
        WHERE c.status = 'PENDING'${cond.sql} ORDER BY c.id`,
      cond.params,
    );
  }

  // ---------- the documents' files ----------

  /** The current file of each document of these sources (no bytes; the ids as one array parameter, however many). */
  currentFiles(sourceIds: number[], tx?: Tx): Promise<DocumentFileMeta[]> {
    return this.m(tx)
      .getRepository(HazardSourceDocumentFile)
      .createQueryBuilder('f')
      .where('f.sourceId = ANY(:ids) AND f.replacedAt IS NULL', { ids: sourceIds })
      .orderBy('f.id')
      .getMany();
  }

  /** Every file of a source's documents, current and replaced, newest first (no bytes). */
  filesOf(sourceId: number, tx?: Tx): Promise<DocumentFileMeta[]> {
    return this.m(tx)
      .getRepository(HazardSourceDocumentFile)
      .find({ where: { sourceId }, order: { id: 'DESC' } });
  }

  /**
   * Stores a document's new file and marks the one it replaces (if any) in the same transaction. The old one is
   * marked first: the unique index allows one current file per document.
   */
  async insertFile(
    tx: Tx,
    row: NewDocumentFile,
    replaces: { id: number; at: Date } | null,
  ): Promise<DocumentFileMeta> {
    const repo = tx.getRepository(HazardSourceDocumentFile);
    if (replaces) await repo.update({ id: replaces.id }, { replacedAt: replaces.at });
    const { content: _c, ...saved } = await repo.save(repo.create(row));
    if (replaces) await repo.update({ id: replaces.id }, { replacedById: saved.id });
    return saved;
  }

  /** One file of a source with its bytes (null: no such file of this source). */
  fileWithContent(sourceId: number, fileId: number): Promise<HazardSourceDocumentFile | null> {
    return this.dataSource
      .getRepository(HazardSourceDocumentFile)
      .createQueryBuilder('f')
      .addSelect('f.content')
      .where('f.id = :fileId AND f.sourceId = :sourceId', { fileId, sourceId })
      .getOne();
  }
}
