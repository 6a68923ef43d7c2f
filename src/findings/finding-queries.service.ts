import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/access/actor';
import { UnitScope } from '../common/access/unit-scope';
import { notFound, validationFailed } from '../common/errors/domain-error';
import type { Tx } from '../common/persistence/transactions';
import { Clock } from '../common/time/clock';
import type { Finding } from './entities/finding.entity';
import { FindingDetailRepository } from './finding-detail.repository';
import { FindingListRepository } from './finding-list.repository';
import type { ListFindingsQuery } from './finding-list.dto';
import { findingDetailAnswer, findingView } from './finding-view';
import { normaliseCode } from './rules/finding-code';
import { FindingsRepository } from './findings.repository';

/** Reading findings as the actor may see them: one finding, the list, the detail with its records. */
@Injectable()
export class FindingQueriesService {
  constructor(
    private readonly findings: FindingsRepository,
    private readonly findingList: FindingListRepository,
    private readonly detailRecords: FindingDetailRepository,
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

  /** A finding with its plan, progress, summaries, evidence, extensions and similar findings, in one read. */
  async detail(actor: Actor, id: number) {
    const d = await this.detailRecords.read(UnitScope.of(actor), id);
    if (!d) throw notFound('问题 / Finding', id);
    return findingDetailAnswer(d, this.clock.today());
  }

  /**
   * The findings the actor may see by their codes (typed by a person: case and the 全角 dash forgiven), or a 400
   * naming every code not found at `field`.
   */
  async idsByCodes(actor: Actor, typed: string[], field: string): Promise<number[]> {
    const codes = typed.map(normaliseCode);
    const found = await this.findings.idsByCodesInScope(UnitScope.of(actor), codes);
    const missing = typed.filter((_, i) => !found.has(codes[i]));
    if (missing.length)
      throw validationFailed([
        {
          field,
          messages: [
            `找不到问题编号 ${missing.join('、')}，请核对 / No finding with code ${missing.join(', ')}`,
          ],
        },
      ]);
    return codes.map((c) => found.get(c)!);
  }

  /** Similar findings in both directions, limited to what the actor may see. */
  similarLinks(actor: Actor, id: number) {
    return this.findings.similarInScope(UnitScope.of(actor), id);
  }
}
