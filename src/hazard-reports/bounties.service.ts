import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/access/actor';
import { AuditLogService } from '../audit-log/audit-log.service';
import { type FieldProblem, notFound, validationFailed } from '../common/errors/domain-error';
import { allProblems } from '../common/errors/field-problems';
import { DomainEvents } from '../common/events/domain-events';
import { Transactions, type Tx } from '../common/persistence/transactions';
import { Clock } from '../common/time/clock';
import { AppConfig } from '../config/app-config';
import { BountiesRepository } from './bounties.repository';
import { BountyBudgetDto, BountyDecisionDto, BountyPaymentDto, ProposeBountyDto } from './hazard-report.dto';
import type { Bounty } from './hazard-report.entities';
import { HazardReportsRepository } from './hazard-reports.repository';
import { BountyStepTaken } from './hazard-reports.events';
import { BountyStatus } from './hazard-report.enums';
import type { HazardReport } from './hazard-report.entities';
import {
  bountyAmountProblem,
  BountyDefaults,
  budgetCheck,
  budgetYearProblem,
  decisionNoteProblem,
} from './rules/bounty-rules';
import {
  cancellationTransition,
  decisionTransition,
  INITIAL_BOUNTY_STATUS,
  paymentTransition,
} from './rules/bounty-states';
import { assertBountyEligible } from './rules/report-states';

/** 隐患举报奖励: proposal by the safety office, approval by a leader who did not propose it, payment, the budget. */
@Injectable()
export class BountiesService {
  constructor(
    private readonly tx: Transactions,
    private readonly bounties: BountiesRepository,
    private readonly reports: HazardReportsRepository,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly events: DomainEvents,
  ) {}

  private get defaults(): BountyDefaults {
    return {
      GENERAL: this.config.BOUNTY_GENERAL_YUAN,
      SERIOUS: this.config.BOUNTY_SERIOUS_YUAN,
      MAJOR: this.config.BOUNTY_MAJOR_YUAN,
    };
  }

  async propose(actor: Actor, dto: ProposeBountyDto) {
    return this.tx.run(async (tx) => {
      const report = await this.reports.lock(tx, dto.hazardReportId);
      if (!report)
        throw validationFailed([{ field: 'hazardReportId', messages: ['举报不存在 / No such report'] }]);
      assertBountyEligible(report.status);
      const amount = dto.amountYuan ?? this.defaults[report.level!];
      const problem = bountyAmountProblem(amount);
      if (problem) throw validationFailed([{ field: 'amountYuan', messages: [problem] }]);
      const budget = await this.budgetStatus(Number(this.clock.today().slice(0, 4)), tx);
      const bounty = await this.bounties.insert(tx, {
        hazardReportId: report.id,
        level: report.level!,
        amountYuan: amount,
        status: INITIAL_BOUNTY_STATUS,
        proposedById: actor.id,
      });
      await this.audit.record(tx, actor, {
        action: 'BOUNTY_PROPOSED',
        entityType: 'Bounty',
        entityId: bounty.id,
        unitId: report.hazardUnitId,
        after: { hazardReportId: report.id, level: bounty.level, amountYuan: amount },
      });
      await this.announce(tx, bounty, report);
      return { ...bounty, budget: { ...budget, ...budgetCheck(budget.budget, budget.committed, amount) } };
    });
  }

  /**
   * Approval or rejection by a supervision-group leader who is not the proposer; happens once. A rejection says
   * why (审批意见), and the reporter is told it.
   */
  async decide(actor: Actor, id: number, dto: BountyDecisionDto) {
    return this.step(actor, id, 'BOUNTY_DECIDED', (b) => {
      b.status = decisionTransition(b, actor.id, dto.approve);
      const problem = decisionNoteProblem(dto.approve, dto.note);
      if (problem) throw validationFailed([{ field: 'note', messages: [problem] }]);
      b.decidedById = actor.id;
      b.decidedAt = this.clock.now();
      b.decisionNote = dto.note ?? null;
    });
  }

  async pay(actor: Actor, id: number, dto: BountyPaymentDto) {
    return this.step(actor, id, 'BOUNTY_PAID', (b) => {
      b.status = paymentTransition(b);
      b.paidOn = dto.paidOn;
      b.paymentRef = dto.paymentRef;
      b.paidRecordedById = actor.id;
    });
  }

  async cancel(actor: Actor, id: number, reason: string) {
    return this.step(actor, id, 'BOUNTY_CANCELLED', (b) => {
      b.status = cancellationTransition(b);
      b.cancelReason = reason;
    });
  }

  /** One step of a bounty: locked, changed through its state rule, saved and recorded. */
  private async step(actor: Actor, id: number, action: string, change: (b: Bounty) => void) {
    return this.tx.run(async (tx) => {
      const b = await this.bounties.lock(tx, id);
      if (!b) throw notFound('奖励 / Bounty', id);
      const before = { status: b.status };
      change(b);
      await this.bounties.save(tx, b);
      const report = await this.reports.findById(tx, b.hazardReportId);
      await this.audit.record(tx, actor, {
        action,
        entityType: 'Bounty',
        entityId: id,
        unitId: report!.hazardUnitId,
        before,
        after: {
          status: b.status,
          paidOn: b.paidOn,
          paymentRef: b.paymentRef,
          note: b.decisionNote,
          cancelReason: b.cancelReason,
        },
      });
      await this.announce(tx, b, report!);
      return b;
    });
  }

  /** Tells the modules above of a bounty awaiting approval, approved, rejected or paid (notifications). */
  private async announce(tx: Tx, b: Bounty, report: HazardReport): Promise<void> {
    const told = [BountyStatus.PROPOSED, BountyStatus.APPROVED, BountyStatus.REJECTED, BountyStatus.PAID];
    if (!told.includes(b.status)) return;
    await this.events.publish(
      new BountyStepTaken(
        tx,
        {
          id: b.id,
          status: b.status as 'PROPOSED' | 'APPROVED' | 'REJECTED' | 'PAID',
          amountYuan: b.amountYuan,
          proposedById: b.proposedById,
          paidOn: b.paidOn,
          decisionNote: b.decisionNote,
        },
        {
          id: report.id,
          reporterId: report.reporterId,
          hideIdentity: report.hideIdentity,
          hazardUnitId: report.hazardUnitId,
        },
      ),
    );
  }

  /**
   * Sets the budget of a year from 2000 to five years ahead (budgetYearProblem; `year` undefined: not a year written in
   * digits): idempotent, so concurrent first settings of a year all apply, each logged from the value before it.
   * `given` are the body's problems (CheckedBody), named with the year's in one answer.
   */
  async setBudget(
    actor: Actor,
    year: number | undefined,
    dto: BountyBudgetDto,
    given: readonly FieldProblem[] = [],
  ) {
    const yearProblem = budgetYearProblem(year, this.clock.today());
    const problems = allProblems(
      ['year', 'amountYuan'],
      given,
      yearProblem ? [{ field: 'year', messages: [yearProblem] }] : [],
    );
    if (problems.length || year === undefined) throw validationFailed(problems);
    return this.tx.run(async (tx) => {
      const before = await this.bounties.setBudget(tx, {
        year,
        amountYuan: dto.amountYuan,
        setById: actor.id,
      });
      await this.audit.record(tx, actor, {
        action: 'BOUNTY_BUDGET_SET',
        entityType: 'BountyBudget',
        entityId: year,
        unitId: null,
        before: before ? { amountYuan: before.amountYuan } : null,
        after: { amountYuan: dto.amountYuan },
      });
      return this.budgetStatus(year, tx);
    });
  }

  /** Budget of a year and what is committed to it (proposed, approved or paid bounties proposed that year). */
  async budgetStatus(year: number, tx?: Tx) {
    const budget = await this.bounties.budget(year, tx);
    const committed = await this.bounties.committed(year, this.clock.timeZone, tx);
    return {
      year,
      budget: budget?.amountYuan ?? null,
      committed,
      remaining: budget ? budget.amountYuan - committed : null,
    };
  }
}
