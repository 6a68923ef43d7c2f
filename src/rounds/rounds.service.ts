import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/access/actor';
import { AuditLogService } from '../audit-log/audit-log.service';
import { DomainEvents } from '../common/events/domain-events';
import { conflict, notFound, validationFailed } from '../common/errors/domain-error';
import { Transactions, type Tx } from '../common/persistence/transactions';
import { assertVersion } from '../common/persistence/version';
import { Clock } from '../common/time/clock';
import { UnitsService } from '../org/units.service';
import { SupervisionGroupsService } from '../supervision-groups/supervision-groups.service';
import { CreateRoundDto, ListRoundsQuery, UpdateRoundDto } from './round.dto';
import { AuditRound } from './round.entity';
import { RoundKind, RoundStatus } from './round.enums';
import { RoundClosing } from './rounds.events';
import { RoundsRepository } from './rounds.repository';

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

/** What a list of rounds shows beside each round: its company and the original of a look-back. */
export interface RoundLabels {
  companyName: string;
  originalName: string | null;
}

@Injectable()
export class RoundsService {
  constructor(
    private readonly repo: RoundsRepository,
    private readonly transactions: Transactions,
    private readonly events: DomainEvents,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
    private readonly units: UnitsService,
    private readonly groups: SupervisionGroupsService,
  ) {}

  /**
   * Unit users see the rounds of their own company (the audited company is an ancestor of their unit) and rounds
   * of companies inside their subtree; organisation-wide users see all.
   */
  list(actor: Actor, q: ListRoundsQuery) {
    return this.repo.list(actor, q);
  }

  /** The company and the original round's name of each round, read for the whole page at once. */
  async labels(rounds: AuditRound[]): Promise<Map<number, RoundLabels>> {
    if (!rounds.length) return new Map();
    const [companies, originals] = await Promise.all([
      this.units.findByIds(rounds.map((r) => r.companyUnitId)),
      this.repo.findByIds(rounds.map((r) => r.originalRoundId).filter((x): x is number => x !== null)),
    ]);
    const companyName = new Map(companies.map((u) => [u.id, u.name]));
    const originalName = new Map(originals.map((r) => [r.id, r.name]));
    return new Map(
      rounds.map((r) => [
        r.id,
        {
          companyName: companyName.get(r.companyUnitId) ?? '',
          originalName: r.originalRoundId ? (originalName.get(r.originalRoundId) ?? null) : null,
        },
      ]),
    );
  }

  /** A round the actor may see, or 404 (locked for a change when `lock`). */
  async get(actor: Actor, id: number, tx?: Tx, lock = false): Promise<AuditRound> {
    const round = await this.repo.findVisible(actor, id, tx, lock);
    if (!round) throw notFound('督察轮次 / Round', id);
    return round;
  }

  /** Any round by id, regardless of scope (e.g. the original audit of a look-back the actor may see). */
  findById(id: number, tx?: Tx): Promise<AuditRound | null> {
    return this.repo.findById(id, tx);
  }

  /** Rounds by id, whatever the caller's scope (for the rules of records that belong to them). */
  findByIds(ids: number[], tx?: Tx): Promise<AuditRound[]> {
    return this.repo.findByIds(ids, tx);
  }

  /** A round the actor may see with its company and, for a look-back, its original round. */
  async describe(actor: Actor, id: number) {
    const round = await this.get(actor, id);
    const [company] = await this.units.findByIds([round.companyUnitId]);
    if (!company) throw new Error(`Unit ${round.companyUnitId} of round ${id} not found`);
    const original = round.originalRoundId ? await this.repo.findById(round.originalRoundId) : null;
    return {
      ...round,
      company: { id: company.id, code: company.code, name: company.name },
      originalRound: original ? { id: original.id, name: original.name } : null,
    };
  }

  async create(actor: Actor, dto: CreateRoundDto): Promise<AuditRound> {
    return this.transactions.run(async (tx) => {
      await this.validate(tx, dto);
      const round = this.repo.build({
        ...dto,
        reportRef: dto.reportRef ?? null,
        originalRoundId: dto.originalRoundId ?? null,
        planMeetingDate: dto.planMeetingDate ?? null,
        supervisionGroupId: dto.supervisionGroupId ?? null,
        status: RoundStatus.PLANNED,
        closedAt: null,
      });
      await this.repo.save(tx, round);
      await this.audit.record(tx, actor, {
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
    return this.transactions.run(async (tx) => {
      const round = await this.get(actor, id, tx, true);
      assertVersion(round, dto.version);
      if (round.status === RoundStatus.CLOSED)
        throw conflict('ROUND_CLOSED', '轮次已关闭，不能修改 / The round is closed');
      const before = snapshot(round);
      const { version: _v, ...changes } = dto;
      Object.assign(round, Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)));
      await this.validate(tx, round);
      const saved = await this.repo.save(tx, round);
      await this.audit.record(tx, actor, {
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

  /**
   * RECTIFYING → CLOSED, only when every finding is closed or cancelled: the findings module checks that on
   * RoundClosing, inside this transaction, and refuses by throwing.
   */
  async close(actor: Actor, id: number): Promise<AuditRound> {
    return this.setStatus(actor, id, RoundStatus.CLOSED);
  }

  private async setStatus(actor: Actor, id: number, to: RoundStatus): Promise<AuditRound> {
    return this.transactions.run(async (tx) => {
      const round = await this.get(actor, id, tx, true);
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
        await this.events.publish(new RoundClosing(tx, id));
        round.closedAt = this.clock.now();
      }
      const before = snapshot(round);
      round.status = to;
      const saved = await this.repo.save(tx, round);
      await this.audit.record(tx, actor, {
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

  private async validate(
    tx: Tx,
    r: Pick<AuditRound, 'kind' | 'companyUnitId' | 'startDate' | 'endDate'> & {
      originalRoundId?: number | null;
      planMeetingDate?: string | null;
      supervisionGroupId?: number | null;
    },
  ) {
    const problems: { field: string; messages: string[] }[] = [];
    const [company] = await this.units.findByIds([r.companyUnitId], tx);
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
      const original = await this.repo.findById(r.originalRoundId, tx);
      if (!original)
        problems.push({ field: 'originalRoundId', messages: ['原督察轮次不存在 / No such round'] });
      else if (original.startDate > r.startDate)
        problems.push({
          field: 'originalRoundId',
          messages: ['原督察轮次晚于本轮 / The original round is later than this one'],
        });
    }
    if (r.supervisionGroupId && !(await this.groups.exists(r.supervisionGroupId, tx))) {
      problems.push({ field: 'supervisionGroupId', messages: ['督导组不存在 / No such supervision group'] });
    }
    if (problems.length) throw validationFailed(problems);
  }

  /** The rounds of an audited company, whatever the caller's scope, oldest first. */
  findByCompany(companyUnitId: number): Promise<AuditRound[]> {
    return this.repo.findByCompany(companyUnitId);
  }

  /**
   * The year-long SPECIAL round of this name for a company (e.g. the year's 隐患举报 round), created RECTIFYING
   * when it does not exist yet; concurrent callers wait on the name, so there is only one. Runs in the caller's
   * transaction.
   */
  async findOrCreateSpecialRound(
    m: Tx,
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
    const existing = await this.repo.lockSpecialRound(m, name, companyUnitId);
    if (existing) return existing;
    const round = await this.repo.save(
      m,
      this.repo.build({
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
      after: snapshot(round),
    });
    return round;
  }
}
