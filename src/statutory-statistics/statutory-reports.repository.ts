import { Injectable } from '@nestjs/common';
import { DataSource, DeepPartial, In } from 'typeorm';
import type { Tx } from '../common/persistence/transactions';
import { StatutoryReport, StatutoryReportVersion } from './statutory-report.entities';

/** The statutory reports and their locked versions. */
@Injectable()
export class StatutoryReportsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private reports(tx?: Tx) {
    return (tx ?? this.dataSource.manager).getRepository(StatutoryReport);
  }

  private versions(tx?: Tx) {
    return (tx ?? this.dataSource.manager).getRepository(StatutoryReportVersion);
  }

  findById(id: number, tx?: Tx): Promise<StatutoryReport | null> {
    return this.reports(tx).findOneBy({ id });
  }

  findFor(unitId: number, period: string, tx?: Tx): Promise<StatutoryReport | null> {
    return this.reports(tx).findOneBy({ unitId, period });
  }

  /** The report locked FOR UPDATE (every step of the workflow changes it under this lock). */
  lock(tx: Tx, id: number): Promise<StatutoryReport | null> {
    return this.reports(tx).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async insert(tx: Tx, fields: DeepPartial<StatutoryReport>): Promise<StatutoryReport> {
    const saved = await this.reports(tx).save(this.reports(tx).create(fields));
    return this.reports(tx).findOneByOrFail({ id: saved.id });
  }

  save(tx: Tx, report: StatutoryReport): Promise<StatutoryReport> {
    return this.reports(tx).save(report);
  }

  /** The reports of a period for these units (any status). */
  forPeriod(period: string, unitIds: number[], tx?: Tx): Promise<StatutoryReport[]> {
    if (!unitIds.length) return Promise.resolve([]);
    return this.reports(tx).find({ where: { period, unitId: In(unitIds) }, order: { unitId: 'ASC' } });
  }

  /** Every report of the units given, newest period first. */
  listFor(unitIds: number[], period?: string): Promise<StatutoryReport[]> {
    if (!unitIds.length) return Promise.resolve([]);
    return this.reports().find({
      where: { unitId: In(unitIds), ...(period ? { period } : {}) },
      order: { period: 'DESC', unitId: 'ASC' },
    });
  }

  async insertVersion(tx: Tx, fields: DeepPartial<StatutoryReportVersion>): Promise<StatutoryReportVersion> {
    const saved = await this.versions(tx).save(this.versions(tx).create(fields));
    return this.versions(tx).findOneByOrFail({ id: saved.id });
  }

  versionsOf(reportId: number, tx?: Tx): Promise<StatutoryReportVersion[]> {
    return this.versions(tx).find({ where: { reportId }, order: { versionNo: 'ASC' } });
  }

  version(reportId: number, versionNo: number): Promise<StatutoryReportVersion | null> {
    return this.versions().findOneBy({ reportId, versionNo });
  }
}
