import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { Actor } from '../common/access/actor';
import { SYSTEM_ACTOR } from '../common/access/actor';
import { AuditLogService } from '../audit-log/audit-log.service';
import { conflict, notFound, validationFailed } from '../common/errors/domain-error';
import { Transactions, type Tx } from '../common/persistence/transactions';
import { ChecklistTemplateDto, NewTemplateVersionDto } from './inspection.dto';
import type { ChecklistTemplate } from './inspections.entities';
import { ChecklistTemplatesRepository } from './checklist-templates.repository';
import { SEED_CHECKLISTS } from './checklist-seeds';
import { itemProblems, numberItems } from './rules/checklist';
import { frequencyProblems } from './rules/schedule';

const snapshot = (t: ChecklistTemplate) => ({
  key: t.key,
  version: t.version,
  name: t.name,
  kinds: t.kinds,
  grades: t.grades,
  items: t.items,
  frequencies: t.frequencies,
});

/**
 * 检查表: the safety office writes checklists; an edit makes the next version (the current one the schedule uses),
 * and every inspection keeps the version it was made with.
 */
@Injectable()
export class ChecklistTemplatesService implements OnApplicationBootstrap {
  constructor(
    private readonly transactions: Transactions,
    private readonly repo: ChecklistTemplatesRepository,
    private readonly audit: AuditLogService,
  ) {}

  /** The seeded checklists (煤气区域, 有限空间, 粉尘防爆, CARC), once: a key already there is left as it is. */
  async onApplicationBootstrap(): Promise<void> {
    await this.transactions.run(async (tx) => {
      for (const seed of SEED_CHECKLISTS) {
        const row = { ...seed, items: numberItems(seed.items), version: 1, current: true, createdById: null };
        if (await this.repo.insertSeed(tx, row)) {
          const t = (await this.repo.currentOfKey(tx, seed.key))!;
          await this.audit.record(tx, SYSTEM_ACTOR, {
            action: 'CHECKLIST_SEEDED',
            entityType: 'ChecklistTemplate',
            entityId: t.id,
            unitId: null,
            after: snapshot(t),
          });
        }
      }
    });
  }

  private check(dto: ChecklistTemplateDto): void {
    const problems = [...itemProblems(dto.items), ...frequencyProblems(dto.frequencies)];
    const scheduled = Object.keys(dto.frequencies ?? {}).length > 0;
    if (scheduled && (!dto.kinds.length || !dto.grades.length))
      problems.push({
        field: dto.kinds.length ? 'grades' : 'kinds',
        messages: ['按频次排检查的检查表须指明适用的危险源类别和风险等级 / Say which sources it applies to'],
      });
    if (problems.length) throw validationFailed(problems);
  }

  list(): Promise<ChecklistTemplate[]> {
    return this.repo.current();
  }

  async get(id: number): Promise<ChecklistTemplate & { versions: { id: number; version: number }[] }> {
    const t = await this.repo.findById(id);
    if (!t) throw notFound('检查表', id);
    const versions = (await this.repo.versionsOf(t.key)).map((v) => ({ id: v.id, version: v.version }));
    return { ...t, versions };
  }

  create(actor: Actor, dto: ChecklistTemplateDto): Promise<ChecklistTemplate> {
    this.check(dto);
    return this.transactions.run((tx) =>
      this.insert(
        tx,
        actor,
        `CL-${randomBytes(4).toString('hex').toUpperCase()}`,
        1,
        dto,
        'CHECKLIST_CREATED',
      ),
    );
  }

  /** Editing a checklist: its current version (named by `version`) is superseded by the next one. */
  newVersion(actor: Actor, id: number, dto: NewTemplateVersionDto): Promise<ChecklistTemplate> {
    this.check(dto);
    return this.transactions.run(async (tx) => {
      const edited = await this.repo.findById(id, tx);
      if (!edited) throw notFound('检查表', id);
      const current = (await this.repo.currentOfKey(tx, edited.key))!;
      if (current.version !== dto.version)
        throw conflict(
          'VERSION_CONFLICT',
          `检查表已有更新的版本（当前第 ${current.version} 版，你修改的是第 ${dto.version} 版），请刷新后重试 / A newer version exists`,
          { currentVersion: current.version, yourVersion: dto.version },
        );
      await this.repo.markSuperseded(tx, current.id);
      return this.insert(tx, actor, current.key, current.version + 1, dto, 'CHECKLIST_VERSIONED');
    });
  }

  private async insert(
    tx: Tx,
    actor: Actor,
    key: string,
    version: number,
    dto: ChecklistTemplateDto,
    action: string,
  ) {
    const t = await this.repo.insert(tx, {
      key,
      version,
      current: true,
      name: dto.name,
      kinds: dto.kinds,
      grades: dto.grades,
      items: numberItems(dto.items),
      frequencies: dto.frequencies,
      createdById: actor.id,
    });
    await this.audit.record(tx, actor, {
      action,
      entityType: 'ChecklistTemplate',
      entityId: t.id,
      unitId: null,
      after: snapshot(t),
    });
    return t;
  }
}
