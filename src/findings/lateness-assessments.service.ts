import { Injectable } from '@nestjs/common';
import { AssessmentReason } from '../assessments/assessment.enums';
import { AssessmentsService } from '../assessments/assessments.service';
import { Transactions, type Tx } from '../common/persistence/transactions';
import { Clock } from '../common/time/clock';
import { JobRuns, type ItemTransaction } from '../jobs/job-runs';
import { LatenessRepository, type LateFinding } from './lateness.repository';
import { lateAssessedAutomatically, overdueSince } from './rules/lateness';
import { THIS_INSTANCE } from '../jobs/this-instance';

const JOB = 'overdue-findings';

/**
 * The lateness assessments (rules/lateness.ts): OVERDUE when a deadline passes with the unit still owing (the overdue
 * job, and an in-time extension request rejected after its deadline), LATE_RECTIFICATION when a late summary comes
 * first. Each (finding, deadline) is assessed once (a unique index on the assessment); SELF_CHECK findings never.
 */
@Injectable()
export class LatenessAssessmentsService {
  constructor(
    private readonly lateness: LatenessRepository,
    private readonly runs: JobRuns,
    private readonly assessments: AssessmentsService,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  /**
   * The overdue job: once per business day across all instances (a job_claims row for the day), every finding overdue
   * that day and not yet assessed for its deadline gets OVERDUE, dated the day after its deadline — so a run after
   * downtime catches up on every deadline passed meanwhile. The claim commits first and is leased (JobRuns); each
   * finding is then assessed in its own short transaction (the change log's head is not held for the whole list),
   * and when a crash leaves some out, another instance takes the run over once its lease ran out and assesses them the
   * same day (each lateness is assessed once: a unique index). Returns the day it processed (none when another run had
   * it) and the codes of the findings it assessed.
   */
  async runOverdueJob(
    instance = THIS_INSTANCE,
  ): Promise<{ day: string | null; assessed: string[]; failed: string[] }> {
    const today = this.clock.today();
    const run = await this.runs.run(JOB, today, instance, async (item) =>
      this.assessEach(await item((tx) => this.dueForAssessment(tx, today)), item),
    );
    return run
      ? { day: today, assessed: run.result, failed: run.failed }
      : { day: null, assessed: [], failed: [] };
  }

  /**
   * The job's work without its claim, for the demo seeder (the demo is loaded after the first start's run may have
   * claimed the day). Safe to repeat: each lateness is assessed once. Returns the codes of the findings assessed.
   */
  async catchUp(): Promise<string[]> {
    const today = this.clock.today();
    return this.assessEach(await this.transactions.run((tx) => this.dueForAssessment(tx, today)));
  }

  /** Findings overdue today (not self-found, no extension request waiting) whose lateness is not assessed yet. */
  private async dueForAssessment(tx: Tx, today: string): Promise<LateFinding[]> {
    const overdue = await this.lateness.overdueToAssess(tx, today);
    if (!overdue.length) return [];
    const assessed = await this.assessments.latenessAssessed(
      tx,
      overdue.map((f) => f.id),
    );
    return overdue.filter((f) => !assessed.has(`${f.id}:${f.deadline}`));
  }

  private async assessEach(
    findings: LateFinding[],
    item: ItemTransaction = (work) => this.transactions.run(work),
  ): Promise<string[]> {
    const assessed: string[] = [];
    for (const f of findings)
      if (
        await item((tx) => this.assessOverdue(tx, f), { item: `finding ${f.id} (${f.code})`, skipped: false })
      )
        assessed.push(f.code);
    return assessed;
  }

  /** OVERDUE for a finding whose deadline passed with the unit still owing; false when not assessed (again). */
  async assessOverdue(tx: Tx, f: LateFinding): Promise<boolean> {
    if (!lateAssessedAutomatically(f)) return false;
    const created = await this.assessments.createAutomatic(tx, {
      unitId: f.unitId,
      reason: AssessmentReason.OVERDUE,
      text: `${f.code} 逾期未整改：整改时限 ${f.deadline} 已过，责任单位未提交整改总结`,
      sourceType: 'Finding',
      sourceId: f.id,
      findingId: f.id,
      personNames: [f.responsiblePerson],
      assessedOn: overdueSince(f.deadline),
      latenessDeadline: f.deadline,
    });
    return created !== null;
  }

  /** LATE_RECTIFICATION for a summary handed in after the deadline, unless that lateness was already assessed. */
  async assessLateSummary(tx: Tx, f: LateFinding, summaryId: number): Promise<void> {
    if (!lateAssessedAutomatically(f)) return;
    await this.assessments.createAutomatic(tx, {
      unitId: f.unitId,
      reason: AssessmentReason.LATE_RECTIFICATION,
      text: `${f.code} 整改超期：时限 ${f.deadline}，整改总结于 ${this.clock.today()} 提交`,
      sourceType: 'RectificationSummary',
      sourceId: summaryId,
      findingId: f.id,
      personNames: [f.responsiblePerson],
      latenessDeadline: f.deadline,
    });
  }
}
