import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { Actor, hasRole } from '../common/access/actor';
import { Role } from '../common/access/roles';
import { AuditLogService } from '../audit-log/audit-log.service';
import { conflict, DomainError, notFound, validationFailed } from '../common/errors/domain-error';
import { checkUpload, UploadedFile } from '../common/files/file-type';
import { Clock } from '../common/time/clock';
import { AppConfig } from '../config/app-config';
import { Finding } from '../findings/entities/finding.entity';
import { FindingCategory, FindingSource, HAZARD_LEVEL_LABEL, HazardLevel } from '../findings/finding.enums';
import { OPEN_STATUSES } from '../findings/rules/open-and-overdue';
import { Domain } from '../rounds/domain';
import { FindingsService } from '../findings/findings.service';
import { Unit } from '../org/unit.entity';
import { AuditRound } from '../rounds/round.entity';
import { RoundKind, RoundStatus } from '../rounds/round.enums';
import { buildBountySheet } from './bounty-sheet';
import {
  BountyBudgetDto,
  BountyDecisionDto,
  BountyPaymentDto,
  CreateHazardReportDto,
  LedgerQuery,
  ListHazardReportsQuery,
  ProposeBountyDto,
  TriageDto,
} from './hazard-report.dto';
import { Bounty, BountyBudget, HazardReport, HazardReportPhoto } from './hazard-report.entities';
import { BountyStatus, HazardReportStatus } from './hazard-report.enums';
import { bountyAmountProblem, BountyDefaults, budgetCheck, reporterVisible } from './rules/bounty-rules';

/** The bounty handlers (奖励经办): they may always see who reported. */
const HANDLERS = [Role.SAFETY_OFFICE, Role.SUPERVISION_LEADER];
/** Who sees every report (identities still masked where asked). */
const ALL_READERS = [Role.SAFETY_OFFICE, Role.SUPERVISION_LEADER, Role.SUPERVISOR, Role.VIEWER, Role.ADMIN];
const MASKED_NAME = '匿名举报人';

interface ReportRow {
  id: number;
  reporter_id: number;
  reporter_name: string;
  reporter_unit_name: string | null;
  on_behalf_of_unit_id: number | null;
  on_behalf_of_unit_name: string | null;
  hide_identity: boolean;
  hazard_unit_id: number;
  hazard_unit_name: string;
  location: string;
  description: string;
  status: HazardReportStatus;
  level: HazardLevel | null;
  triage_note: string | null;
  finding_id: number | null;
  finding_code: string | null;
  duplicate_of_report_id: number | null;
  reported_at: Date;
  bounty_id: number | null;
  bounty_status: BountyStatus | null;
  bounty_amount: number | null;
}

@Injectable()
export class HazardReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly findings: FindingsService,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  private get defaults(): BountyDefaults {
    return {
      GENERAL: this.config.BOUNTY_GENERAL_YUAN,
      SERIOUS: this.config.BOUNTY_SERIOUS_YUAN,
      MAJOR: this.config.BOUNTY_MAJOR_YUAN,
    };
  }

  private isHandler(actor: Actor) {
    return hasRole(actor, ...HANDLERS);
  }

  /** A report as this viewer may see it: the reporter is masked unless shown to handlers or the reporter. */
  private view(actor: Actor, r: ReportRow) {
    const visible = reporterVisible(r.hide_identity, this.isHandler(actor), r.reporter_id === actor.id);
    return {
      id: r.id,
      reporter: visible
        ? { id: r.reporter_id, name: r.reporter_name, unitName: r.reporter_unit_name }
        : { id: null, name: MASKED_NAME, unitName: null },
      onBehalfOfUnit: r.on_behalf_of_unit_id
        ? visible
          ? { id: r.on_behalf_of_unit_id, name: r.on_behalf_of_unit_name }
          : { id: null, name: MASKED_NAME }
        : null,
      identityHidden: r.hide_identity,
      hazardUnit: { id: r.hazard_unit_id, name: r.hazard_unit_name },
      location: r.location,
      description: r.description,
      status: r.status,
      level: r.level,
      levelLabel: r.level ? HAZARD_LEVEL_LABEL[r.level] : null,
      triageNote: r.triage_note,
      finding: r.finding_id ? { id: r.finding_id, code: r.finding_code } : null,
      duplicateOfReportId: r.duplicate_of_report_id,
      reportedAt: r.reported_at,
      bounty: r.bounty_id ? { id: r.bounty_id, status: r.bounty_status, amountYuan: r.bounty_amount } : null,
    };
  }

  private reportQuery(actor: Actor, where: string, params: unknown[]) {
    const conditions = [where];
    if (!hasRole(actor, ...ALL_READERS)) {
      // Unit roles: reports about hazards in their subtree, and their own; reporters: their own only.
      params.push(actor.id);
      const own = `h.reporter_id = $${params.length}`;
      if (actor.unitScopePath !== null && hasRole(actor, Role.UNIT_OFFICER, Role.UNIT_HEAD)) {
        params.push(`${actor.unitScopePath}%`);
        conditions.push(`(${own} OR hu.path LIKE $${params.length})`);
      } else conditions.push(own);
    }
    return {
      sql: `SELECT h.id, h.reporter_id, ru.display_name AS reporter_name, rhu.name AS reporter_unit_name, h.on_behalf_of_unit_id, bu.name AS on_behalf_of_unit_name,
                   h.hide_identity, h.hazard_unit_id, hu.name AS hazard_unit_name, h.location, h.description, h.status, h.level, h.triage_note,
                   h.finding_id, f.code AS finding_code, h.duplicate_of_report_id, h.reported_at,
                   b.id AS bounty_id, b.status AS bounty_status, b.amount_yuan AS bounty_amount
              FROM hazard_reports h
              JOIN users ru ON ru.id = h.reporter_id
              LEFT JOIN units rhu ON rhu.id = ru.home_unit_id
              LEFT JOIN units bu ON bu.id = h.on_behalf_of_unit_id
              JOIN units hu ON hu.id = h.hazard_unit_id
              LEFT JOIN findings f ON f.id = h.finding_id
              LEFT JOIN LATERAL (SELECT * FROM bounties x WHERE x.hazard_report_id = h.id ORDER BY x.id DESC LIMIT 1) b ON true
             WHERE ${conditions.join(' AND ')}`,
      params,
    };
  }

  async create(actor: Actor, dto: CreateHazardReportDto) {
    return this.dataSource.transaction(async (m) => {
      const unit = await m.getRepository(Unit).findOneBy({ id: dto.hazardUnitId });
      if (!unit || !unit.active)
        throw validationFailed([
          { field: 'hazardUnitId', messages: ['隐患所在单位不存在或已停用 / No such active unit'] },
        ]);
      if (dto.onBehalfOfUnit && !actor.homeUnitId)
        throw validationFailed([
          { field: 'onBehalfOfUnit', messages: ['您没有所属单位，不能以单位名义举报 / You have no unit'] },
        ]);
      const report = await m.getRepository(HazardReport).save(
        m.getRepository(HazardReport).create({
          reporterId: actor.id,
          onBehalfOfUnitId: dto.onBehalfOfUnit ? actor.homeUnitId : null,
          hideIdentity: dto.hideIdentity,
          hazardUnitId: unit.id,
          location: dto.location,
          description: dto.description,
          status: HazardReportStatus.SUBMITTED,
        }),
      );
      // The change log is readable beyond the bounty handlers, so it never carries a hidden reporter's identity
      // (the report itself keeps it, for the handlers).
      await this.audit.record(m, dto.hideIdentity ? { ...actor, id: 0, displayName: MASKED_NAME } : actor, {
        action: 'HAZARD_REPORTED',
        entityType: 'HazardReport',
        entityId: report.id,
        unitId: unit.id,
        after: {
          hazardUnitId: unit.id,
          location: dto.location,
          description: dto.description,
          hideIdentity: dto.hideIdentity,
        },
      });
      return this.get(actor, report.id, m);
    });
  }

  async list(actor: Actor, q: ListHazardReportsQuery) {
    const params: unknown[] = [];
    let where = 'true';
    if (q.status) {
      params.push(q.status);
      where += ` AND h.status = $${params.length}`;
    }
    if (q.mine === 'true') {
      params.push(actor.id);
      where += ` AND h.reporter_id = $${params.length}`;
    }
    const base = this.reportQuery(actor, where, params);
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM (${base.sql}) x`,
      base.params,
    );
    const rows: ReportRow[] = await this.dataSource.query(
      `${base.sql} ORDER BY h.id DESC LIMIT ${q.limit ?? 100} OFFSET ${q.offset ?? 0}`,
      base.params,
    );
    return { items: rows.map((r) => this.view(actor, r)), total };
  }

  async get(actor: Actor, id: number, m: EntityManager = this.dataSource.manager) {
    const q = this.reportQuery(actor, 'h.id = $1', [id]);
    const [row] = (await m.query(q.sql, q.params)) as ReportRow[];
    if (!row) throw notFound('隐患举报 / Hazard report', id);
    const photos = await m
      .getRepository(HazardReportPhoto)
      .find({ where: { reportId: id }, order: { id: 'ASC' } });
    return { ...this.view(actor, row), photos };
  }

  async addPhoto(actor: Actor, id: number, file: UploadedFile | undefined) {
    const checked = checkUpload(file, this.config.EVIDENCE_MAX_BYTES, 'photos');
    return this.dataSource.transaction(async (m) => {
      const report = await m
        .getRepository(HazardReport)
        .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!report || report.reporterId !== actor.id) throw notFound('隐患举报 / Hazard report', id);
      if (report.status !== HazardReportStatus.SUBMITTED)
        throw conflict('HAZARD_REPORT_TRIAGED', '举报已处理，不能再补充照片 / Already triaged');
      const sha256 = createHash('sha256').update(file!.buffer).digest('hex');
      const photo = await m
        .getRepository(HazardReportPhoto)
        .save(
          m
            .getRepository(HazardReportPhoto)
            .create({ reportId: id, ...checked, sha256, content: file!.buffer }),
        );
      const { content: _c, ...meta } = photo;
      return meta;
    });
  }

  async photo(actor: Actor, id: number, photoId: number) {
    await this.get(actor, id);
    const row = await this.dataSource
      .getRepository(HazardReportPhoto)
      .createQueryBuilder('p')
      .addSelect('p.content')
      .where('p.id = :photoId AND p.reportId = :id', { photoId, id })
      .getOne();
    if (!row) throw notFound('照片 / Photo', photoId);
    return row;
  }

  /**
   * 核查: VALID makes a HAZARD_REPORT finding in the hazard's unit with the assessed level; INVALID needs a reason;
   * DUPLICATE links the known open finding or the earlier report (only the first valid reporter earns a bounty).
   */
  async triage(actor: Actor, id: number, dto: TriageDto) {
    return this.dataSource.transaction(async (m) => {
      const report = await m
        .getRepository(HazardReport)
        .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!report) throw notFound('隐患举报 / Hazard report', id);
      if (report.status !== HazardReportStatus.SUBMITTED) {
        throw conflict(
          'HAZARD_REPORT_TRIAGED',
          `该举报已核查为 ${report.status} / Already triaged as ${report.status}`,
          { current: report.status },
        );
      }
      const before = { status: report.status };
      if (dto.result === 'VALID') {
        const unit = await m.getRepository(Unit).findOneByOrFail({ id: report.hazardUnitId });
        const round = await this.hazardRound(
          m,
          actor,
          unit,
          dto.category === FindingCategory.ENVIRONMENTAL ? Domain.ENVIRONMENT : Domain.SAFETY,
        );
        const today = this.clock.today();
        const finding = await this.findings.create(
          actor,
          {
            roundId: round.id,
            unitId: unit.id,
            description: report.description,
            location: report.location,
            level: dto.level!,
            category: dto.category!,
            tags: ['隐患举报'],
            source: FindingSource.HAZARD_REPORT,
            foundDate: today,
            foundBy: `隐患举报（第 ${report.id} 号）`,
            deadline: dto.deadline!,
            responsiblePerson: dto.responsiblePerson!,
            responsibleLeader: dto.responsibleLeader,
          },
          m,
        );
        report.status = HazardReportStatus.VALID;
        report.level = dto.level!;
        report.findingId = finding.id;
      } else if (dto.result === 'INVALID') {
        report.status = HazardReportStatus.INVALID;
      } else {
        if (!!dto.duplicateOfFindingId === !!dto.duplicateOfReportId) {
          throw validationFailed([
            {
              field: 'duplicateOfFindingId',
              messages: [
                '重复举报须指明重复的已知问题或先前举报（二选一） / Name the finding or the earlier report it repeats',
              ],
            },
          ]);
        }
        if (dto.duplicateOfFindingId) {
          const f = await m.getRepository(Finding).findOneBy({ id: dto.duplicateOfFindingId });
          if (!f || !OPEN_STATUSES.includes(f.status))
            throw validationFailed([
              {
                field: 'duplicateOfFindingId',
                messages: ['须为未销号的已知问题 / Must be a known open finding'],
              },
            ]);
          report.findingId = f.id;
        } else {
          const earlier = await m.getRepository(HazardReport).findOneBy({ id: dto.duplicateOfReportId });
          if (
            !earlier ||
            earlier.id === report.id ||
            earlier.reportedAt > report.reportedAt ||
            earlier.status === HazardReportStatus.INVALID
          ) {
            throw validationFailed([
              {
                field: 'duplicateOfReportId',
                messages: ['须为更早的、未被认定无效的举报 / Must be an earlier report that was not invalid'],
              },
            ]);
          }
          report.duplicateOfReportId = earlier.id;
          report.findingId = earlier.findingId;
        }
        report.status = HazardReportStatus.DUPLICATE;
      }
      report.triageNote = dto.note ?? null;
      report.triagedById = actor.id;
      report.triagedAt = this.clock.now();
      await m.getRepository(HazardReport).save(report);
      await this.audit.record(m, actor, {
        action: 'HAZARD_REPORT_TRIAGED',
        entityType: 'HazardReport',
        entityId: id,
        unitId: report.hazardUnitId,
        before,
        after: {
          status: report.status,
          level: report.level,
          findingId: report.findingId,
          duplicateOfReportId: report.duplicateOfReportId,
          note: report.triageNote,
        },
      });
      return this.get(actor, id, m);
    });
  }

  /** Valid reports become findings of a per-company, per-year "隐患举报" round (kind SPECIAL). */
  private async hazardRound(m: EntityManager, actor: Actor, unit: Unit, domain: Domain): Promise<AuditRound> {
    const companyId = Number(unit.path.split('/')[1]);
    const company = await m.getRepository(Unit).findOneByOrFail({ id: companyId });
    const year = this.clock.today().slice(0, 4);
    const name = `${year}年隐患举报（${company.name}${domain === Domain.ENVIRONMENT ? '，生态环境' : ''}）`;
    await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`rectify:hazard-round:${name}`]);
    const existing = await m
      .getRepository(AuditRound)
      .findOneBy({ name, companyUnitId: company.id, kind: RoundKind.SPECIAL });
    if (existing) return existing;
    const round = await m.getRepository(AuditRound).save(
      m.getRepository(AuditRound).create({
        name,
        kind: RoundKind.SPECIAL,
        domain,
        companyUnitId: company.id,
        auditTeam: '隐患举报',
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
      unitId: company.id,
      after: { name, kind: round.kind, domain },
    });
    return round;
  }

  // ---------- bounties ----------

  async propose(actor: Actor, dto: ProposeBountyDto) {
    return this.dataSource.transaction(async (m) => {
      const report = await m
        .getRepository(HazardReport)
        .findOne({ where: { id: dto.hazardReportId }, lock: { mode: 'pessimistic_write' } });
      if (!report)
        throw validationFailed([{ field: 'hazardReportId', messages: ['举报不存在 / No such report'] }]);
      if (report.status !== HazardReportStatus.VALID) {
        throw conflict(
          'BOUNTY_NOT_ELIGIBLE',
          report.status === HazardReportStatus.DUPLICATE
            ? '重复举报不予奖励（只奖励首个有效举报） / Duplicates earn no bounty'
            : '只有核查有效的举报才能奖励 / Only valid reports earn a bounty',
          { reportStatus: report.status },
        );
      }
      const amount = dto.amountYuan ?? this.defaults[report.level!];
      const problem = bountyAmountProblem(amount);
      if (problem) throw validationFailed([{ field: 'amountYuan', messages: [problem] }]);
      const budget = await this.budgetStatus(m, Number(this.clock.today().slice(0, 4)));
      let bounty: Bounty;
      try {
        bounty = await m.getRepository(Bounty).save(
          m.getRepository(Bounty).create({
            hazardReportId: report.id,
            level: report.level!,
            amountYuan: amount,
            status: BountyStatus.PROPOSED,
            proposedById: actor.id,
          }),
        );
      } catch (err) {
        if (err instanceof QueryFailedError && (err.driverError as { code?: string }).code === '23505')
          throw conflict('BOUNTY_EXISTS', '该举报已有奖励 / This report already has a bounty');
        throw err;
      }
      await this.audit.record(m, actor, {
        action: 'BOUNTY_PROPOSED',
        entityType: 'Bounty',
        entityId: bounty.id,
        unitId: report.hazardUnitId,
        after: { hazardReportId: report.id, level: bounty.level, amountYuan: amount },
      });
      return { ...bounty, budget: { ...budget, ...budgetCheck(budget.budget, budget.committed, amount) } };
    });
  }

  /** Approval or rejection by a supervision-group leader who is not the proposer; happens once. */
  async decide(actor: Actor, id: number, dto: BountyDecisionDto) {
    return this.step(actor, id, 'BOUNTY_DECIDED', (b) => {
      if (b.proposedById === actor.id)
        throw new DomainError(
          'FORBIDDEN',
          'BOUNTY_SELF_APPROVAL',
          '提出奖励的人不能审批自己的提议 / The proposer may not approve it',
        );
      if (b.status !== BountyStatus.PROPOSED)
        throw conflict(
          'BOUNTY_ALREADY_DECIDED',
          `该奖励已${b.status === BountyStatus.APPROVED ? '审批通过' : '处理'}（${b.status}） / Already decided`,
          { current: b.status },
        );
      b.status = dto.approve ? BountyStatus.APPROVED : BountyStatus.REJECTED;
      b.decidedById = actor.id;
      b.decidedAt = this.clock.now();
      b.decisionNote = dto.note ?? null;
    });
  }

  async pay(actor: Actor, id: number, dto: BountyPaymentDto) {
    return this.step(actor, id, 'BOUNTY_PAID', (b) => {
      if (b.status === BountyStatus.PAID)
        throw conflict('BOUNTY_ALREADY_PAID', `该奖励已于 ${b.paidOn} 发放 / Already paid`, {
          current: b.status,
        });
      if (b.status !== BountyStatus.APPROVED)
        throw conflict('BOUNTY_NOT_APPROVED', '奖励须审批通过后才能发放 / Only an approved bounty is paid', {
          current: b.status,
        });
      b.status = BountyStatus.PAID;
      b.paidOn = dto.paidOn;
      b.paymentRef = dto.paymentRef;
      b.paidRecordedById = actor.id;
    });
  }

  async cancel(actor: Actor, id: number, reason: string) {
    return this.step(actor, id, 'BOUNTY_CANCELLED', (b) => {
      if (b.status !== BountyStatus.PROPOSED && b.status !== BountyStatus.APPROVED)
        throw conflict(
          'BOUNTY_NOT_CANCELLABLE',
          `该奖励为 ${b.status}，不能撤销 / Only a bounty not yet paid can be cancelled`,
          { current: b.status },
        );
      b.status = BountyStatus.CANCELLED;
      b.cancelReason = reason;
    });
  }

  private async step(actor: Actor, id: number, action: string, change: (b: Bounty) => void) {
    return this.dataSource.transaction(async (m) => {
      const b = await m.getRepository(Bounty).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!b) throw notFound('奖励 / Bounty', id);
      const before = { status: b.status };
      change(b);
      await m.getRepository(Bounty).save(b);
      const report = await m.getRepository(HazardReport).findOneByOrFail({ id: b.hazardReportId });
      await this.audit.record(m, actor, {
        action,
        entityType: 'Bounty',
        entityId: id,
        unitId: report.hazardUnitId,
        before,
        after: {
          status: b.status,
          paidOn: b.paidOn,
          paymentRef: b.paymentRef,
          note: b.decisionNote,
          cancelReason: b.cancelReason,
        },
      });
      return b;
    });
  }

  async setBudget(actor: Actor, year: number, dto: BountyBudgetDto) {
    return this.dataSource.transaction(async (m) => {
      const before = await m.getRepository(BountyBudget).findOneBy({ year });
      await m.getRepository(BountyBudget).save({ year, amountYuan: dto.amountYuan, setById: actor.id });
      await this.audit.record(m, actor, {
        action: 'BOUNTY_BUDGET_SET',
        entityType: 'BountyBudget',
        entityId: year,
        unitId: null,
        before: before ? { amountYuan: before.amountYuan } : null,
        after: { amountYuan: dto.amountYuan },
      });
      return this.budgetStatus(m, year);
    });
  }

  /** Budget of a year and what is committed to it (proposed, approved or paid bounties proposed that year). */
  async budgetStatus(m: EntityManager, year: number) {
    const budget = await m.getRepository(BountyBudget).findOneBy({ year });
    const [{ committed }] = await m.query(
      `SELECT coalesce(sum(amount_yuan), 0)::int AS committed FROM bounties WHERE status IN ('PROPOSED', 'APPROVED', 'PAID') AND extract(year FROM proposed_at AT TIME ZONE $2) = $1`,
      [year, this.clock.timeZone],
    );
    return {
      year,
      budget: budget?.amountYuan ?? null,
      committed,
      remaining: budget ? budget.amountYuan - committed : null,
    };
  }

  /** 奖励台账: bounties of a period, unit or reporter, with totals; reporters masked where hidden. */
  /** The ledger as it is listed (same filters, same masking) as an .xlsx workbook. */
  async ledgerWorkbook(actor: Actor, q: LedgerQuery): Promise<Buffer> {
    const ledger = await this.ledger(actor, q);
    return buildBountySheet(
      ledger.items.map((i) => ({
        reporter: i.reporter.name,
        hazardUnit: i.hazard.unitName,
        hazard: i.hazard.description,
        level: i.levelLabel,
        amountYuan: i.amountYuan,
        status: i.status,
        approver: i.approverName,
        paidOn: i.paidOn,
      })),
      `隐患举报奖励台账${q.from || q.to ? `（${q.from ?? ''}至${q.to ?? ''}）` : ''}`,
    );
  }

  async ledger(actor: Actor, q: LedgerQuery) {
    const params: unknown[] = [this.clock.timeZone];
    const where: string[] = [];
    if (q.from) {
      params.push(q.from);
      where.push(`(b.proposed_at AT TIME ZONE $1)::date >= $${params.length}`);
    }
    if (q.to) {
      params.push(q.to);
      where.push(`(b.proposed_at AT TIME ZONE $1)::date <= $${params.length}`);
    }
    if (q.status) {
      params.push(q.status);
      where.push(`b.status = $${params.length}`);
    }
    if (q.unitId) {
      params.push(q.unitId);
      where.push(`hu.path LIKE (SELECT p.path FROM units p WHERE p.id = $${params.length}) || '%'`);
    }
    if (q.reporterId) {
      params.push(q.reporterId);
      // A hidden reporter is not findable by id except by the handlers.
      where.push(
        `h.reporter_id = $${params.length}${this.isHandler(actor) ? '' : ' AND NOT h.hide_identity'}`,
      );
    }
    if (actor.unitScopePath !== null) {
      params.push(`${actor.unitScopePath}%`);
      where.push(`hu.path LIKE $${params.length}`);
    }
    const rows: (ReportRow & {
      b_id: number;
      b_status: BountyStatus;
      amount_yuan: number;
      b_level: HazardLevel;
      proposed_at: Date;
      approver_name: string | null;
      paid_on: string | null;
      payment_ref: string | null;
    })[] = await this.dataSource.query(
      `SELECT b.id AS b_id, b.status AS b_status, (b.proposed_at AT TIME ZONE $1)::date AS proposed_on, b.amount_yuan, b.level AS b_level, b.proposed_at, ap.display_name AS approver_name, b.paid_on, b.payment_ref,
                h.id, h.reporter_id, ru.display_name AS reporter_name, rhu.name AS reporter_unit_name, h.on_behalf_of_unit_id, bu.name AS on_behalf_of_unit_name,
                h.hide_identity, h.hazard_unit_id, hu.name AS hazard_unit_name, h.location, h.description, f.code AS finding_code, h.finding_id
           FROM bounties b
           JOIN hazard_reports h ON h.id = b.hazard_report_id
           JOIN users ru ON ru.id = h.reporter_id
           LEFT JOIN units rhu ON rhu.id = ru.home_unit_id
           LEFT JOIN units bu ON bu.id = h.on_behalf_of_unit_id
           JOIN units hu ON hu.id = h.hazard_unit_id
           LEFT JOIN findings f ON f.id = h.finding_id
           LEFT JOIN users ap ON ap.id = b.decided_by_id AND b.status IN ('APPROVED', 'PAID')
          ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
          ORDER BY b.proposed_at, b.id`,
      params,
    );
    const items = rows.map((r) => {
      const visible = reporterVisible(r.hide_identity, this.isHandler(actor), r.reporter_id === actor.id);
      return {
        id: r.b_id,
        status: r.b_status,
        amountYuan: r.amount_yuan,
        level: r.b_level,
        levelLabel: HAZARD_LEVEL_LABEL[r.b_level],
        proposedAt: r.proposed_at,
        approverName: r.approver_name,
        paidOn: r.paid_on,
        paymentRef: r.payment_ref,
        hazardReportId: r.id,
        reporter: visible
          ? {
              id: r.reporter_id,
              name: r.on_behalf_of_unit_name ?? r.reporter_name,
              unitName: r.reporter_unit_name,
            }
          : { id: null, name: MASKED_NAME, unitName: null },
        hazard: {
          unitName: r.hazard_unit_name,
          location: r.location,
          description: r.description,
          findingCode: r.finding_code,
        },
      };
    });
    const counted = items.filter(
      (i) => i.status !== BountyStatus.REJECTED && i.status !== BountyStatus.CANCELLED,
    );
    const year = Number((q.from ?? this.clock.today()).slice(0, 4));
    return {
      items,
      totals: {
        count: counted.length,
        amountYuan: counted.reduce((s, i) => s + i.amountYuan, 0),
        paidYuan: items.filter((i) => i.status === BountyStatus.PAID).reduce((s, i) => s + i.amountYuan, 0),
      },
      budget: await this.budgetStatus(this.dataSource.manager, year),
    };
  }
}
