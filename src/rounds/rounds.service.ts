import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { Actor } from '../common/access/actor';
import { unitScopeClause } from '../common/access/unit-scope';
import { AuditLogService } from '../audit-log/audit-log.service';
import { conflict, notFound, validationFailed } from '../common/errors/domain-error';
import { Clock } from '../common/time/clock';
import {
  FINDING_CATEGORY_LABEL,
  FINDING_STATUS_LABEL,
  FindingCategory,
  FindingStatus,
  HAZARD_LEVEL_LABEL,
  HazardLevel,
} from '../findings/finding.enums';
import { OPEN_STATUSES, UNIT_OWES_STATUSES } from '../findings/rules/open-and-overdue';
import { Unit } from '../org/unit.entity';
import { assertVersion } from '../common/persistence/version';
import { SupervisionGroup } from '../supervision-groups/supervision-group.entity';
import { CreateRoundDto, ListRoundsQuery, UpdateRoundDto } from './round.dto';
import { AuditRound } from './round.entity';
import { RoundKind, RoundStatus } from './round.enums';

const snapshot = (r: AuditRound) => ({
  name: r.name,
  kind: r.kind,
  domain: r.domain,
  companyUnitId: r.companyUnitId,
  auditTeam: r.auditTeam,
  startDate: r.startDate,
  endDate: r.endDate,
  reportRef: r.reportRef,
  originalRoundId: r.originalRoundId,
  planMeetingDate: r.planMeetingDate,
  supervisionGroupId: r.supervisionGroupId,
  status: r.status,
});

export interface RoundStatistics {
  total: number;
  byStatus: { status: FindingStatus; label: string; count: number }[];
  byLevel: { level: HazardLevel; label: string; count: number }[];
  byCategory: { category: FindingCategory; label: string; count: number }[];
  byUnit: {
    unitId: number;
    unitName: string;
    total: number;
    closed: number;
    open: number;
    overdue: number;
  }[];
  closed: number;
  cancelled: number;
  /** closed ÷ (total − cancelled); null when nothing counts. */
  closureRate: number | null;
  overdue: number;
}

export interface RoundSummary {
  companyName: string;
  originalName: string | null;
  total: number;
  closed: number;
  overdue: number;
  /** closed ÷ (total − cancelled), as in RoundStatistics. */
  closureRate: number | null;
}

@Injectable()
export class RoundsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
  ) {}

  /**
   * Unit users see the rounds of their own company (the audited company is an ancestor of their unit) and rounds
   * of companies inside their subtree; organisation-wide users see all.
   */
  private scoped(actor: Actor, m: EntityManager = this.dataSource.manager) {
    const qb = m
      .getRepository(AuditRound)
      .createQueryBuilder('r')
      .innerJoin(Unit, 'cu', 'cu.id = r.companyUnitId');
    if (actor.unitScopePath !== null) {
      qb.andWhere(`(:homePath LIKE cu.path || '%' OR cu.path LIKE :scopePrefix)`, {
        homePath: actor.homeUnitPath ?? '/none/',
        scopePrefix: `${actor.unitScopePath}%`,
      });
    }
    return qb;
  }

  async list(actor: Actor, q: ListRoundsQuery) {
    const qb = this.scoped(actor).addSelect(['cu.name', 'cu.code']);
    if (q.kind) qb.andWhere('r.kind = :kind', { kind: q.kind });
    if (q.domain) qb.andWhere('r.domain = :domain', { domain: q.domain });
    if (q.status) qb.andWhere('r.status = :status', { status: q.status });
    if (q.companyUnitId) qb.andWhere('r.companyUnitId = :cid', { cid: q.companyUnitId });
    qb.orderBy('r.startDate', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .limit(q.limit ?? 100)
      .offset(q.offset ?? 0);
    const [items, total] = await qb.getManyAndCount();
    return { items, total };
  }

  /**
   * What a list of rounds shows beside each round — its company, the original of a look-back, and the counts of
   * its findings the actor may see — in three statements for the whole page rather than a detail per round.
   */
  async summaries(actor: Actor, rounds: AuditRound[]) {
    if (!rounds.length) return new Map<number, RoundSummary>();
    const ids = rounds.map((r) => r.id);
    const scope = unitScopeClause(actor, 'u.path', 4);
    const [companies, originals, counts] = await Promise.all([
      this.dataSource
        .getRepository(Unit)
        .findBy({ id: In([...new Set(rounds.map((r) => r.companyUnitId))]) }),
      this.dataSource.getRepository(AuditRound).findBy({
        id: In(rounds.map((r) => r.originalRoundId).filter((x): x is number => x !== null)),
      }),
      this.dataSource.query(
        `SELECT f.round_id, count(*)::int AS total,
                count(*) FILTER (WHERE f.status = 'CLOSED')::int AS closed,
                count(*) FILTER (WHERE f.status = 'CANCELLED')::int AS cancelled,
                count(*) FILTER (WHERE f.status = ANY($2) AND f.deadline < $3)::int AS overdue
           FROM findings f JOIN units u ON u.id = f.unit_id
          WHERE f.round_id = ANY($1)${scope.sql}
          GROUP BY f.round_id`,
        [ids, UNIT_OWES_STATUSES, this.clock.today(), ...scope.params],
      ) as Promise<{ round_id: number; total: number; closed: number; cancelled: number; overdue: number }[]>,
    ]);
    const companyName = new Map(companies.map((u) => [u.id, u.name]));
    const originalName = new Map(originals.map((r) => [r.id, r.name]));
    const countsOf = new Map(counts.map((c) => [c.round_id, c]));
    return new Map<number, RoundSummary>(
      rounds.map((r) => {
        const c = countsOf.get(r.id) ?? { total: 0, closed: 0, cancelled: 0, overdue: 0 };
        const counted = c.total - c.cancelled;
        return [
          r.id,
          {
            companyName: companyName.get(r.companyUnitId) ?? '',
            originalName: r.originalRoundId ? (originalName.get(r.originalRoundId) ?? null) : null,
            total: c.total,
            closed: c.closed,
            overdue: c.overdue,
            closureRate: counted > 0 ? Math.round((c.closed / counted) * 10000) / 10000 : null,
          },
        ];
      }),
    );
  }

  async get(
    actor: Actor,
    id: number,
    m: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<AuditRound> {
    const qb = this.scoped(actor, m).andWhere('r.id = :id', { id });
    if (lock) qb.setLock('pessimistic_write', undefined, ['r']);
    const round = await qb.getOne();
    if (!round) throw notFound('督察轮次 / Round', id);
    return round;
  }

  async detail(actor: Actor, id: number) {
    const round = await this.get(actor, id);
    const company = await this.dataSource.getRepository(Unit).findOneByOrFail({ id: round.companyUnitId });
    const original = round.originalRoundId
      ? await this.dataSource.getRepository(AuditRound).findOneBy({ id: round.originalRoundId })
      : null;
    return {
      ...round,
      company: { id: company.id, code: company.code, name: company.name },
      originalRound: original ? { id: original.id, name: original.name } : null,
      statistics: await this.statistics(actor, id),
    };
  }

  async create(actor: Actor, dto: CreateRoundDto): Promise<AuditRound> {
    return this.dataSource.transaction(async (m) => {
      await this.validate(m, dto);
      const round = m.getRepository(AuditRound).create({
        ...dto,
        reportRef: dto.reportRef ?? null,
        originalRoundId: dto.originalRoundId ?? null,
        planMeetingDate: dto.planMeetingDate ?? null,
        supervisionGroupId: dto.supervisionGroupId ?? null,
        status: RoundStatus.PLANNED,
        closedAt: null,
      });
      await m.getRepository(AuditRound).save(round);
      await this.audit.record(m, actor, {
        action: 'ROUND_CREATED',
        entityType: 'AuditRound',
        entityId: round.id,
        unitId: round.companyUnitId,
        after: snapshot(round),
      });
      return round;
    });
  }

  async update(actor: Actor, id: number, dto: UpdateRoundDto): Promise<AuditRound> {
    return this.dataSource.transaction(async (m) => {
      const round = await this.get(actor, id, m, true);
      assertVersion(round, dto.version);
      if (round.status === RoundStatus.CLOSED)
        throw conflict('ROUND_CLOSED', '轮次已关闭，不能修改 / The round is closed');
      const before = snapshot(round);
      const { version: _v, ...changes } = dto;
      Object.assign(round, Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)));
      await this.validate(m, round);
      const saved = await m.getRepository(AuditRound).save(round);
      await this.audit.record(m, actor, {
        action: 'ROUND_UPDATED',
        entityType: 'AuditRound',
        entityId: id,
        unitId: round.companyUnitId,
        before,
        after: snapshot(saved),
      });
      return saved;
    });
  }

  /** PLANNED → RECTIFYING: the rectification plan is published and units work on their findings. */
  async start(actor: Actor, id: number): Promise<AuditRound> {
    return this.setStatus(actor, id, RoundStatus.RECTIFYING);
  }

  /** RECTIFYING → CLOSED, only when every finding is closed or cancelled. */
  async close(actor: Actor, id: number): Promise<AuditRound> {
    return this.setStatus(actor, id, RoundStatus.CLOSED);
  }

  private async setStatus(actor: Actor, id: number, to: RoundStatus): Promise<AuditRound> {
    return this.dataSource.transaction(async (m) => {
      const round = await this.get(actor, id, m, true);
      const allowedFrom = to === RoundStatus.RECTIFYING ? RoundStatus.PLANNED : RoundStatus.RECTIFYING;
      if (round.status !== allowedFrom) {
        throw conflict(
          'ROUND_INVALID_TRANSITION',
          `轮次当前为 ${round.status}，不能转为 ${to} / Cannot go from ${round.status} to ${to}`,
          {
            current: round.status,
            requested: to,
          },
        );
      }
      if (to === RoundStatus.CLOSED) {
        const [{ open }] = await m.query(
          `SELECT count(*)::int AS open FROM findings WHERE round_id = $1 AND status = ANY($2)`,
          [id, OPEN_STATUSES],
        );
        if (open > 0) {
          throw conflict(
            'ROUND_HAS_OPEN_FINDINGS',
            `本轮还有 ${open} 个问题未销号或作废，不能关闭 / ${open} finding(s) are still open`,
            { openFindings: open },
          );
        }
        round.closedAt = this.clock.now();
      }
      const before = snapshot(round);
      round.status = to;
      const saved = await m.getRepository(AuditRound).save(round);
      await this.audit.record(m, actor, {
        action: `ROUND_${to}`,
        entityType: 'AuditRound',
        entityId: id,
        unitId: round.companyUnitId,
        before,
        after: snapshot(saved),
      });
      return saved;
    });
  }

  async statistics(actor: Actor, roundId: number): Promise<RoundStatistics> {
    const scope = unitScopeClause(actor, 'u.path', 4);
    const rows: {
      status: FindingStatus;
      level: HazardLevel;
      category: FindingCategory;
      unit_id: number;
      unit_name: string;
      n: number;
      overdue: number;
    }[] = await this.dataSource.query(
      `SELECT f.status, f.level, f.category, f.unit_id, u.name AS unit_name, count(*)::int AS n,
              count(*) FILTER (WHERE f.status = ANY($2) AND f.deadline < $3)::int AS overdue
         FROM findings f JOIN units u ON u.id = f.unit_id
        WHERE f.round_id = $1${scope.sql}
        GROUP BY f.status, f.level, f.category, f.unit_id, u.name, u.path
        ORDER BY u.path`,
      [roundId, UNIT_OWES_STATUSES, this.clock.today(), ...scope.params],
    );
    const sum = (
      pred: (r: (typeof rows)[number]) => boolean,
      val: (r: (typeof rows)[number]) => number = (r) => r.n,
    ) => rows.filter(pred).reduce((a, r) => a + val(r), 0);
    const total = sum(() => true);
    const closed = sum((r) => r.status === FindingStatus.CLOSED);
    const cancelled = sum((r) => r.status === FindingStatus.CANCELLED);
    const units = new Map<number, RoundStatistics['byUnit'][number]>();
    for (const r of rows) {
      const u = units.get(r.unit_id) ?? {
        unitId: r.unit_id,
        unitName: r.unit_name,
        total: 0,
        closed: 0,
        open: 0,
        overdue: 0,
      };
      u.total += r.n;
      if (r.status === FindingStatus.CLOSED) u.closed += r.n;
      if (OPEN_STATUSES.includes(r.status)) u.open += r.n;
      u.overdue += r.overdue;
      units.set(r.unit_id, u);
    }
    return {
      total,
      byStatus: Object.values(FindingStatus).map((s) => ({
        status: s,
        label: FINDING_STATUS_LABEL[s],
        count: sum((r) => r.status === s),
      })),
      byLevel: Object.values(HazardLevel).map((l) => ({
        level: l,
        label: HAZARD_LEVEL_LABEL[l],
        count: sum((r) => r.level === l),
      })),
      byCategory: Object.values(FindingCategory).map((c) => ({
        category: c,
        label: FINDING_CATEGORY_LABEL[c],
        count: sum((r) => r.category === c),
      })),
      byUnit: [...units.values()],
      closed,
      cancelled,
      closureRate: total - cancelled > 0 ? Math.round((closed / (total - cancelled)) * 10000) / 10000 : null,
      overdue: sum(
        () => true,
        (r) => r.overdue,
      ),
    };
  }

  /**
   * A look-back beside its original audit: each original finding with its outcome (closed or not, and whether the
   * look-back found it again as a recurrence), and the look-back's own findings split into recurrences and new ones.
   */
  async lookBack(actor: Actor, id: number) {
    const round = await this.get(actor, id);
    if (round.kind !== RoundKind.LOOK_BACK || !round.originalRoundId) {
      throw conflict('NOT_A_LOOK_BACK', '该轮次不是“回头看” / This round is not a look-back');
    }
    const scope = unitScopeClause(actor, 'u.path', 3);
    const original: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT f.id, f.code, f.description, f.status, f.level, u.name AS "unitName", f.closed_at AS "closedAt",
              coalesce((SELECT json_agg(json_build_object('id', n.id, 'code', n.code, 'status', n.status))
                          FROM findings n WHERE n.recurrence_of_id = f.id AND n.round_id = $2), '[]') AS "recurredAs"
         FROM findings f JOIN units u ON u.id = f.unit_id
        WHERE f.round_id = $1${scope.sql}
        ORDER BY f.code`,
      [round.originalRoundId, id, ...scope.params],
    );
    const own: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT f.id, f.code, f.description, f.status, f.level, u.name AS "unitName", f.recurrence_of_id AS "recurrenceOfId",
              o.code AS "recurrenceOfCode"
         FROM findings f JOIN units u ON u.id = f.unit_id LEFT JOIN findings o ON o.id = f.recurrence_of_id
        WHERE f.round_id = $1${unitScopeClause(actor, 'u.path', 2).sql}
        ORDER BY f.code`,
      [id, ...scope.params],
    );
    const rechecked = original.map((f) => ({
      ...f,
      outcome:
        (f.recurredAs as unknown[]).length > 0
          ? 'RECURRED'
          : f.status === FindingStatus.CLOSED
            ? 'CLOSED_AND_HELD'
            : 'STILL_OPEN',
    }));
    return {
      round: { id: round.id, name: round.name },
      originalRound: await this.dataSource
        .getRepository(AuditRound)
        .findOneByOrFail({ id: round.originalRoundId }),
      rechecked,
      recurred: own.filter((f) => f.recurrenceOfId !== null),
      newProblems: own.filter((f) => f.recurrenceOfId === null),
      summary: {
        originalFindings: original.length,
        recurredCount: rechecked.filter((f) => f.outcome === 'RECURRED').length,
        stillOpenCount: rechecked.filter((f) => f.outcome === 'STILL_OPEN').length,
        newProblemCount: own.filter((f) => f.recurrenceOfId === null).length,
      },
    };
  }

  private async validate(
    m: EntityManager,
    r: Pick<AuditRound, 'kind' | 'companyUnitId' | 'startDate' | 'endDate'> & {
      originalRoundId?: number | null;
      planMeetingDate?: string | null;
      supervisionGroupId?: number | null;
    },
  ) {
    const problems: { field: string; messages: string[] }[] = [];
    const company = await m.getRepository(Unit).findOneBy({ id: r.companyUnitId });
    if (!company || !company.active)
      problems.push({ field: 'companyUnitId', messages: ['被督察单位不存在或已停用 / No such active unit'] });
    if (r.endDate < r.startDate)
      problems.push({
        field: 'endDate',
        messages: ['结束日期不能早于开始日期 / The end is before the start'],
      });
    if (r.kind === RoundKind.LOOK_BACK && !r.originalRoundId) {
      problems.push({
        field: 'originalRoundId',
        messages: ['“回头看”必须指明原督察轮次 / A look-back needs its original round'],
      });
    }
    if (r.originalRoundId) {
      const original = await m.getRepository(AuditRound).findOneBy({ id: r.originalRoundId });
      if (!original)
        problems.push({ field: 'originalRoundId', messages: ['原督察轮次不存在 / No such round'] });
      else if (original.startDate > r.startDate)
        problems.push({
          field: 'originalRoundId',
          messages: ['原督察轮次晚于本轮 / The original round is later than this one'],
        });
    }
    if (
      r.supervisionGroupId &&
      !(await m.getRepository(SupervisionGroup).existsBy({ id: r.supervisionGroupId }))
    ) {
      problems.push({ field: 'supervisionGroupId', messages: ['督导组不存在 / No such supervision group'] });
    }
    if (problems.length) throw validationFailed(problems);
  }

  /**
   * The year-long SPECIAL round of this name for a company (e.g. the year's 隐患举报 round), created RECTIFYING
   * when it does not exist yet; concurrent callers wait on the name, so there is only one. Runs in the caller's
   * transaction.
   */
  async findOrCreateSpecialRound(
    m: EntityManager,
    actor: Actor,
    spec: {
      name: string;
      domain: AuditRound['domain'];
      companyUnitId: number;
      auditTeam: string;
      year: string;
    },
  ): Promise<AuditRound> {
    const { name, domain, companyUnitId, auditTeam, year } = spec;
    await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`rectify:special-round:${name}`]);
    const existing = await m
      .getRepository(AuditRound)
      .findOneBy({ name, companyUnitId, kind: RoundKind.SPECIAL });
    if (existing) return existing;
    const round = await m.getRepository(AuditRound).save(
      m.getRepository(AuditRound).create({
        name,
        kind: RoundKind.SPECIAL,
        domain,
        companyUnitId,
        auditTeam,
        startDate: `${year}-01-01`,
        endDate: `${year}-12-31`,
        reportRef: null,
        originalRoundId: null,
        planMeetingDate: null,
        supervisionGroupId: null,
        status: RoundStatus.RECTIFYING,
        closedAt: null,
      }),
    );
    await this.audit.record(m, actor, {
      action: 'ROUND_CREATED',
      entityType: 'AuditRound',
      entityId: round.id,
      unitId: companyUnitId,
      after: { name, kind: round.kind, domain },
    });
    return round;
  }
}
