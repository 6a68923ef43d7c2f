import { Injectable } from '@nestjs/common';
import { type Actor, hasRole } from '../common/access/actor';
import { Role } from '../common/access/roles';
import { UnitScope } from '../common/access/unit-scope';
import { AuditLogService } from '../audit-log/audit-log.service';
import { conflict, notFound, validationFailed } from '../common/errors/domain-error';
import { Transactions, type Tx } from '../common/persistence/transactions';
import { assertVersion } from '../common/persistence/version';
import { Clock } from '../common/time/clock';
import { UnitsService } from '../org/units.service';
import { HazardSourceDto, ListSourcesQuery, UpdateHazardSourceDto } from './inspection.dto';
import { RISK_GRADE_COLOUR, RISK_GRADE_LABEL, SOURCE_KIND_LABEL, SourceStatus } from './inspection.enums';
import { assertManages, assertVisible } from './inspections-access';
import type { HazardSource, SourceDocument } from './inspections.entities';
import { HazardSourcesRepository, type SourceRow } from './hazard-sources.repository';
import { documentKey, documentKeyOfFile, sourceGaps } from './rules/gaps';

/** The 驾驶舱's 重要危险源 gap figures of a scope. */
export interface GapCounts {
  sources: number;
  sourcesWithGaps: number;
  openGaps: number;
}

/** How many scopes' gap counts one instance keeps (a scope per unit subtree that opens the dashboard). */
const GAP_COUNTS_KEPT = 500;

const snapshot = (s: HazardSource) => ({
  unitId: s.unitId,
  name: s.name,
  location: s.location,
  kind: s.kind,
  grade: s.grade,
  hazards: s.hazards,
  controls: s.controls,
  emergencyMeasures: s.emergencyMeasures,
  responsible: s.responsible,
  documents: s.documents,
  supplies: s.supplies,
  drills: s.drills,
  closedGaps: s.closedGaps,
  status: s.status,
});

/** The register of 重要危险源: create, edit, read with its gaps (the gap rule: rules/gaps.ts). */
@Injectable()
export class HazardSourcesService {
  /** The dashboard's gap counts by (scope, unit, today, facts stamp); the oldest dropped past GAP_COUNTS_KEPT. */
  private readonly gapCountsKept = new Map<string, GapCounts>();

  constructor(
    private readonly transactions: Transactions,
    private readonly repo: HazardSourcesRepository,
    private readonly units: UnitsService,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
  ) {}

  /** A source as the API and pages show it: labels, colour, each document's current file, its gaps today. */
  view(s: SourceRow) {
    const gaps = sourceGaps(s, this.clock.today());
    const fileOf = (d: SourceDocument) =>
      s.documentFiles.find((f) => documentKeyOfFile(f) === documentKey(d)) ?? null;
    return {
      ...s,
      unit: undefined,
      documentFiles: undefined,
      documents: s.documents.map((d) => ({ ...d, currentFile: fileOf(d) })),
      kindLabel: SOURCE_KIND_LABEL[s.kind],
      gradeLabel: RISK_GRADE_LABEL[s.grade],
      colour: RISK_GRADE_COLOUR[s.grade],
      gaps,
      openGaps: gaps.filter((g) => !g.closed).length,
    };
  }

  async list(actor: Actor, q: ListSourcesQuery) {
    let unitPathPrefix: string | null = null;
    if (q.unitId) unitPathPrefix = (await this.units.get(actor, q.unitId)).path;
    const limit = q.limit ?? 100;
    const offset = q.offset ?? 0;
    const filter = { unitPathPrefix, grade: q.grade, includeDecommissioned: q.includeDecommissioned };
    if (q.withGaps) {
      // Gaps are a rule over today's date (rules/gaps.ts), not a column: filter every source in scope here.
      const all = await this.repo.list(UnitScope.of(actor), { ...filter, limit: 100_000, offset: 0 });
      const gapped = all.items.map((s) => this.view(s)).filter((s) => s.openGaps > 0);
      return { items: gapped.slice(offset, offset + limit), total: gapped.length };
    }
    const { items, total } = await this.repo.list(UnitScope.of(actor), { ...filter, limit, offset });
    return { items: items.map((s) => this.view(s)), total };
  }

  /** A source the actor may see, or 404. */
  async getRow(actor: Actor, id: number, tx?: Tx, lock = false): Promise<SourceRow> {
    const s = await this.repo.findById(id, tx, lock);
    if (!s) throw notFound('重要危险源', id);
    assertVisible(actor, s.unitPath, '重要危险源', id);
    return s;
  }

  /**
   * One source with its 销号 requests and every file its documents had: each document's replaced files under it
   * (`earlierFiles`), and the files of documents no longer listed (renumbered, or a version since replaced).
   */
  async get(actor: Actor, id: number) {
    const s = await this.getRow(actor, id);
    const view = this.view(s);
    const replaced = (await this.repo.filesOf(id)).filter((f) => f.replacedAt);
    const listed = new Set(s.documents.map(documentKey));
    return {
      ...view,
      documents: view.documents.map((d) => ({
        ...d,
        earlierFiles: replaced.filter((f) => documentKeyOfFile(f) === documentKey(d)),
      })),
      unlistedFiles: [...s.documentFiles, ...replaced]
        .filter((f) => !listed.has(documentKeyOfFile(f)))
        .sort((a, b) => b.id - a.id),
      closeouts: await this.repo.closeoutsOf(id),
      canManage: this.canManage(actor, s),
    };
  }

  canManage(actor: Actor, s: { unitPath: string; status: SourceStatus }): boolean {
    try {
      assertManages(actor, s.unitPath);
      return s.status === SourceStatus.ACTIVE;
    } catch {
      return false;
    }
  }

  /**
   * The unit a source is registered to: active and in the actor's subtree. A unit outside it is answered as one that
   * does not exist (400 on `unitId`), as a foreign record is a 404 everywhere: the answer must not tell a unit's
   * people which unit ids exist elsewhere (a 403 "Not your unit" did).
   */
  private async unitFor(tx: Tx, actor: Actor, unitId: number) {
    const unit = await this.units.findById(unitId, tx);
    if (!unit || !unit.active || !UnitScope.of(actor).includesPath(unit.path))
      throw validationFailed([
        {
          field: 'unitId',
          messages: ['单位不存在、已停用或不在你的管辖范围内 / No such active unit in your scope'],
        },
      ]);
    assertManages(actor, unit.path);
    return unit;
  }

  create(actor: Actor, dto: HazardSourceDto) {
    return this.transactions.run(async (tx) => {
      await this.unitFor(tx, actor, dto.unitId);
      const s = await this.repo.insert(tx, { ...this.fields(dto), createdById: actor.id, closedGaps: [] });
      await this.audit.record(tx, actor, {
        action: 'HAZARD_SOURCE_CREATED',
        entityType: 'HazardSource',
        entityId: s.id,
        unitId: s.unitId,
        after: snapshot(s),
      });
      return this.view((await this.repo.findById(s.id, tx))!);
    });
  }

  update(actor: Actor, id: number, dto: UpdateHazardSourceDto) {
    return this.transactions.run(async (tx) => {
      const s = await this.getRow(actor, id, tx, true);
      assertManages(actor, s.unitPath);
      assertVersion(s, dto.version);
      if (s.status !== SourceStatus.ACTIVE)
        throw conflict('SOURCE_DECOMMISSIONED', '该重要危险源已销号，不能再修改 / The source is closed out');
      if (dto.unitId !== s.unitId) await this.unitFor(tx, actor, dto.unitId);
      const before = snapshot(s);
      const { unitName: _n, unitPath: _p, unit: _u, documentFiles: _f, ...entity } = s;
      const saved = await this.repo.save(tx, Object.assign(entity as HazardSource, this.fields(dto)));
      await this.audit.record(tx, actor, {
        action: 'HAZARD_SOURCE_UPDATED',
        entityType: 'HazardSource',
        entityId: id,
        unitId: saved.unitId,
        before,
        after: snapshot(saved),
      });
      return this.view((await this.repo.findById(id, tx))!);
    });
  }

  private fields(dto: HazardSourceDto): Partial<HazardSource> {
    return {
      unitId: dto.unitId,
      name: dto.name,
      location: dto.location,
      kind: dto.kind,
      grade: dto.grade,
      hazards: dto.hazards ?? '',
      controls: dto.controls ?? '',
      emergencyMeasures: dto.emergencyMeasures ?? '',
      responsible: (dto.responsible ?? []).map((r) => ({
        ...r,
        phone: r.phone ?? null,
        title: r.title ?? null,
      })),
      documents: (dto.documents ?? []).map((d) => ({
        ...d,
        expiryDate: d.expiryDate ?? null,
        file: d.file ?? null,
      })),
      supplies: (dto.supplies ?? []).map((x) => ({ ...x, lastCheckDate: x.lastCheckDate ?? null })),
      drills: (dto.drills ?? []).map((x) => ({ ...x, improvements: x.improvements ?? null })),
    };
  }

  /**
   * Open gaps and sources with gaps in the actor's scope (the dashboard's figure). Counting runs the gap rule over
   * every source's documents and drills (at 2,000 sources ~30 ms of this process's CPU, mostly parsing their JSON),
   * yet sources change a few times a day: the counts are kept under the facts' stamp (any write to a source or its
   * files changes it — hazard-sources.repository.ts gapFactsStamp), the scope and today, and reused only while a
   * fresh read of the stamp matches. Each instance keeps its own; nothing is shared, so nothing can go stale.
   */
  async gapCounts(actor: Actor, unitPathPrefix?: string): Promise<GapCounts> {
    const scope = UnitScope.of(actor);
    const today = this.clock.today();
    const key = (stamp: string) => JSON.stringify([scope.likePattern, unitPathPrefix ?? null, today, stamp]);
    const kept = this.gapCountsKept.get(key(await this.repo.gapFactsStamp(scope, unitPathPrefix)));
    if (kept) return kept;
    const { stamp, rows } = await this.repo.gapFacts(scope, unitPathPrefix);
    const open = rows.map((s) => sourceGaps(s, today).filter((g) => !g.closed).length);
    const counts: GapCounts = {
      sources: rows.length,
      sourcesWithGaps: open.filter((n) => n > 0).length,
      openGaps: open.reduce((a, b) => a + b, 0),
    };
    if (this.gapCountsKept.size >= GAP_COUNTS_KEPT)
      this.gapCountsKept.delete(this.gapCountsKept.keys().next().value!);
    this.gapCountsKept.set(key(stamp), counts);
    return counts;
  }

  /** Readers outside the safety office and unit roles may not change anything (used by pages). */
  static mayEdit(actor: Actor): boolean {
    return hasRole(actor, Role.SAFETY_OFFICE, Role.UNIT_OFFICER, Role.UNIT_HEAD);
  }
}
