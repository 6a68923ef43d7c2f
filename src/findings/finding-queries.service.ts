import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/access/actor';
import { UnitScope } from '../common/access/unit-scope';
import { notFound } from '../common/errors/domain-error';
import type { Tx } from '../common/persistence/transactions';
import { Clock } from '../common/time/clock';
import { UnitsService } from '../org/units.service';
import { RoundsService } from '../rounds/rounds.service';
import type { Finding } from './entities/finding.entity';
import { FindingListRepository } from './finding-list.repository';
import type { ListFindingsQuery } from './finding-list.dto';
import { findingDetailView, findingView } from './finding-view';
import { FindingsRepository } from './findings.repository';
import { RectificationRepository } from './rectification.repository';

/** Reading findings as the actor may see them: one finding, the list, the detail with its records. */
@Injectable()
export class FindingQueriesService {
  constructor(
    private readonly findings: FindingsRepository,
    private readonly findingList: FindingListRepository,
    private readonly rectification: RectificationRepository,
    private readonly units: UnitsService,
    private readonly rounds: RoundsService,
    private readonly clock: Clock,
  ) {}

  /** A finding the actor may see, or 404 (a finding outside a unit user's subtree does not exist for them). */
  async getScoped(actor: Actor, id: number, tx?: Tx, lock = false): Promise<Finding> {
    const scope = UnitScope.of(actor);
    const finding =
      lock && tx
        ? await this.findings.lockInScope(tx, scope, id)
        : await this.findings.findInScope(scope, id, tx);
    if (!finding) throw notFound('问题 / Finding', id);
    return finding;
  }

  async list(actor: Actor, q: ListFindingsQuery) {
    const today = this.clock.today();
    const { rows, total } = await this.findingList.page(actor, q, today, this.clock.timeZone);
    return {
      items: rows.map((r) => findingView(r.finding, today, { unitName: r.unitName, roundName: r.roundName })),
      total,
    };
  }

  async detail(actor: Actor, id: number) {
    const f = await this.getScoped(actor, id);
    const [unit, round, records, similar] = await Promise.all([
      this.units.findById(f.unitId),
      this.rounds.findById(f.roundId),
      this.rectification.recordsOf(id),
      this.similarLinks(actor, id),
    ]);
    // Both exist: the finding's foreign keys restrict their deletion.
    const { plans, progress, summaries, evidence, extensions } = records;
    const recurrenceOf = f.recurrenceOfId ? await this.findings.findById(f.recurrenceOfId) : null;
    return {
      ...findingDetailView(
        f,
        this.clock.today(),
        { unitName: unit!.name, roundName: round!.name },
        {
          round: { id: round!.id, name: round!.name, domain: round!.domain, kind: round!.kind },
          unit: { id: unit!.id, code: unit!.code, name: unit!.name },
          recurrenceOf: recurrenceOf
            ? {
                id: recurrenceOf.id,
                code: recurrenceOf.code,
                description: recurrenceOf.description,
                closedAt: recurrenceOf.closedAt,
              }
            : null,
        },
      ),
      plan: plans[0] ?? null,
      planHistory: plans,
      progress,
      summaries,
      evidence,
      extensions,
      similar,
    };
  }

  /** Similar findings in both directions, limited to what the actor may see. */
  similarLinks(actor: Actor, id: number) {
    return this.findings.similarInScope(UnitScope.of(actor), id);
  }
}
