import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Actor, SYSTEM_ACTOR } from '../common/access/actor';
import { AuditLogService } from '../audit-log/audit-log.service';
import { DomainError, validationFailed } from '../common/errors/domain-error';
import { checkUpload, UploadedFile } from '../common/files/file-type';
import type { EvidenceSize } from '../common/files/image-sizes';
import { Transactions, type Tx } from '../common/persistence/transactions';
import { AppConfig } from '../config/app-config';
import { UnitsService } from '../org/units.service';
import { BountiesService } from './bounties.service';
import { BountyLedgerService } from './bounty-ledger.service';
import {
  BountyDecisionDto,
  BountyPaymentDto,
  CreateHazardReportDto,
  LedgerQuery,
  ListHazardReportsQuery,
  ProposeBountyDto,
  TriageDto,
} from './hazard-report.dto';
import { HazardReportStatus } from './hazard-report.enums';
import { HazardPhotoFilesService } from './hazard-photo-files.service';
import { HazardReportReader } from './hazard-report-reader';
import { MASKED_NAME } from './hazard-report.view';
import { HazardReportsRepository } from './hazard-reports.repository';
import { HazardTriageService } from './hazard-triage.service';
import { assertPhotoAllowed } from './rules/report-states';

/**
 * 隐患举报: submitting a report, its photos, the list and one report (identities masked where asked). The module's
 * API for its callers: triage and the bounty steps are passed on to HazardTriageService and BountiesService.
 */
@Injectable()
export class HazardReportsService {
  constructor(
    private readonly tx: Transactions,
    private readonly reports: HazardReportsRepository,
    private readonly reader: HazardReportReader,
    private readonly photoFiles: HazardPhotoFilesService,
    private readonly triageService: HazardTriageService,
    private readonly bounties: BountiesService,
    private readonly bountyLedger: BountyLedgerService,
    private readonly units: UnitsService,
    private readonly audit: AuditLogService,
    private readonly config: AppConfig,
  ) {}

  async create(actor: Actor, dto: CreateHazardReportDto) {
    return this.tx.run(async (tx) => {
      const unit = await this.activeUnit(tx, dto.hazardUnitId);
      if (!unit)
        throw validationFailed([
          { field: 'hazardUnitId', messages: ['隐患所在单位不存在或已停用 / No such active unit'] },
        ]);
      if (dto.onBehalfOfUnit && !actor.homeUnitId)
        throw validationFailed([
          { field: 'onBehalfOfUnit', messages: ['您没有所属单位，不能以单位名义举报 / You have no unit'] },
        ]);
      const report = await this.reports.insert(tx, {
        reporterId: actor.id,
        onBehalfOfUnitId: dto.onBehalfOfUnit ? actor.homeUnitId : null,
        hideIdentity: dto.hideIdentity,
        hazardUnitId: unit.id,
        location: dto.location,
        description: dto.description,
        status: HazardReportStatus.SUBMITTED,
      });
      await this.recordReported(tx, actor, report.id, unit.id, dto);
      return this.reader.get(actor, report.id, tx);
    });
  }

  /** The unit where the hazard is: any active unit of the organisation (a reporter may name any). */
  private async activeUnit(tx: Tx, id: number) {
    try {
      const unit = await this.units.get(SYSTEM_ACTOR, id, tx);
      return unit.active ? unit : null;
    } catch (err) {
      if (err instanceof DomainError && err.kind === 'NOT_FOUND') return null;
      throw err;
    }
  }

  /**
   * The change log is readable beyond the bounty handlers, so it never carries a hidden reporter's identity
   * (the report itself keeps it, for the handlers).
   */
  private async recordReported(tx: Tx, actor: Actor, id: number, unitId: number, dto: CreateHazardReportDto) {
    await this.audit.record(tx, reporterAsLogged(actor, dto.hideIdentity), {
      action: 'HAZARD_REPORTED',
      entityType: 'HazardReport',
      entityId: id,
      unitId,
      after: {
        hazardUnitId: unitId,
        location: dto.location,
        description: dto.description,
        hideIdentity: dto.hideIdentity,
      },
    });
  }

  list(actor: Actor, q: ListHazardReportsQuery) {
    return this.reader.list(actor, q);
  }

  get(actor: Actor, id: number) {
    return this.reader.get(actor, id);
  }

  async addPhoto(actor: Actor, id: number, file: UploadedFile | undefined) {
    const checked = checkUpload(file, this.config.EVIDENCE_MAX_BYTES, 'photos');
    const sizes = await this.photoFiles.sizesOf(checked.mimeType, file!.buffer);
    return this.tx.run(async (tx) => {
      const report = await this.reports.lock(tx, id);
      assertPhotoAllowed(report, actor.id, id);
      const sha256 = createHash('sha256').update(file!.buffer).digest('hex');
      const photo = await this.reports.insertPhoto(tx, {
        reportId: id,
        ...checked,
        sha256,
        content: file!.buffer,
      });
      await this.photoFiles.store(tx, photo.id, sizes);
      // In the change log as every other upload is; a reporter who hid their identity stays hidden there too.
      await this.audit.record(tx, reporterAsLogged(actor, report!.hideIdentity), {
        action: 'HAZARD_REPORT_PHOTO_ADDED',
        entityType: 'HazardReport',
        entityId: id,
        unitId: report!.hazardUnitId,
        after: { photoId: photo.id, fileName: photo.fileName, sizeBytes: photo.sizeBytes, sha256 },
      });
      const { content: _c, ...meta } = photo;
      return meta;
    });
  }

  /** A photo (original, thumb or medium) of a report this user may see; `version` pins the original's hash. */
  photo(actor: Actor, id: number, photoId: number, size?: EvidenceSize, version?: string) {
    return this.photoFiles.serve(actor, id, photoId, size, version);
  }

  // ---------- passed on (the module's API as its callers know it) ----------

  triage(actor: Actor, id: number, dto: TriageDto) {
    return this.triageService.triage(actor, id, dto);
  }

  propose(actor: Actor, dto: ProposeBountyDto) {
    return this.bounties.propose(actor, dto);
  }

  decide(actor: Actor, id: number, dto: BountyDecisionDto) {
    return this.bounties.decide(actor, id, dto);
  }

  pay(actor: Actor, id: number, dto: BountyPaymentDto) {
    return this.bounties.pay(actor, id, dto);
  }

  ledger(actor: Actor, q: LedgerQuery) {
    return this.bountyLedger.ledger(actor, q);
  }
}

/** The reporter as the change log names them: nobody in particular when they asked to stay hidden. */
const reporterAsLogged = (actor: Actor, hideIdentity: boolean): Actor =>
  hideIdentity ? { ...actor, id: 0, displayName: MASKED_NAME } : actor;
