import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Actor } from '../common/access/actor';
import { SYSTEM_ACTOR } from '../common/access/actor';
import { AuditLogService } from '../audit-log/audit-log.service';
import { validationFailed } from '../common/errors/domain-error';
import { Transactions, type Tx } from '../common/persistence/transactions';
import { addDays, type IsoDate } from '../common/time/business-date';
import { Clock } from '../common/time/clock';
import { JobClaimsRepository } from '../jobs/job-claims.repository';
import { PeriodicJobs } from '../jobs/periodic-jobs';
import { ChecklistTemplatesRepository } from './checklist-templates.repository';
import { HazardSourcesRepository } from './hazard-sources.repository';
import type { InspectionLevel } from './inspection.enums';
import { InspectionTasksRepository, type NewTask } from './inspection-tasks.repository';
import type { ChecklistTemplate } from './inspections.entities';
import { duePeriods, rangeProblems } from './rules/schedule';
import { THIS_INSTANCE } from '../jobs/this-instance';

const JOB = 'inspection-schedule';
const BATCH = 500;

/**
 * Makes the inspection tasks the checklists' frequencies ask for: per active source, per current checklist that
 * applies to its kind and grade, per level with a frequency for its grade, per period starting in the range. A task
 * already made is skipped (unique source, checklist, level, period), so running twice changes nothing. The job makes
 * today's and tomorrow's tasks once a day across instances (a `job_claims` row per day, claimed in the same
 * transaction as the first batch's work).
 */
@Injectable()
export class InspectionScheduleService implements OnApplicationBootstrap {
  private readonly logger = new Logger('InspectionSchedule');

  constructor(
    private readonly transactions: Transactions,
    private readonly sources: HazardSourcesRepository,
    private readonly templates: ChecklistTemplatesRepository,
    private readonly tasks: InspectionTasksRepository,
    private readonly claims: JobClaimsRepository,
    private readonly jobs: PeriodicJobs,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.jobs.start(JOB, this.logger, async () => {
      const r = await this.runJob();
      if (r) this.logger.log(`Inspection tasks of ${r.day}: ${r.added} made`);
    });
  }

  /** The day's run (today and tomorrow), once across instances; null when another instance has it. */
  async runJob(instance = THIS_INSTANCE): Promise<{ day: IsoDate; added: number } | null> {
    const day = this.clock.today();
    const added = await this.transactions.run(async (tx) =>
      (await this.claims.claim(tx, JOB, day, instance))
        ? this.generateIn(tx, SYSTEM_ACTOR, day, addDays(day, 1))
        : null,
    );
    return added === null ? null : { day, added };
  }

  /** The safety office makes the tasks of a range (at most 62 days) now, e.g. the month ahead. */
  async generate(
    actor: Actor,
    from: IsoDate,
    to: IsoDate,
  ): Promise<{ from: IsoDate; to: IsoDate; added: number }> {
    const problems = rangeProblems(from, to);
    if (problems.length) throw validationFailed(problems);
    return { from, to, added: await this.transactions.run((tx) => this.generateIn(tx, actor, from, to)) };
  }

  private async generateIn(tx: Tx, actor: Actor, from: IsoDate, to: IsoDate): Promise<number> {
    const templates = (await this.templates.current(tx)).filter((t) => Object.keys(t.frequencies).length);
    let added = 0;
    let considered = 0;
    for (let after = 0; ;) {
      const batch = await this.sources.activeBatch(tx, after, BATCH);
      if (!batch.length) break;
      after = batch[batch.length - 1].id;
      considered += batch.length;
      const rows: NewTask[] = [];
      for (const s of batch)
        for (const t of templates.filter((x) => applies(x, s))) {
          for (const [level, freq] of Object.entries(t.frequencies[s.grade] ?? {}))
            for (const p of duePeriods(freq, from, to))
              rows.push({
                sourceId: s.id,
                unitId: s.unitId,
                templateId: t.id,
                templateKey: t.key,
                level: level as InspectionLevel,
                ...p,
              });
        }
      added += await this.tasks.insertMissing(tx, rows);
    }
    await this.audit.record(tx, actor, {
      action: 'INSPECTION_TASKS_GENERATED',
      entityType: 'InspectionSchedule',
      entityId: `${from}..${to}`,
      unitId: null,
      note: { from, to, sources: considered, added },
    });
    return added;
  }
}

const applies = (t: ChecklistTemplate, s: { kind: string; grade: string }) =>
  t.kinds.includes(s.kind as never) && t.grades.includes(s.grade as never);
