import { Injectable } from '@nestjs/common';
import { Actor } from '../common/access/actor';
import { UnitScope } from '../common/access/unit-scope';
import { AuditLogService } from '../audit-log/audit-log.service';
import { conflict, notFound, validationFailed } from '../common/errors/domain-error';
import { Transactions, type Tx } from '../common/persistence/transactions';
import { dateInZone } from '../common/time/business-date';
import { Clock } from '../common/time/clock';
import type { Unit } from '../org/unit.entity';
import { UNIT_TIER } from '../org/unit-kind';
import { UnitsService } from '../org/units.service';
import type { AuditRound } from '../rounds/round.entity';
import { RoundStatus } from '../rounds/round.enums';
import { RoundsService } from '../rounds/rounds.service';
import { ObligationsRepository } from './obligations.repository';
import { CreateObligationDto } from './weekly-report.dto';
import type { ReportingObligation } from './weekly-report.entities';
import { countedFromFor, uncountedWeeks } from './rules/counted-weeks';
import { formatWeek, isoWeekOf } from './rules/iso-week';
import { type ObligationPeriod, overlappingUnits } from './rules/obligation-overlap';

/** The later of two dates, the first possibly absent. */
const laterOf = (a: string | null, b: string): string => (a && a > b ? a : b);

/** The reporting obligations: who must send the Thursday report for a campaign, from when, until when. */
@Injectable()
export class ObligationsService {
  constructor(
    private readonly obligations: ObligationsRepository,
    private readonly units: UnitsService,
    private readonly rounds: RoundsService,
    private readonly transactions: Transactions,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
  ) {}

  /**
   * Sets an obligation. It counts from the first week whose deadline is still ahead; a start date before that is
   * kept for the record only (the answer says how many past weeks are uncounted). A unit is obliged at most once per
   * campaign and period: a second obligation of the round naming one of its units for an overlapping period is 409.
   */
  async createObligation(
    actor: Actor,
    dto: CreateObligationDto,
  ): Promise<ReportingObligation & { uncountedPastWeeks: number; firstCountedWeek: string }> {
    return this.transactions.run(async (tx) => {
      const round = await this.openRound(tx, dto.roundId);
      const company = (await this.units.findByIds([round.companyUnitId], tx))[0];
      const unitIds = await this.reportingUnitIds(tx, company, dto.unitIds);
      const today = this.clock.today();
      const startDate = dto.startDate ?? laterOf(round.planMeetingDate, today);
      if (dto.endDate && dto.endDate < startDate)
        throw validationFailed([
          { field: 'endDate', messages: ['结束日期早于开始日期 / Ends before it starts'] },
        ]);
      const dueTime = dto.dueTime ?? '24:00';
      const wanted = { roundId: round.id, unitIds, startDate, endDate: dto.endDate ?? null, active: true };
      await this.refuseOverlap(tx, wanted);
      const o = await this.obligations.create(tx, {
        name: dto.name,
        ...wanted,
        countedFrom: countedFromFor(this.clock.now(), today, dueTime, this.clock.timeZone),
        dueTime,
        createdById: actor.id,
      });
      const uncounted = uncountedWeeks(o, this.lastDayWith(o, round));
      const firstCountedWeek = formatWeek(isoWeekOf(o.countedFrom));
      await this.audit.record(tx, actor, {
        action: 'OBLIGATION_CREATED',
        entityType: 'ReportingObligation',
        entityId: o.id,
        unitId: company.id,
        after: {
          name: o.name,
          roundId: o.roundId,
          unitIds,
          startDate,
          endDate: o.endDate,
          dueTime: o.dueTime,
          countedFrom: o.countedFrom,
          uncountedPastWeeks: uncounted.length,
        },
      });
      return { ...o, uncountedPastWeeks: uncounted.length, firstCountedWeek };
    });
  }

  /** 409 OBLIGATION_OVERLAPS when the round already obliges one of the units for an overlapping period. */
  private async refuseOverlap(tx: Tx, wanted: ObligationPeriod): Promise<void> {
    await this.obligations.lockRound(tx, wanted.roundId);
    for (const existing of await this.obligations.findByRounds([wanted.roundId], tx)) {
      const shared = overlappingUnits(existing, wanted);
      if (!shared.length) continue;
      const names = (await this.units.findByIds(shared, tx)).map((u) => u.name);
      throw conflict(
        'OBLIGATION_OVERLAPS',
        `「${names.join('、')}」在该期间已有本轮次的周报要求「${existing.name}」，同一单位同一轮次只设一项周报要求 / ` +
          `The round already obliges these units for an overlapping period (obligation ${existing.id})`,
        { obligationId: existing.id, obligationName: existing.name, unitIds: shared, unitNames: names },
      );
    }
  }

  private async openRound(tx: Tx, roundId: number): Promise<AuditRound> {
    const round = await this.rounds.findById(roundId, tx);
    if (!round) throw validationFailed([{ field: 'roundId', messages: ['督察轮次不存在 / No such round'] }]);
    if (round.status === RoundStatus.CLOSED)
      throw conflict('ROUND_CLOSED', '该轮次已关闭 / The round is closed');
    return round;
  }

  /** The units named (active units of the audited company), or by default its active secondary units (二级单位). */
  private async reportingUnitIds(tx: Tx, company: Unit, unitIds: number[] | undefined): Promise<number[]> {
    if (!unitIds?.length) {
      const children = await this.units.activeChildren(company.id, tx);
      return children.filter((u) => UNIT_TIER[u.kind] === 2).map((u) => u.id);
    }
    const units = await this.units.findByIds(unitIds, tx);
    const outside = units.filter((u) => !u.path.startsWith(company.path) || !u.active);
    if (units.length !== unitIds.length || outside.length) {
      throw validationFailed([
        {
          field: 'unitIds',
          messages: [
            `单位须为「${company.name}」内在用的单位 / Units must be active units of the audited company`,
          ],
        },
      ]);
    }
    return unitIds;
  }

  /** Obligations naming a unit the actor may see (all of them for organisation-wide users). */
  async listObligations(actor: Actor) {
    const all = await this.obligations.findAll();
    if (UnitScope.of(actor).isOrganisationWide) return { items: all, total: all.length };
    const mine = await this.unitIdsInScope(
      actor,
      all.flatMap((o) => o.unitIds),
    );
    const items = all.filter((o) => o.unitIds.some((id) => mine.has(id)));
    return { items, total: items.length };
  }

  /** The obligation a unit reports under, in the submitting transaction. */
  findById(tx: Tx, id: number): Promise<ReportingObligation | null> {
    return this.obligations.findById(tx, id);
  }

  /** The active obligations (the deadline job's work list). */
  findActive(): Promise<ReportingObligation[]> {
    return this.obligations.findActive();
  }

  /** The last day an obligation runs: its end date, the day its round closed, or open (null). */
  async lastDay(o: ReportingObligation, tx?: Tx): Promise<string | null> {
    const round = await this.rounds.findById(o.roundId, tx);
    return this.lastDayWith(o, round!);
  }

  /**
   * The last day of each obligation by id (its end date, its round's close, or null while open): with
   * obligationRequiresWeek, the rule the submission checks.
   */
  async lastDays(obligations: ReportingObligation[]): Promise<Map<number, string | null>> {
    // One read of their rounds, not one per obligation.
    const rounds = new Map(
      (await this.rounds.findByIds([...new Set(obligations.map((o) => o.roundId))])).map((r) => [r.id, r]),
    );
    return new Map(obligations.map((o) => [o.id, this.lastDayWith(o, rounds.get(o.roundId)!)]));
  }

  private lastDayWith(o: ReportingObligation, round: AuditRound): string | null {
    const closed = round.closedAt ? dateInZone(round.closedAt, this.clock.timeZone) : null;
    if (o.endDate && closed) return o.endDate < closed ? o.endDate : closed;
    return o.endDate ?? closed;
  }

  /** The ids of every obligation a company ever set, oldest first (the week summary's reports are of any of them). */
  companyObligationIds(companyUnitId: number): Promise<number[]> {
    return this.obligations.idsOfCompany(companyUnitId);
  }

  /**
   * What the compliance matrix of a company reads for some weeks: the obligations that may ask for one of them
   * (a superset; the matrix applies the rule per week) with their last days, and the units in the user's scope that
   * any of the company's obligations ever asked (the rows). Issue 22: reading every round and obligation of the
   * company made the matrix grow with history (50 years at 1M findings); this reads the campaigns of the weeks only.
   */
  async companyCampaigns(actor: Actor, companyUnitId: number, firstMonday: string, lastThursday: string) {
    const [company] = await this.units.findByIds([companyUnitId]);
    if (!company) throw notFound('单位 / Unit', companyUnitId);
    const obligations = await this.obligations.findCompanyCampaignsBetween(
      companyUnitId,
      firstMonday,
      lastThursday,
    );
    const scope = UnitScope.of(actor);
    const units = (await this.units.findByIds(await this.obligations.unitIdsOfCompany(companyUnitId))).filter(
      (u) => scope.includesPath(u.path),
    );
    const lastDays = new Map(obligations.map((o) => [o.id, this.lastDayWith(o, o.round!)]));
    return { obligations, units, lastDays };
  }

  private async unitIdsInScope(actor: Actor, ids: number[]): Promise<Set<number>> {
    const scope = UnitScope.of(actor);
    const units = await this.units.findByIds(ids);
    return new Set(units.filter((u) => scope.includesPath(u.path)).map((u) => u.id));
  }
}
