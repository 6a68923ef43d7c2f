import { Module, OnModuleInit } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { AppConfig } from '../config/app-config';
import { FindingsModule } from '../findings/findings.module';
import { DashboardWebModule } from './dashboard/dashboard-web.module';
import { AssessmentsWebModule } from './assessments/assessments-web.module';
import { FindingsWebModule } from './findings/findings-web.module';
import { HazardsWebModule } from './hazards/hazards-web.module';
import { InspectionsWebModule } from './inspections/inspections-web.module';
import { NotificationsWebModule } from './notifications/notifications-web.module';
import { HomeCards } from './home/home-cards';
import { MajorHazardsWebModule } from './major-hazards/major-hazards-web.module';
import { HomePages } from './home/home.pages';
import { RoundsWebModule } from './rounds/rounds-web.module';
import { StatisticsWebModule } from './statistics/statistics-web.module';
import { LoginPages } from './session/login.pages';
import { configureViews } from './view';
import { WeeklyWebModule } from './weekly/weekly-web.module';

/**
 * The web pages (server-rendered, templates in templates/web). They call the same services as the API with the
 * logged-in user as actor, so the role and unit-scope rules are the API's own; they never reach the database
 * themselves.
 */
@Module({
  imports: [
    AuthModule,
    FindingsModule,
    RoundsWebModule,
    FindingsWebModule,
    WeeklyWebModule,
    HazardsWebModule,
    InspectionsWebModule,
    AssessmentsWebModule,
    StatisticsWebModule,
    DashboardWebModule,
    NotificationsWebModule,
    MajorHazardsWebModule,
  ],
  controllers: [LoginPages, HomePages],
  providers: [HomeCards],
})
export class WebModule implements OnModuleInit {
  constructor(private readonly config: AppConfig) {}

  onModuleInit(): void {
    configureViews({ timeZone: this.config.BUSINESS_TIME_ZONE });
  }
}
