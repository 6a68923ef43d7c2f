import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/access/actor';
import { validationFailed } from '../common/errors/domain-error';
import type { Tx } from '../common/persistence/transactions';
import { Clock } from '../common/time/clock';
import { AuditLogService } from '../audit-log/audit-log.service';
import { FINDING_CATEGORY_LABEL, FindingCategory } from '../findings/finding.enums';
import {
  StatutoryCountRow,
  StatutoryCountsRepository,
  StatutoryMajorRow,
} from '../findings/statutory-counts.repository';
import type { Unit } from '../org/unit.entity';
import { UNIT_TIER } from '../org/unit-kind';
import { UnitsRepository } from '../org/units.repository';
import { UnitsService } from '../org/units.service';
import { DOMAIN_LABEL, Domain } from '../rounds/domain';
import { parsePeriod, StatutoryPeriod } from './rules/period';
import {
  Adjustment,
  adjusted,
  crossChecks,
  governancePlan,
  rowFigures,
  securedOf,
  RowCounts,
  STATUTORY_COLUMNS,
  STATUTORY_NOTE,
} from './rules/statutory-table';
import type { StatutoryRow, StatutoryTable } from './statutory-table.view';

const NO_COUNTS: RowCounts = {
  unitsChecked: 0,
  general: 0,
  generalRectified: 0,
  major: 0,
  majorRectified: 0,
};

/**
 * Computes the statutory table of a company or 二级单位 for a period from the findings (through the findings module's
 * statutory counts), with the adjustments of a prepared report applied and the cross-checks run.
 */
@Injectable()
export class StatutoryTableService {
  constructor(
    private readonly counts: StatutoryCountsRepository,
    private readonly unitsService: UnitsService,
    private readonly units: UnitsRepository,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
  ) {}

  /** The period a key names, or 400 naming the field. */
  period(key: string | undefined, field = 'period'): StatutoryPeriod {
    const period = key ? parsePeriod(key) : null;
    if (!period)
      throw validationFailed([
        {
          field,
          messages: [
            '报告期须为 YYYY（年度）或 YYYY-Qn（季度），如 2023-Q1 / Period must be 2023 or 2023-Q1',
          ],
        },
      ]);
    return period;
  }

  /** A unit the statutory table can be made for: a company, or a 二级单位 (the internal version); 404 out of scope. */
  async subject(actor: Actor, unitId: number, tx?: Tx): Promise<Unit> {
    const unit = await this.unitsService.get(actor, unitId, tx);
    if (UNIT_TIER[unit.kind] > 2)
      throw validationFailed([
        {
          field: 'unitId',
          messages: ['统计报表按公司或二级单位填报 / Only a company or a 二级单位 files the table'],
        },
      ]);
    return unit;
  }

  async table(
    unit: Unit,
    period: StatutoryPeriod,
    adjustments: Adjustment[] = [],
    tx?: Tx,
    changeLog?: { seq: number; hash: string },
  ): Promise<StatutoryTable> {
    const q = {
      subjectPath: unit.path,
      yearStart: period.yearStart,
      periodEnd: period.periodEnd,
      timeZone: this.clock.timeZone,
    };
    // One after another: inside a transaction they share one connection, which runs one query at a time anyway
    // (and pg@9 refuses overlapping queries on a client).
    const counts = await this.counts.counts(q, tx);
    const majors = await this.counts.majorPlans(q, tx);
    const children = await this.units.activeChildren(unit.id, tx);
    const head = changeLog ?? (await this.audit.head());
    const rows = await this.rows(unit, counts, majors, children, tx);
    for (const row of rows)
      row.figures = adjusted(
        row.figures,
        adjustments.filter((a) => a.row === row.key),
      );
    const checks = rows.flatMap((r) => crossChecks(r.key, r.label, r.figures));
    return {
      unit: { id: unit.id, code: unit.code, name: unit.name, kind: unit.kind },
      period: {
        key: period.key,
        label: period.label,
        yearStart: period.yearStart,
        periodEnd: period.periodEnd,
        dueDate: period.dueDate,
      },
      columns: STATUTORY_COLUMNS,
      rows,
      crossChecks: checks,
      consistent: checks.every((c) => c.ok),
      majors: majors.map(majorView),
      categories: Object.values(FindingCategory).map((category) => ({
        category,
        label: FINDING_CATEGORY_LABEL[category],
        count: counts.find((c) => c.group === 'CATEGORY' && c.category === category)?.foundInPeriod ?? 0,
      })),
      note: STATUTORY_NOTE,
      computedAt: this.clock.now().toISOString(),
      changeLog: { seq: head.seq, hash: head.hash },
    };
  }

  /** The rows: the total, each domain, each child unit (二级单位 of a company) and the unit's own findings if any. */
  private async rows(
    unit: Unit,
    counts: StatutoryCountRow[],
    majors: StatutoryMajorRow[],
    children: Unit[],
    tx?: Tx,
  ): Promise<StatutoryRow[]> {
    const row = (
      key: string,
      label: string,
      kind: StatutoryRow['kind'],
      unitId: number | null,
      count: StatutoryCountRow | undefined,
      rowMajors: StatutoryMajorRow[],
    ): StatutoryRow => ({
      key,
      label,
      kind,
      unitId,
      figures: rowFigures(count ?? NO_COUNTS, rowMajors),
      majorCarriedOver: count?.majorCarriedOver ?? 0,
    });
    const rows = [
      row(
        'TOTAL',
        '合计',
        'TOTAL',
        unit.id,
        counts.find((c) => c.group === 'TOTAL'),
        majors,
      ),
      ...Object.values(Domain).map((d) =>
        row(
          `DOMAIN:${d}`,
          `其中：${DOMAIN_LABEL[d]}`,
          'DOMAIN',
          null,
          counts.find((c) => c.group === 'DOMAIN' && c.domain === d),
          majors.filter((m) => m.domain === d),
        ),
      ),
    ];
    const childCounts = counts.filter((c) => c.group === 'CHILD');
    // Inactive children still appear when they have figures in the period.
    const extra = childCounts
      .map((c) => c.childUnitId)
      .filter((id): id is number => id !== null && !children.some((u) => u.id === id));
    const all = [...children, ...(await this.units.findByIds(extra, tx))].sort((a, b) =>
      a.path.localeCompare(b.path),
    );
    const self = childCounts.find((c) => c.childUnitId === null);
    if (self)
      rows.push(
        row(
          'UNIT:SELF',
          `${unit.name}本部`,
          'UNIT',
          unit.id,
          self,
          majors.filter((m) => m.childUnitId === null),
        ),
      );
    for (const child of all)
      rows.push(
        row(
          `UNIT:${child.id}`,
          child.name,
          'UNIT',
          child.id,
          childCounts.find((c) => c.childUnitId === child.id),
          majors.filter((m) => m.childUnitId === child.id),
        ),
      );
    return rows;
  }
}

function majorView(m: StatutoryMajorRow) {
  const plan = governancePlan(m);
  const secured = securedOf(m);
  return {
    findingId: m.findingId,
    code: m.code,
    description: m.description,
    unitName: m.unitName,
    domain: m.domain,
    status: m.status,
    foundDate: m.foundDate,
    closedOn: m.closedOn,
    rectifiedByEnd: m.rectifiedByEnd,
    inPlan: !m.rectifiedByEnd && plan !== null,
    hasPlan: m.plan !== null,
    securedCount: secured ? Object.values(secured).filter(Boolean).length : 0,
    fundsYuan: plan?.fundsAmount ?? null,
    deadline: plan?.deadline ?? m.deadline,
  };
}
