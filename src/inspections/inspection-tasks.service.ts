import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Actor } from '../common/access/actor';
import { UnitScope } from '../common/access/unit-scope';
import { AuditLogService } from '../audit-log/audit-log.service';
import { conflict, type FieldProblem, notFound, validationFailed } from '../common/errors/domain-error';
import { allProblems } from '../common/errors/field-problems';
import { checkUpload, type UploadedFile } from '../common/files/file-type';
import { assertPhotoReadable } from '../common/files/image-sizes';
import { Transactions, type Tx } from '../common/persistence/transactions';
import { assertVersion } from '../common/persistence/version';
import { addDays } from '../common/time/business-date';
import { Clock } from '../common/time/clock';
import { AppConfig } from '../config/app-config';
import { FindingsRepository } from '../findings/findings.repository';
import { UnitsService } from '../org/units.service';
import { UsersService } from '../users/users.service';
import { AdHocTaskDto, AnswerDto, ListTasksQuery, SignDto } from './inspection.dto';
import { INSPECTION_LEVEL_LABEL, ITEM_RESULT_LABEL, SourceStatus, TaskStatus } from './inspection.enums';
import { assertInspects, assertVisible, levelsInspectedBy } from './inspections-access';
import type { InspectionTask, ItemAnswer } from './inspections.entities';
import { ChecklistTemplatesRepository } from './checklist-templates.repository';
import { HazardSourcesService } from './hazard-sources.service';
import { InspectionFindingsService } from './inspection-findings.service';
import { InspectionTasksRepository } from './inspection-tasks.repository';
import { inspectionFields, itemAnswer, signingProblems } from './rules/checklist';
import { isMissed } from './rules/schedule';
import { findingLabel } from './rules/signed-records';

/** Inspections done item by item on a phone: answers, photos, the inspector's signature, findings from failures. */
@Injectable()
export class InspectionTasksService {
  constructor(
    private readonly transactions: Transactions,
    private readonly repo: InspectionTasksRepository,
    private readonly templates: ChecklistTemplatesRepository,
    private readonly sources: HazardSourcesService,
    private readonly findings: InspectionFindingsService,
    private readonly units: UnitsService,
    private readonly findingRefs: FindingsRepository,
    private readonly users: UsersService,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async list(actor: Actor, q: ListTasksQuery) {
    const unitPathPrefix = q.unitId ? (await this.units.get(actor, q.unitId)).path : undefined;
    return this.repo.list(UnitScope.of(actor), {
      state: q.state ?? 'all',
      now: this.clock.now(),
      sourceId: q.sourceId,
      unitPathPrefix,
      level: q.level,
      limit: q.limit ?? 100,
      offset: q.offset ?? 0,
    });
  }

  /** The 首页's list: inspections due now (and missed ones) at the levels the actor inspects, in their subtree. */
  async mine(actor: Actor) {
    const levels = levelsInspectedBy(actor);
    if (!levels.length) return { due: [], missed: 0 };
    const scope = UnitScope.of(actor);
    const now = this.clock.now();
    const due = await this.repo.list(scope, { state: 'due', now, levels, limit: 50, offset: 0 });
    const missed = await this.repo.list(scope, { state: 'missed', now, levels, limit: 1, offset: 0 });
    return { due: due.items, dueTotal: due.total, missed: missed.total };
  }

  private async load(actor: Actor, id: number, tx?: Tx, lock = false) {
    const task = await this.repo.findById(id, tx, lock);
    if (!task) throw notFound('检查任务', id);
    const source = await this.sources.getRow(actor, task.sourceId, tx).catch(() => null);
    if (!source) throw notFound('检查任务', id);
    assertVisible(actor, source.unitPath, '检查任务', id);
    return { task, source };
  }

  async detail(actor: Actor, id: number) {
    const { task, source } = await this.load(actor, id);
    const template = (await this.templates.findById(task.templateId))!;
    const photos = (await this.repo.photosOf(id)).map(({ content: _c, ...p }) => p);
    const row = (await this.repo.taskRow(id))!;
    let mayInspect = task.status === TaskStatus.OPEN && !isMissed(task, this.clock.now());
    try {
      assertInspects(actor, task.level, source.unitPath);
    } catch {
      mayInspect = false;
    }
    // The findings it made, by code and level, only those the reader may see (the others are counted); the account
    // that signed, beside the typed signature.
    const seen = await this.findingRefs.refsInScope(UnitScope.of(actor), row.findingIds);
    const signedBy = task.inspectorId
      ? ((await this.users.usernames([task.inspectorId])).get(task.inspectorId) ?? null)
      : null;
    return {
      ...row,
      signedById: task.inspectorId,
      signedBy,
      findings: row.findingIds.flatMap((fid) => {
        const f = seen.get(fid);
        return f ? [{ id: f.id, code: f.code, level: f.level, label: findingLabel(f) }] : [];
      }),
      findingsOutOfScope: row.findingIds.filter((fid) => !seen.has(fid)).length,
      version: task.version,
      levelLabel: INSPECTION_LEVEL_LABEL[task.level],
      missed: isMissed(task, this.clock.now()),
      notYetDue: task.dueFrom > this.clock.now(),
      mayInspect: mayInspect && task.dueFrom <= this.clock.now(),
      source: this.sources.view(source),
      template: { id: template.id, key: template.key, name: template.name, version: template.version },
      items: template.items.map((item) => {
        const answer = task.answers.find((a) => a.no === item.no) ?? null;
        const f = answer?.findingId ? seen.get(answer.findingId) : undefined;
        return {
          ...item,
          answer,
          finding: answer?.findingId
            ? { id: f ? f.id : null, code: f?.code ?? null, level: f?.level ?? null, label: findingLabel(f) }
            : null,
          photos: photos.filter((p) => p.itemNo === item.no),
        };
      }),
    };
  }

  /** A task the actor may work on now: theirs to inspect, open, its window begun and not ended. */
  private async workable(tx: Tx, actor: Actor, id: number) {
    const loaded = await this.load(actor, id, tx, true);
    const { task, source } = loaded;
    assertInspects(actor, task.level, source.unitPath);
    if (task.status === TaskStatus.DONE)
      throw conflict('TASK_ALREADY_SIGNED', '该检查已签字完成 / Already signed');
    if (task.status === TaskStatus.CANCELLED || source.status !== SourceStatus.ACTIVE)
      throw conflict('TASK_CANCELLED', '该检查任务已取消（危险源已销号） / The task is cancelled');
    const now = this.clock.now();
    if (task.dueFrom > now)
      throw conflict('TASK_NOT_DUE', `该检查自 ${task.dueFrom.toISOString()} 起才能进行 / Not due yet`, {
        dueFrom: task.dueFrom,
      });
    if (isMissed(task, now))
      throw conflict('TASK_MISSED', '该检查已过期未做（漏检），不能补签 / The period is over: missed', {
        dueUntil: task.dueUntil,
      });
    return loaded;
  }

  private async itemOf(task: InspectionTask, no: number) {
    const template = (await this.templates.findById(task.templateId))!;
    const item = template.items.find((i) => i.no === no);
    if (!item) throw notFound('检查项', no);
    return { template, item };
  }

  answer(actor: Actor, id: number, no: number, dto: AnswerDto) {
    return this.transactions.run(async (tx) => {
      const { task } = await this.workable(tx, actor, id);
      // The task is locked: of two people answering at once, the second sees the first's version.
      if (dto.version !== undefined) assertVersion(task, dto.version);
      await this.itemOf(task, no);
      const answer = itemAnswer(no, dto);
      const before = task.answers.find((a) => a.no === no) ?? null;
      task.answers = [...task.answers.filter((a) => a.no !== no), answer].sort((a, b) => a.no - b.no);
      await this.repo.save(tx, task);
      await this.audit.record(tx, actor, {
        action: 'INSPECTION_ITEM_ANSWERED',
        entityType: 'InspectionTask',
        entityId: id,
        unitId: task.unitId,
        before: before ? { [`item${no}`]: before } : null,
        after: { [`item${no}`]: answer },
      });
      return { ...answer, resultLabel: ITEM_RESULT_LABEL[answer.result], version: task.version };
    });
  }

  addPhoto(actor: Actor, id: number, no: number, kind: 'BEFORE' | 'AFTER', file: UploadedFile | undefined) {
    return this.transactions.run(async (tx) => {
      const { task } = await this.workable(tx, actor, id);
      await this.itemOf(task, no);
      const checked = checkUpload(file, this.config.EVIDENCE_MAX_BYTES, 'photos');
      await assertPhotoReadable(checked.mimeType, file!.buffer);
      const photo = await this.repo.insertPhoto(tx, {
        taskId: id,
        itemNo: no,
        kind,
        ...checked,
        sha256: createHash('sha256').update(file!.buffer).digest('hex'),
        content: file!.buffer,
        uploadedById: actor.id,
      });
      await this.audit.record(tx, actor, {
        action: 'INSPECTION_PHOTO_ADDED',
        entityType: 'InspectionTask',
        entityId: id,
        unitId: task.unitId,
        note: { photoId: photo.id, itemNo: no, kind, fileName: photo.fileName, sha256: photo.sha256 },
      });
      const { content: _c, ...rest } = photo;
      return rest;
    });
  }

  async photo(actor: Actor, photoId: number) {
    const p = await this.repo.photoWithContent(photoId);
    if (!p) throw notFound('照片', photoId);
    await this.load(actor, p.taskId);
    return p;
  }

  /**
   * Signs an inspection: every item answered (rules/checklist.ts signingProblems); each failed item becomes a finding
   * of the source's unit in the same transaction (InspectionFindingsService), and the task is done. Conflicts (the
   * task's state, a version someone else moved on) come first; then everything at fault at once: what the DTO check
   * found (`given`, fields absent from `dto`) and what the items still lack.
   */
  sign(actor: Actor, id: number, dto: SignDto, given: readonly FieldProblem[] = []) {
    return this.transactions.run(async (tx) => {
      const { task, source } = await this.workable(tx, actor, id);
      if (dto.version !== undefined) assertVersion(task, dto.version);
      const template = (await this.templates.findById(task.templateId, tx))!;
      const photos = await this.repo.photosOf(id, tx);
      const count = (no: number) => ({
        before: photos.filter((p) => p.itemNo === no && p.kind === 'BEFORE').length,
        after: photos.filter((p) => p.itemNo === no && p.kind === 'AFTER').length,
      });
      const unfinished = signingProblems(template.items, task.answers, count);
      const problems = allProblems(inspectionFields(template.items), given, unfinished);
      if (problems.length)
        throw validationFailed(
          problems,
          unfinished.length
            ? '检查尚未完成，请按提示补充后再签字 / The inspection is not complete'
            : undefined,
        );
      const answers: ItemAnswer[] = [];
      for (const a of task.answers) {
        const item = template.items.find((i) => i.no === a.no)!;
        answers.push(
          a.result === 'FAIL'
            ? {
                ...a,
                findingId: await this.findings.fromFailedItem(tx, actor, {
                  task,
                  source,
                  item,
                  answer: a,
                  signature: dto.signature,
                  photos: photos.filter((p) => p.itemNo === a.no),
                }),
              }
            : a,
        );
      }
      task.answers = answers;
      task.status = TaskStatus.DONE;
      task.signature = dto.signature;
      task.signedAt = this.clock.now();
      task.inspectorId = actor.id;
      await this.repo.save(tx, task);
      const findingIds = answers.filter((a) => a.findingId).map((a) => a.findingId!);
      await this.audit.record(tx, actor, {
        action: 'INSPECTION_SIGNED',
        entityType: 'InspectionTask',
        entityId: id,
        unitId: task.unitId,
        before: { status: TaskStatus.OPEN },
        after: { status: TaskStatus.DONE, signature: dto.signature, findingIds },
      });
      return { ...(await this.repo.taskRow(id, tx))!, findingIds };
    });
  }

  /** An inspection outside the schedule (e.g. the CARC checklist before a repair): due from now until tomorrow’s end. */
  createAdHoc(actor: Actor, dto: AdHocTaskDto) {
    return this.transactions.run(async (tx) => {
      const source = await this.sources.getRow(actor, dto.sourceId, tx);
      assertInspects(actor, dto.level, source.unitPath);
      if (source.status !== SourceStatus.ACTIVE)
        throw conflict('SOURCE_DECOMMISSIONED', '该重要危险源已销号 / The source is closed out');
      const template = await this.templates.findById(dto.templateId, tx);
      if (!template)
        throw validationFailed([{ field: 'templateId', messages: ['检查表不存在 / No such checklist'] }]);
      const now = this.clock.now();
      const end = new Date(`${addDays(this.clock.today(), 2)}T00:00:00+08:00`);
      const made = await this.repo.insertOne(tx, {
        sourceId: source.id,
        unitId: source.unitId,
        templateId: template.id,
        templateKey: template.key,
        level: dto.level,
        periodKey: `ADHOC-${now.getTime()}-${actor.id}`,
        dueFrom: now,
        dueUntil: end,
      });
      await this.audit.record(tx, actor, {
        action: 'INSPECTION_TASK_CREATED',
        entityType: 'InspectionTask',
        entityId: made.id,
        unitId: source.unitId,
        after: { sourceId: source.id, templateId: template.id, level: dto.level, periodKey: made.periodKey },
      });
      return made;
    });
  }
}
