import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/access/actor';
import { UnitScope } from '../common/access/unit-scope';
import { AuditLogService } from '../audit-log/audit-log.service';
import { conflict, forbidden, notFound, validationFailed } from '../common/errors/domain-error';
import { DomainEvents } from '../common/events/domain-events';
import { assertVersion } from '../common/persistence/version';
import { Transactions, type Tx } from '../common/persistence/transactions';
import { addDays } from '../common/time/business-date';
import { Clock } from '../common/time/clock';
import { AppConfig } from '../config/app-config';
import { FindingsRepository } from '../findings/findings.repository';
import { RectificationRepository } from '../findings/rectification.repository';
import {
  AcceptanceDto,
  AcceptanceRequestDto,
  CreateListingDto,
  DelistDto,
  ListingExtensionDecisionDto,
  ListingExtensionRequestDto,
  ServeListingDto,
  SignListingDto,
} from './supervision.dto';
import type { SupervisionListing } from './supervision.entities';
import { ListingExtensionStatus, ListingStatus } from './supervision.enums';
import { MajorHazardListingChanged } from './supervision.events';
import { SupervisionRepository } from './supervision.repository';
import {
  assertListingAction,
  docNumber,
  extensionProblem,
  ListingAction,
  listingProblem,
  mayList,
} from './rules/listing-rules';

/** 挂牌督办: listing a MAJOR finding, the notice's service and signature, extensions, acceptance and 摘牌. */
@Injectable()
export class SupervisionService {
  constructor(
    private readonly tx: Transactions,
    private readonly listings: SupervisionRepository,
    private readonly findings: FindingsRepository,
    private readonly rectification: RectificationRepository,
    private readonly audit: AuditLogService,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async list(actor: Actor, dto: CreateListingDto): Promise<SupervisionListing> {
    if (!mayList(actor.roles))
      throw forbidden('只有安全环保部门或督导组领导可以挂牌督办 / You may not list findings');
    return this.tx.run(async (tx) => {
      const finding = await this.findings.lockInScope(tx, UnitScope.of(actor), dto.findingId);
      if (!finding)
        throw validationFailed([{ field: 'findingId', messages: ['问题不存在 / No such finding'] }]);
      const problem = listingProblem(finding);
      if (problem) throw problem;
      const open = await this.listings.openListingOf(tx, finding.id);
      if (open)
        throw conflict(
          'LISTING_ALREADY_OPEN',
          `该问题已挂牌督办（${open.docNumber}）/ The finding is already listed`,
          { listingId: open.id, docNumber: open.docNumber },
        );
      if (dto.deadline < this.clock.today())
        throw validationFailed([
          { field: 'deadline', messages: ['督办期限不能早于今天 / The deadline is in the past'] },
        ]);
      const year = Number(this.clock.today().slice(0, 4));
      const number = await this.listings.nextDocNumber(tx, year);
      const listing = await this.listings.insert(tx, {
        findingId: finding.id,
        docNumber: docNumber(year, number),
        level: dto.level,
        supervisingUnit: dto.supervisingUnit,
        requirements: dto.requirements,
        deadline: dto.deadline,
        originalDeadline: dto.deadline,
        status: ListingStatus.LISTED,
        publicNotice: dto.publicNotice ?? false,
        listedById: actor.id,
      });
      await this.record(tx, actor, listing, finding.unitId, 'MAJOR_HAZARD_LISTED', null);
      return listing;
    });
  }

  serve(actor: Actor, id: number, dto: ServeListingDto) {
    return this.step(actor, id, dto.version, 'serve', 'MAJOR_HAZARD_NOTICE_SERVED', async (l) => {
      l.status = ListingStatus.SERVED;
      l.servedById = actor.id;
      l.servedTo = dto.servedTo;
      l.servedAt = this.clock.now();
    });
  }

  sign(actor: Actor, id: number, dto: SignListingDto) {
    return this.step(actor, id, dto.version, 'sign', 'MAJOR_HAZARD_NOTICE_SIGNED', async (l) => {
      l.status = ListingStatus.SIGNED;
      l.signedById = actor.id;
      l.signedByName = dto.signedByName ?? actor.displayName;
      l.signedAt = this.clock.now();
    });
  }

  requestExtension(actor: Actor, id: number, dto: ListingExtensionRequestDto) {
    return this.step(
      actor,
      id,
      dto.version,
      'requestExtension',
      'MAJOR_HAZARD_EXTENSION_REQUESTED',
      async (l, tx) => {
        const problem = extensionProblem(l.deadline, dto.requestedDeadline, this.clock.today());
        if (problem) throw problem;
        await this.listings.insertExtension(tx, {
          listingId: l.id,
          reason: dto.reason,
          previousDeadline: l.deadline,
          requestedDeadline: dto.requestedDeadline,
          status: ListingExtensionStatus.PENDING,
          requestedById: actor.id,
        });
        return { requestedDeadline: dto.requestedDeadline, reason: dto.reason };
      },
    );
  }

  decideExtension(actor: Actor, id: number, dto: ListingExtensionDecisionDto) {
    return this.step(
      actor,
      id,
      dto.version,
      'decideExtension',
      'MAJOR_HAZARD_EXTENSION_DECIDED',
      async (l, tx) => {
        const e = (await this.listings.pendingExtension(tx, l.id))!;
        e.status = dto.approve ? ListingExtensionStatus.APPROVED : ListingExtensionStatus.REFUSED;
        e.decidedById = actor.id;
        e.decidedAt = this.clock.now();
        e.decisionNote = dto.note ?? null;
        await this.listings.saveExtension(tx, e);
        if (dto.approve) l.deadline = e.requestedDeadline;
        return { extensionId: e.id, decision: e.status, note: e.decisionNote };
      },
    );
  }

  requestAcceptance(actor: Actor, id: number, dto: AcceptanceRequestDto) {
    return this.step(
      actor,
      id,
      dto.version,
      'requestAcceptance',
      'MAJOR_HAZARD_ACCEPTANCE_REQUESTED',
      async (l, tx) => {
        const ids = [...new Set(dto.evidenceIds)];
        if ((await this.rectification.countEvidenceOf(l.findingId, ids, tx)) !== ids.length)
          throw validationFailed([
            {
              field: 'evidenceIds',
              messages: ['证据须为该问题的整改资料 / Evidence must belong to the finding'],
            },
          ]);
        l.status = ListingStatus.ACCEPTANCE_REQUESTED;
        l.acceptanceRequestedById = actor.id;
        l.acceptanceRequestedAt = this.clock.now();
        l.acceptanceRequestNote = dto.note ?? null;
        l.acceptanceEvidenceIds = ids;
        l.acceptanceDueOn = addDays(this.clock.today(), this.config.MAJOR_HAZARD_ACCEPTANCE_DAYS);
      },
    );
  }

  accept(actor: Actor, id: number, dto: AcceptanceDto) {
    return this.step(actor, id, dto.version, 'accept', 'MAJOR_HAZARD_ACCEPTANCE_DECIDED', async (l) => {
      if (dto.acceptedOn > this.clock.today())
        throw validationFailed([{ field: 'acceptedOn', messages: ['验收日期不能晚于今天 / In the future'] }]);
      l.acceptedById = actor.id;
      l.acceptedOn = dto.acceptedOn;
      l.acceptanceOpinion = dto.opinion;
      if (dto.result === 'PASS') l.status = ListingStatus.ACCEPTED;
      else {
        l.status = ListingStatus.SIGNED;
        l.failedAcceptances += 1;
        l.acceptanceDueOn = null;
      }
      return { result: dto.result };
    });
  }

  delist(actor: Actor, id: number, dto: DelistDto) {
    return this.step(actor, id, dto.version, 'delist', 'MAJOR_HAZARD_DELISTED', async (l) => {
      l.status = ListingStatus.DELISTED;
      l.delistedById = actor.id;
      l.delistedAt = this.clock.now();
      l.delistNote = dto.note ?? null;
    });
  }

  /** One step: the listing locked in the actor's scope, version and rule checked, changed, saved, recorded, announced. */
  private step(
    actor: Actor,
    id: number,
    version: number,
    action: ListingAction,
    auditAction: string,
    change: (l: SupervisionListing, tx: Tx) => Promise<Record<string, unknown> | void>,
  ) {
    return this.tx.run(async (tx) => {
      const l = await this.listings.lockInScope(tx, UnitScope.of(actor), id);
      if (!l) throw notFound('挂牌督办 / Listing', id);
      const finding = (await this.findings.findInScope(UnitScope.ORGANISATION, l.findingId, tx))!;
      const pending = await this.listings.pendingExtension(tx, l.id);
      assertListingAction(action, actor.roles, {
        status: l.status,
        pendingExtension: pending !== null,
        findingStatus: finding.status,
      });
      assertVersion(l, version);
      const before = snapshot(l);
      const extra = (await change(l, tx)) ?? undefined;
      const saved = await this.listings.save(tx, l);
      await this.record(tx, actor, saved, finding.unitId, auditAction, before, extra);
      return saved;
    });
  }

  private async record(
    tx: Tx,
    actor: Actor,
    l: SupervisionListing,
    unitId: number,
    action: string,
    before: Record<string, unknown> | null,
    extra?: Record<string, unknown>,
  ) {
    const after = { ...snapshot(l), ...(extra ?? {}) };
    await this.audit.record(tx, actor, {
      action,
      entityType: 'SupervisionListing',
      entityId: l.id,
      unitId,
      before,
      after,
    });
    await this.events.publish(
      new MajorHazardListingChanged(
        tx,
        l.id,
        l.findingId,
        unitId,
        action,
        l.docNumber,
        l.deadline,
        actor.id,
        after,
      ),
    );
  }
}

const snapshot = (l: SupervisionListing): Record<string, unknown> => ({
  findingId: l.findingId,
  docNumber: l.docNumber,
  level: l.level,
  supervisingUnit: l.supervisingUnit,
  requirements: l.requirements,
  deadline: l.deadline,
  status: l.status,
  publicNotice: l.publicNotice,
  servedTo: l.servedTo,
  signedByName: l.signedByName,
  acceptanceEvidenceIds: l.acceptanceEvidenceIds,
  acceptanceDueOn: l.acceptanceDueOn,
  acceptedOn: l.acceptedOn,
  acceptanceOpinion: l.acceptanceOpinion,
  delistNote: l.delistNote,
});
