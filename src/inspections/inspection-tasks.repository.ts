import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { UnitScope } from '../common/access/unit-scope';
import type { Tx } from '../common/persistence/transactions';
import type { InspectionLevel, TaskStatus } from './inspection.enums';
import { InspectionPhoto, InspectionTask } from './inspections.entities';

export type NewTask = Pick<
  InspectionTask,
  'sourceId' | 'unitId' | 'templateId' | 'templateKey' | 'level' | 'periodKey' | 'dueFrom' | 'dueUntil'
>;

export interface TaskFilter {
  state: 'due' | 'missed' | 'done' | 'all';
  now: Date;
  sourceId?: number;
  unitPathPrefix?: string;
  level?: InspectionLevel;
  /** Only levels the caller does (unit people: not the company's). */
  levels?: InspectionLevel[];
  limit: number;
  offset: number;
}

/** A task as listed. */
export interface TaskRow {
  id: number;
  sourceId: number;
  sourceName: string;
  grade: string;
  unitId: number;
  unitName: string;
  templateId: number;
  templateName: string;
  level: InspectionLevel;
  periodKey: string;
  dueFrom: Date;
  dueUntil: Date;
  status: TaskStatus;
  signature: string | null;
  signedAt: Date | null;
  failed: number;
  findingIds: number[];
}

/** An open task with what a reminder names. */
export interface TaskForReminderRow {
  id: number;
  unitId: number;
  unitName: string;
  unitPath: string;
  sourceName: string;
  templateName: string;
  level: InspectionLevel;
  dueFrom: Date;
  dueUntil: Date;
}

export type NewPhoto = Pick<
  InspectionPhoto,
  'taskId' | 'itemNo' | 'kind' | 'fileName' | 'mimeType' | 'sizeBytes' | 'sha256' | 'content' | 'uploadedById'
>;

const TASK_SELECT = `SELECT t.id, t.source_id AS "sourceId", s.name AS "sourceName", s.grade, t.unit_id AS "unitId", u.name AS "unitName",
        t.template_id AS "templateId", c.name AS "templateName", t.level, t.period_key AS "periodKey",
        t.due_from AS "dueFrom", t.due_until AS "dueUntil", t.status, t.signature, t.signed_at AS "signedAt",
        (SELECT count(*)::int FROM jsonb_array_elements(t.answers) a WHERE a->>'result' = 'FAIL') AS failed,
        COALESCE((SELECT array_agg((a->>'findingId')::int) FROM jsonb_array_elements(t.answers) a WHERE a->>'findingId' IS NOT NULL), '{}') AS "findingIds"
   FROM inspection_tasks t
   JOIN hazard_sources s ON s.id = t.source_id
   JOIN units u ON u.id = t.unit_id
   JOIN checklist_templates c ON c.id = t.template_id`;

/** inspection_tasks and inspection_photos. */
@Injectable()
export class InspectionTasksRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts tasks, skipping those already made (same source, checklist, level and period); returns how many were new. */
  async insertMissing(tx: Tx, rows: NewTask[]): Promise<number> {
    let added = 0;
    for (let i = 0; i < rows.length; i += 1000) {
      const res = await tx
        .createQueryBuilder()
        .insert()
        .into(InspectionTask)
        .values(rows.slice(i, i + 1000))
        .orIgnore()
        .returning('id')
        .updateEntity(false)
        .execute();
      added += (res.raw as unknown[]).length;
    }
    return added;
  }

  insertOne(tx: Tx, row: NewTask): Promise<InspectionTask> {
    return tx.getRepository(InspectionTask).save(tx.getRepository(InspectionTask).create(row));
  }

  findById(id: number, tx?: Tx, lock = false): Promise<InspectionTask | null> {
    const qb = (tx ?? this.dataSource.manager)
      .getRepository(InspectionTask)
      .createQueryBuilder('t')
      .where('t.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  save(tx: Tx, t: InspectionTask): Promise<InspectionTask> {
    return tx.getRepository(InspectionTask).save(t);
  }

  private where(scope: UnitScope, f: Omit<TaskFilter, 'limit' | 'offset'>) {
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    let sql = ' WHERE true';
    if (scope.likePattern) sql += ` AND u.path LIKE ${p(scope.likePattern)}`;
    if (f.unitPathPrefix) sql += ` AND u.path LIKE ${p(`${f.unitPathPrefix}%`)}`;
    if (f.sourceId) sql += ` AND t.source_id = ${p(f.sourceId)}`;
    if (f.level) sql += ` AND t.level = ${p(f.level)}`;
    if (f.levels) sql += ` AND t.level = ANY(${p(f.levels)}::inspection_level[])`;
    if (f.state === 'due')
      sql += ` AND t.status = 'OPEN' AND t.due_from <= ${p(f.now)} AND t.due_until > ${p(f.now)}`;
    if (f.state === 'missed') sql += ` AND t.status = 'OPEN' AND t.due_until <= ${p(f.now)}`;
    if (f.state === 'done') sql += ` AND t.status = 'DONE'`;
    if (f.state === 'all') sql += ` AND t.status <> 'CANCELLED' AND t.due_from <= ${p(f.now)}`;
    return { sql, params };
  }

  async list(scope: UnitScope, f: TaskFilter): Promise<{ items: TaskRow[]; total: number }> {
    const w = this.where(scope, f);
    const order =
      f.state === 'missed' || f.state === 'due' ? 't.due_until, t.id' : 't.due_from DESC, t.id DESC';
    const items: TaskRow[] = await this.dataSource.query(
      `${TASK_SELECT}${w.sql} ORDER BY ${order} LIMIT ${Number(f.limit)} OFFSET ${Number(f.offset)}`,
      w.params,
    );
    const [{ n }] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM inspection_tasks t JOIN units u ON u.id = t.unit_id${w.sql}`,
      w.params,
    );
    return { items, total: n };
  }

  async taskRow(id: number, tx?: Tx): Promise<TaskRow | null> {
    const rows: TaskRow[] = await (tx ?? this.dataSource.manager).query(`${TASK_SELECT} WHERE t.id = $1`, [
      id,
    ]);
    return rows[0] ?? null;
  }

  /** Missed inspections (open after their window) in a scope, per 二级单位 path prefix when asked. */
  async countMissed(scope: UnitScope, now: Date, from?: Date, unitPathPrefix?: string): Promise<number> {
    const w = this.where(scope, { state: 'missed', now, unitPathPrefix });
    let sql = w.sql;
    if (from) {
      w.params.push(from);
      sql += ` AND t.due_until > $${w.params.length}`;
    }
    const [{ n }] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM inspection_tasks t JOIN units u ON u.id = t.unit_id${sql}`,
      w.params,
    );
    return n;
  }

  /**
   * Open tasks of active sources for the reminders: the window begins before `beginsBefore` and ends after
   * `endsAfter` (and, when given, by `endsBy`), by unit and deadline.
   */
  openForReminders(
    tx: Tx,
    w: { beginsBefore: Date; endsAfter: Date; endsBy?: Date },
  ): Promise<TaskForReminderRow[]> {
    return tx.query(
      `SELECT t.id, t.unit_id AS "unitId", u.name AS "unitName", u.path AS "unitPath", s.name AS "sourceName",
              c.name AS "templateName", t.level, t.due_from AS "dueFrom", t.due_until AS "dueUntil"
         FROM inspection_tasks t
         JOIN hazard_sources s ON s.id = t.source_id
         JOIN units u ON u.id = t.unit_id
         JOIN checklist_templates c ON c.id = t.template_id
        WHERE t.status = 'OPEN' AND s.status = 'ACTIVE' AND t.due_from < $1 AND t.due_until > $2
          AND ($3::timestamptz IS NULL OR t.due_until <= $3)
        ORDER BY u.path, t.due_until, t.level, t.id`,
      [w.beginsBefore, w.endsAfter, w.endsBy ?? null],
    );
  }

  /** The tasks of a source whose window began in [from, to), oldest first, for the ledger. */
  ledger(sourceId: number, from: Date, to: Date): Promise<InspectionTask[]> {
    return this.dataSource
      .getRepository(InspectionTask)
      .createQueryBuilder('t')
      .where('t.source_id = :sourceId AND t.due_from >= :from AND t.due_from < :to', { sourceId, from, to })
      .andWhere(`t.status <> 'CANCELLED'`)
      .orderBy('t.due_from')
      .addOrderBy('t.level')
      .addOrderBy('t.id')
      .getMany();
  }

  /** Cancels the open tasks of a decommissioned source. */
  async cancelOpenOfSource(tx: Tx, sourceId: number): Promise<number> {
    const res: [unknown[], number] = await tx.query(
      `UPDATE inspection_tasks SET status = 'CANCELLED', version = version + 1 WHERE source_id = $1 AND status = 'OPEN'`,
      [sourceId],
    );
    return res[1];
  }

  // ---------- photos ----------

  async insertPhoto(tx: Tx, row: NewPhoto): Promise<InspectionPhoto> {
    const saved = await tx.getRepository(InspectionPhoto).save(tx.getRepository(InspectionPhoto).create(row));
    return saved;
  }

  photosOf(taskId: number, tx?: Tx): Promise<InspectionPhoto[]> {
    return (tx ?? this.dataSource.manager)
      .getRepository(InspectionPhoto)
      .find({ where: { taskId }, order: { id: 'ASC' } });
  }

  photosOfMany(taskIds: number[]): Promise<InspectionPhoto[]> {
    if (!taskIds.length) return Promise.resolve([]);
    return this.dataSource
      .getRepository(InspectionPhoto)
      .createQueryBuilder('p')
      .where('p.task_id = ANY(:ids)', { ids: taskIds })
      .orderBy('p.id')
      .getMany();
  }

  photoWithContent(id: number, tx?: Tx): Promise<InspectionPhoto | null> {
    return (tx ?? this.dataSource.manager)
      .getRepository(InspectionPhoto)
      .createQueryBuilder('p')
      .addSelect('p.content')
      .where('p.id = :id', { id })
      .getOne();
  }
}
