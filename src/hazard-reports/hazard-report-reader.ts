import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/access/actor';
import { notFound } from '../common/errors/domain-error';
import type { Tx } from '../common/persistence/transactions';
import type { ListHazardReportsQuery } from './hazard-report.dto';
import { reportVisibility, toReportView } from './hazard-report.view';
import { HazardReportsRepository } from './hazard-reports.repository';

/** Reports as a viewer may see them: the list, one report with its photos (their files: HazardPhotoFilesService). */
@Injectable()
export class HazardReportReader {
  constructor(private readonly reports: HazardReportsRepository) {}

  async list(actor: Actor, q: ListHazardReportsQuery) {
    const { rows, total } = await this.reports.listRows(
      reportVisibility(actor),
      { status: q.status, reporterId: q.mine === 'true' ? actor.id : undefined },
      { limit: q.limit ?? 100, offset: q.offset ?? 0 },
    );
    return { items: rows.map((r) => toReportView(actor, r)), total };
  }

  async get(actor: Actor, id: number, tx?: Tx) {
    const row = await this.reports.rowById(id, reportVisibility(actor), tx);
    if (!row) throw notFound('隐患举报 / Hazard report', id);
    const photos = await this.reports.photosOf(id, tx);
    return { ...toReportView(actor, row), photos };
  }
}
