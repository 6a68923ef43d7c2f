import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/access/actor';
import { UnitScope } from '../common/access/unit-scope';
import { AuditLogService } from '../audit-log/audit-log.service';
import { conflict, forbidden, notFound, validationFailed } from '../common/errors/domain-error';
import { Transactions } from '../common/persistence/transactions';
import { assertVersion } from '../common/persistence/version';
import { Clock } from '../common/time/clock';
import { CloseoutDecisionDto, CloseoutRequestDto } from './inspection.dto';
import { CloseoutStatus, CloseoutTarget, SourceStatus } from './inspection.enums';
import { assertManages, assertVisible } from './inspections-access';
import type { HazardSource } from './inspections.entities';
import { HazardSourcesRepository } from './hazard-sources.repository';
import { HazardSourcesService } from './hazard-sources.service';
import { InspectionTasksRepository } from './inspection-tasks.repository';
import { sourceGaps } from './rules/gaps';

/**
 * 销号 of a gap of a 重要危险源 or of the source itself (decommissioned): the unit asks with a reason, the safety
 * office approves or rejects (not the person who asked); both steps are in the change log. An approved gap is listed
 * as closed; an approved source is decommissioned and its open inspections cancelled.
 */
@Injectable()
export class SourceCloseoutsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly repo: HazardSourcesRepository,
    private readonly tasks: InspectionTasksRepository,
    private readonly sources: HazardSourcesService,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
  ) {}

  request(actor: Actor, sourceId: number, dto: CloseoutRequestDto) {
    return this.transactions.run(async (tx) => {
      const s = await this.sources.getRow(actor, sourceId, tx, true);
      assertManages(actor, s.unitPath);
      if (s.status !== SourceStatus.ACTIVE)
        throw conflict('SOURCE_DECOMMISSIONED', '该重要危险源已销号 / The source is already closed out');
      const gapKey = dto.target === CloseoutTarget.GAP ? (dto.gapKey ?? '') : null;
      if (gapKey !== null) {
        const gap = sourceGaps(s, this.clock.today()).find((g) => g.key === gapKey);
        if (!gap || gap.closed)
          throw validationFailed([
            { field: 'gapKey', messages: ['该危险源没有这个未销号的缺项 / No such open gap of the source'] },
          ]);
      }
      if (await this.repo.pendingCloseout(tx, sourceId, gapKey))
        throw conflict('CLOSEOUT_PENDING', '已有待审批的销号申请 / A request is already waiting');
      const c = await this.repo.insertCloseout(tx, {
        sourceId,
        target: dto.target,
        gapKey,
        reason: dto.reason,
        requestedById: actor.id,
      });
      await this.audit.record(tx, actor, {
        action: 'HAZARD_SOURCE_CLOSEOUT_REQUESTED',
        entityType: 'HazardSource',
        entityId: sourceId,
        unitId: s.unitId,
        note: { closeoutId: c.id, target: c.target, gapKey, reason: c.reason },
      });
      return c;
    });
  }

  decide(actor: Actor, closeoutId: number, dto: CloseoutDecisionDto) {
    return this.transactions.run(async (tx) => {
      const c = await this.repo.findCloseout(tx, closeoutId);
      if (!c) throw notFound('销号申请', closeoutId);
      const s = await this.repo.findById(c.sourceId, tx, true);
      assertVisible(actor, s!.unitPath, '销号申请', closeoutId);
      assertVersion(c, dto.version);
      if (c.status !== CloseoutStatus.PENDING)
        throw conflict('CLOSEOUT_DECIDED', '该销号申请已审批 / Already decided');
      if (c.requestedById === actor.id)
        throw forbidden('申请人不能审批自己的销号申请 / You cannot approve your own request');
      if (!dto.approve && !dto.note)
        throw validationFailed([{ field: 'note', messages: ['驳回须写明理由 / Say why it is rejected'] }]);
      c.status = dto.approve ? CloseoutStatus.APPROVED : CloseoutStatus.REJECTED;
      c.decidedById = actor.id;
      c.decidedAt = this.clock.now();
      c.decisionNote = dto.note ?? null;
      await this.repo.saveCloseout(tx, c);
      const { unitName: _n, unitPath: _p, unit: _u, documentFiles: _f, ...entity } = s!;
      const source = entity as HazardSource;
      const before = { status: source.status, closedGaps: [...source.closedGaps] };
      let cancelled = 0;
      if (dto.approve) {
        if (c.target === CloseoutTarget.SOURCE) {
          source.status = SourceStatus.DECOMMISSIONED;
          cancelled = await this.tasks.cancelOpenOfSource(tx, source.id);
        } else source.closedGaps = [...source.closedGaps, c.gapKey!];
        await this.repo.save(tx, source);
      }
      await this.audit.record(tx, actor, {
        action: dto.approve ? 'HAZARD_SOURCE_CLOSEOUT_APPROVED' : 'HAZARD_SOURCE_CLOSEOUT_REJECTED',
        entityType: 'HazardSource',
        entityId: source.id,
        unitId: source.unitId,
        before,
        after: { status: source.status, closedGaps: source.closedGaps },
        note: {
          closeoutId: c.id,
          target: c.target,
          gapKey: c.gapKey,
          reason: c.reason,
          decision: c.decisionNote,
          cancelledTasks: cancelled,
        },
      });
      return c;
    });
  }

  pending(actor: Actor) {
    return this.repo.pendingCloseouts(UnitScope.of(actor));
  }
}
