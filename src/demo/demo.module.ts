import { MajorHazardSupervisionModule } from '../major-hazard-supervision/major-hazard-supervision.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { CloseoutModule } from '../closeout/closeout.module';
import { AppConfig, loadsDemoData } from '../config/app-config';
import { FindingsModule } from '../findings/findings.module';
import { OrgModule } from '../org/org.module';
import { RoundsModule } from '../rounds/rounds.module';
import { SupervisionGroupsModule } from '../supervision-groups/supervision-groups.module';
import { UsersModule } from '../users/users.module';
import { WeeklyReportsModule } from '../weekly-reports/weekly-reports.module';
import { HazardReportsModule } from '../hazard-reports/hazard-reports.module';
import { StatutoryStatisticsModule } from '../statutory-statistics/statutory-statistics.module';
import { InspectionsModule } from '../inspections/inspections.module';
import { CheckpointJob } from '../audit-log/checkpoint.job';
import { DemoSeeder } from './demo-seeder';
import { DemoRepository } from './demo.repository';

/**
 * Loads the demo data on first start with an empty database (DEMO_DATA; unset: only with the embedded database;
 * never in tests).
 */
@Module({
  imports: [
    NotificationsModule,
    OrgModule,
    UsersModule,
    SupervisionGroupsModule,
    RoundsModule,
    FindingsModule,
    CloseoutModule,
    WeeklyReportsModule,
    HazardReportsModule,
    StatutoryStatisticsModule,
    MajorHazardSupervisionModule,
    InspectionsModule,
  ],
  providers: [DemoRepository, DemoSeeder],
  exports: [DemoSeeder],
})
export class DemoModule implements OnApplicationBootstrap {
  constructor(
    private readonly seeder: DemoSeeder,
    private readonly config: AppConfig,
    private readonly checkpoints: CheckpointJob,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!loadsDemoData(this.config) || this.config.NODE_ENV === 'test') return;
    // The checkpoint job signed the (empty) head at start; sign the loaded demo at once rather than an hour later.
    if (await this.seeder.seedIfEmpty()) await this.checkpoints.signNow();
  }
}
