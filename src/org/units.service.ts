import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { Actor } from '../common/access/actor';
import { AuditLogService } from '../audit-log/audit-log.service';
import { conflict, notFound, validationFailed } from '../common/errors/domain-error';
import { assertVersion } from '../common/persistence/version';
import { CreateUnitDto, ListUnitsQuery, MoveUnitDto, UpdateUnitDto } from './unit.dto';
import { Role } from '../common/access/roles';
import { Unit } from './unit.entity';
import { UNIT_KIND_LABEL } from './unit-kind';
import { buildTree, childPath, kindFitsUnder, moveMakesCycle } from './unit-tree';

/** A check another capability adds before a unit may be deactivated (e.g. "no open findings"). */
export type UnitDeactivationCheck = (manager: EntityManager, unit: Unit) => Promise<string | null>;

const snapshot = (u: Unit) => ({
  code: u.code,
  name: u.name,
  kind: u.kind,
  parentId: u.parentId,
  path: u.path,
  aliases: u.aliases,
  active: u.active,
});

@Injectable()
export class UnitsService {
  private readonly deactivationChecks: UnitDeactivationCheck[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLogService,
  ) {}

  registerDeactivationCheck(check: UnitDeactivationCheck): void {
    this.deactivationChecks.push(check);
  }

  async list(actor: Actor, query: ListUnitsQuery): Promise<{ items: Unit[]; total: number }> {
    const qb = this.dataSource.getRepository(Unit).createQueryBuilder('u');
    // A hazard reporter must be able to name the unit where the hazard is, anywhere: the directory (names and
    // codes, nothing else) is open to them; unit roles keep to their subtree.
    const directoryForReporter = actor.roles.includes(Role.REPORTER);
    if (actor.unitScopePath !== null && !directoryForReporter)
      qb.andWhere('u.path LIKE :scope', { scope: `${actor.unitScopePath}%` });
    if (query.q) {
      qb.andWhere(
        `(u.name ILIKE :q OR u.code ILIKE :q OR EXISTS (SELECT 1 FROM unnest(u.aliases) a WHERE a ILIKE :q))`,
        { q: `%${query.q.replace(/[\\%_]/g, (c) => '\\' + c)}%` },
      );
    }
    if (query.kind) qb.andWhere('u.kind = :kind', { kind: query.kind });
    if (query.parentId) qb.andWhere('u.parentId = :parentId', { parentId: query.parentId });
    qb.andWhere('u.active = :active', { active: query.active ?? true });
    qb.orderBy('u.path', 'ASC')
      .limit(query.limit ?? 200)
      .offset(query.offset ?? 0);
    const [items, total] = await qb.getManyAndCount();
    return { items, total };
  }

  /** The tree as nested nodes: the whole organisation, or the caller's own subtree. */
  async tree(actor: Actor, includeInactive = false) {
    const qb = this.dataSource.getRepository(Unit).createQueryBuilder('u').orderBy('u.path', 'ASC');
    if (actor.unitScopePath !== null) qb.andWhere('u.path LIKE :scope', { scope: `${actor.unitScopePath}%` });
    if (!includeInactive) qb.andWhere('u.active = true');
    const rows = await qb.getMany();
    return buildTree(rows.map((u) => ({ ...u, kindLabel: UNIT_KIND_LABEL[u.kind] })));
  }

  /** A unit the actor may see, or 404 — a unit outside the caller's subtree does not exist for them. */
  async get(
    actor: Actor,
    id: number,
    manager: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<Unit> {
    const qb = manager.getRepository(Unit).createQueryBuilder('u').where('u.id = :id', { id });
    if (actor.unitScopePath !== null) qb.andWhere('u.path LIKE :scope', { scope: `${actor.unitScopePath}%` });
    if (lock) qb.setLock('pessimistic_write');
    const unit = await qb.getOne();
    if (!unit) throw notFound('单位 / Unit', id);
    return unit;
  }

  async create(actor: Actor, dto: CreateUnitDto): Promise<Unit> {
    return this.dataSource.transaction(async (m) => {
      const parent = dto.parentId ? await this.get(actor, dto.parentId, m) : null;
      if (parent && !parent.active)
        throw conflict('UNIT_INACTIVE', `上级单位「${parent.name}」已停用 / The parent unit is inactive`);
      if (!kindFitsUnder(dto.kind, parent?.kind ?? null)) {
        throw validationFailed([
          {
            field: dto.parentId ? 'parentId' : 'kind',
            messages: [
              parent
                ? `「${UNIT_KIND_LABEL[dto.kind]}」不能设在「${UNIT_KIND_LABEL[parent.kind]}」之下 / A ${dto.kind} cannot sit under a ${parent.kind}`
                : '只有公司可以没有上级单位 / Only a COMPANY may have no parent',
            ],
          },
        ]);
      }
      await this.assertCodeFree(m, dto.code);
      const repo = m.getRepository(Unit);
      // The path contains the id, so take the id first and insert once.
      const [{ id }] = await m.query(`SELECT nextval(pg_get_serial_sequence('units', 'id'))::int AS id`);
      // (TypeORM would drop an explicit value for a generated column, so insert by hand.)
      await m.query(
        `INSERT INTO units (id, code, name, kind, parent_id, path, aliases, active, version) VALUES ($1, $2, $3, $4, $5, $6, $7, true, 1)`,
        [
          id,
          dto.code,
          dto.name,
          dto.kind,
          parent?.id ?? null,
          childPath(parent?.path ?? null, id),
          dedupe(dto.aliases ?? []),
        ],
      );
      const unit = await repo.findOneByOrFail({ id });
      await this.audit.record(m, actor, {
        action: 'UNIT_CREATED',
        entityType: 'Unit',
        entityId: unit.id,
        unitId: unit.id,
        after: snapshot(unit),
      });
      return unit;
    });
  }

  async update(actor: Actor, id: number, dto: UpdateUnitDto): Promise<Unit> {
    return this.dataSource.transaction(async (m) => {
      const unit = await this.get(actor, id, m, true);
      assertVersion(unit, dto.version);
      const before = snapshot(unit);
      if (dto.aliases) unit.aliases = dedupe(dto.aliases);
      if (dto.name && dto.name !== unit.name) {
        // The old name stays findable as a former name (曾用名).
        unit.aliases = dedupe([...unit.aliases, unit.name]).filter((a) => a !== dto.name);
        unit.name = dto.name;
      }
      if (dto.kind && dto.kind !== unit.kind) {
        const parent = unit.parentId
          ? await m.getRepository(Unit).findOneByOrFail({ id: unit.parentId })
          : null;
        if (!kindFitsUnder(dto.kind, parent?.kind ?? null)) {
          throw validationFailed([
            {
              field: 'kind',
              messages: [
                `「${UNIT_KIND_LABEL[dto.kind]}」不能设在该上级单位之下 / Kind does not fit under the parent`,
              ],
            },
          ]);
        }
        unit.kind = dto.kind;
      }
      return this.saveWithEvent(m, actor, unit, before, 'UNIT_UPDATED');
    });
  }

  async move(actor: Actor, id: number, dto: MoveUnitDto): Promise<Unit> {
    return this.dataSource.transaction(async (m) => {
      const unit = await this.get(actor, id, m, true);
      assertVersion(unit, dto.version);
      const parent = await this.get(actor, dto.parentId, m, true);
      if (moveMakesCycle(unit.path, parent.path)) {
        throw conflict(
          'UNIT_MOVE_CYCLE',
          `不能把「${unit.name}」移到它自己或它的下级单位「${parent.name}」之下 / The move would make a cycle`,
          {
            unitId: unit.id,
            parentId: parent.id,
          },
        );
      }
      if (!kindFitsUnder(unit.kind, parent.kind)) {
        throw validationFailed([
          {
            field: 'parentId',
            messages: [
              `「${UNIT_KIND_LABEL[unit.kind]}」不能设在「${UNIT_KIND_LABEL[parent.kind]}」之下 / Kind does not fit under the new parent`,
            ],
          },
        ]);
      }
      if (!parent.active)
        throw conflict('UNIT_INACTIVE', `目标上级单位「${parent.name}」已停用 / The new parent is inactive`);
      const before = snapshot(unit);
      const oldPath = unit.path;
      const newPath = childPath(parent.path, unit.id);
      // Re-root the whole subtree in one statement.
      await m.query(
        `UPDATE units SET path = $1 || substr(path, length($2) + 1) WHERE path LIKE $3 AND id <> $4`,
        [newPath, oldPath, `${oldPath}%`, unit.id],
      );
      unit.parentId = parent.id;
      unit.path = newPath;
      return this.saveWithEvent(m, actor, unit, before, 'UNIT_MOVED');
    });
  }

  async setActive(actor: Actor, id: number, version: number, active: boolean): Promise<Unit> {
    return this.dataSource.transaction(async (m) => {
      const unit = await this.get(actor, id, m, true);
      assertVersion(unit, version);
      if (unit.active === active) return unit;
      const before = snapshot(unit);
      if (!active) {
        const [{ count }] = await m.query(
          `SELECT count(*)::int AS count FROM units WHERE parent_id = $1 AND active`,
          [unit.id],
        );
        if (count > 0) {
          throw conflict(
            'UNIT_HAS_ACTIVE_CHILDREN',
            `「${unit.name}」还有 ${count} 个在用的下级单位，请先停用它们 / Deactivate its ${count} active child unit(s) first`,
          );
        }
        for (const check of this.deactivationChecks) {
          const problem = await check(m, unit);
          if (problem) throw conflict('UNIT_HAS_OPEN_WORK', problem);
        }
      } else if (unit.parentId) {
        const parent = await m.getRepository(Unit).findOneByOrFail({ id: unit.parentId });
        if (!parent.active)
          throw conflict('UNIT_INACTIVE', `上级单位「${parent.name}」已停用 / The parent unit is inactive`);
      }
      unit.active = active;
      return this.saveWithEvent(m, actor, unit, before, active ? 'UNIT_ACTIVATED' : 'UNIT_DEACTIVATED');
    });
  }

  private async saveWithEvent(
    m: EntityManager,
    actor: Actor,
    unit: Unit,
    before: object,
    action: string,
  ): Promise<Unit> {
    const saved = await m.getRepository(Unit).save(unit);
    await this.audit.record(m, actor, {
      action,
      entityType: 'Unit',
      entityId: unit.id,
      unitId: unit.id,
      before,
      after: snapshot(saved),
    });
    return saved;
  }

  private async assertCodeFree(m: EntityManager, code: string) {
    const taken = await m
      .getRepository(Unit)
      .createQueryBuilder('u')
      .where('lower(u.code) = lower(:code)', { code })
      .getExists();
    if (taken)
      throw conflict('UNIT_CODE_TAKEN', `单位编码 ${code} 已被使用 / Unit code ${code} is taken`, {
        field: 'code',
      });
  }

  /** A unit by id whatever the caller's scope (active or not), or null — for other modules' own checks. */
  findById(id: number, manager: EntityManager = this.dataSource.manager): Promise<Unit | null> {
    return manager.getRepository(Unit).findOneBy({ id });
  }

  /** Units by id, whoever asks (names and active flags for other modules' views and checks); unknown ids are left out. */
  async findByIds(ids: number[], manager: EntityManager = this.dataSource.manager): Promise<Unit[]> {
    if (!ids.length) return [];
    return manager.getRepository(Unit).findBy({ id: In([...new Set(ids)]) });
  }

  /**
   * A unit, unscoped, and the active units of its subtree (itself included when active), for matching unit names
   * typed into an import. Throws when there is no such unit.
   */
  async withActiveSubtree(id: number): Promise<{ unit: Unit; subtree: Unit[] }> {
    const unit = await this.dataSource.getRepository(Unit).findOneByOrFail({ id });
    const subtree = await this.dataSource
      .getRepository(Unit)
      .createQueryBuilder('u')
      .where('u.path LIKE :p AND u.active', { p: `${unit.path}%` })
      .getMany();
    return { unit, subtree };
  }

  /** The active units directly under a unit, whatever the caller's scope (`tx` inside a change). */
  async activeChildren(parentId: number, tx: EntityManager = this.dataSource.manager): Promise<Unit[]> {
    return tx.getRepository(Unit).findBy({ parentId, active: true });
  }
}

const dedupe = (xs: string[]) => [...new Set(xs.map((x) => x.trim()).filter(Boolean))];
