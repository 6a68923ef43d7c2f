import { Injectable } from '@nestjs/common';
import { Actor } from '../common/access/actor';
import { UnitScope } from '../common/access/unit-scope';
import { AuditLogService } from '../audit-log/audit-log.service';
import { conflict, notFound, validationFailed } from '../common/errors/domain-error';
import { DomainEvents } from '../common/events/domain-events';
import { Transactions, type Tx } from '../common/persistence/transactions';
import { assertVersion } from '../common/persistence/version';
import { CreateUnitDto, ListUnitsQuery, MoveUnitDto, UpdateUnitDto } from './unit.dto';
import { Role } from '../common/access/roles';
import { Unit } from './unit.entity';
import { UNIT_KIND_LABEL } from './unit-kind';
import { buildTree, childPath, kindFitsUnder, moveMakesCycle } from './unit-tree';
import { UnitDeactivating } from './org.events';
import { UnitsRepository } from './units.repository';

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
  constructor(
    private readonly units: UnitsRepository,
    private readonly transactions: Transactions,
    private readonly events: DomainEvents,
    private readonly audit: AuditLogService,
  ) {}

  async list(actor: Actor, query: ListUnitsQuery): Promise<{ items: Unit[]; total: number }> {
    // A hazard reporter must be able to name the unit where the hazard is, anywhere: the directory (names and
    // codes, nothing else) is open to them; unit roles keep to their subtree.
    const directoryForReporter = actor.roles.includes(Role.REPORTER);
    const scope = directoryForReporter ? UnitScope.ORGANISATION : UnitScope.of(actor);
    const [items, total] = await this.units.list(scope, query);
    return { items, total };
  }

  /** The tree as nested nodes: the whole organisation, or the caller's own subtree. */
  async tree(actor: Actor, includeInactive = false) {
    const rows = await this.units.treeRows(UnitScope.of(actor), includeInactive);
    return buildTree(rows.map((u) => ({ ...u, kindLabel: UNIT_KIND_LABEL[u.kind] })));
  }

  /**
   * Whose records a unit-scoped reader sees, by name (a dashboard's subtitle, a printout's 打印范围): 热电分厂（含下级）;
   * null for an organisation-wide reader.
   */
  async subtreeLabel(actor: Actor): Promise<string | null> {
    const scope = UnitScope.of(actor);
    if (scope.isOrganisationWide) return null;
    const home = actor.homeUnitId ? await this.units.findInScope(scope, actor.homeUnitId) : null;
    return home ? `${home.name}（含下级）` : '本单位及下级单位';
  }

  /** A unit the actor may see, or 404 — a unit outside the caller's subtree does not exist for them. */
  async get(actor: Actor, id: number, tx?: Tx, lock = false): Promise<Unit> {
    const unit = await this.units.findInScope(UnitScope.of(actor), id, tx, lock);
    if (!unit) throw notFound('单位 / Unit', id);
    return unit;
  }

  async create(actor: Actor, dto: CreateUnitDto): Promise<Unit> {
    return this.transactions.run(async (m) => {
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
      // The path contains the id, so take the id first and insert once.
      const id = await this.units.nextId(m);
      const unit = await this.units.insert(m, {
        id,
        code: dto.code,
        name: dto.name,
        kind: dto.kind,
        parentId: parent?.id ?? null,
        path: childPath(parent?.path ?? null, id),
        aliases: dedupe(dto.aliases ?? []),
      });
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
    return this.transactions.run(async (m) => {
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
        const parent = unit.parentId ? await this.units.findByIdOrFail(unit.parentId, m) : null;
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
    return this.transactions.run(async (m) => {
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
      await this.units.reRootSubtree(m, oldPath, newPath, unit.id);
      unit.parentId = parent.id;
      unit.path = newPath;
      return this.saveWithEvent(m, actor, unit, before, 'UNIT_MOVED');
    });
  }

  async setActive(actor: Actor, id: number, version: number, active: boolean): Promise<Unit> {
    return this.transactions.run(async (m) => {
      const unit = await this.get(actor, id, m, true);
      assertVersion(unit, version);
      if (unit.active === active) return unit;
      const before = snapshot(unit);
      if (!active) {
        const count = await this.units.countActiveChildren(m, unit.id);
        if (count > 0) {
          throw conflict(
            'UNIT_HAS_ACTIVE_CHILDREN',
            `「${unit.name}」还有 ${count} 个在用的下级单位，请先停用它们 / Deactivate its ${count} active child unit(s) first`,
          );
        }
        // Modules with open work in the subtree refuse here (conflict UNIT_HAS_OPEN_WORK), rolling back.
        await this.events.publish(new UnitDeactivating(m, unit));
      } else if (unit.parentId) {
        const parent = await this.units.findByIdOrFail(unit.parentId, m);
        if (!parent.active)
          throw conflict('UNIT_INACTIVE', `上级单位「${parent.name}」已停用 / The parent unit is inactive`);
      }
      unit.active = active;
      return this.saveWithEvent(m, actor, unit, before, active ? 'UNIT_ACTIVATED' : 'UNIT_DEACTIVATED');
    });
  }

  private async saveWithEvent(
    m: Tx,
    actor: Actor,
    unit: Unit,
    before: object,
    action: string,
  ): Promise<Unit> {
    const saved = await this.units.save(m, unit);
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

  private async assertCodeFree(m: Tx, code: string) {
    if (await this.units.codeTaken(m, code))
      throw conflict('UNIT_CODE_TAKEN', `单位编码 ${code} 已被使用 / Unit code ${code} is taken`, {
        field: 'code',
      });
  }

  // ---------- lookups for other modules (whatever the caller's scope: they apply their own rules) ----------

  /** A unit by id, active or not, or null. */
  findById(id: number, tx?: Tx): Promise<Unit | null> {
    return this.units.findById(id, tx);
  }

  /** Units by id in tree (path) order; unknown ids are left out. */
  /** These units and every unit above them, in path order. */
  withAncestors(ids: number[], tx?: Tx): Promise<Unit[]> {
    return this.units.withAncestors(ids, tx);
  }

  findByIds(ids: number[], tx?: Tx): Promise<Unit[]> {
    return this.units.findByIds(ids, tx);
  }

  /** The active units directly under a unit. */
  activeChildren(parentId: number, tx?: Tx): Promise<Unit[]> {
    return this.units.activeChildren(parentId, tx);
  }

  /** A unit (throws when missing) and the active units of its subtree, for matching unit names typed into an import. */
  async withActiveSubtree(id: number): Promise<{ unit: Unit; subtree: Unit[] }> {
    const unit = await this.units.findByIdOrFail(id);
    return { unit, subtree: await this.units.subtree(unit.path, { activeOnly: true }) };
  }
}

const dedupe = (xs: string[]) => [...new Set(xs.map((x) => x.trim()).filter(Boolean))];
