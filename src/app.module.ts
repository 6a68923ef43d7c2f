import { DynamicModule, Module, Type } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from './config/app-config';
import { logOptions } from './common/logging/request-log';
import { ConfigModule } from './config/config.module';
import { dataSourceOptions } from './database/data-source';
import { poolOptions } from './database/pool-options';
import { HealthModule } from './health/health.module';
import { AuditLogModule } from './audit-log/audit-log.module';
import { AuthModule } from './auth/auth.module';
import { OrgModule } from './org/org.module';
import { SupervisionGroupsModule } from './supervision-groups/supervision-groups.module';
import { UsersModule } from './users/users.module';
import { TimeModule } from './common/time/time.module';
import { PersistenceModule } from './common/persistence/persistence.module';
import { DomainEventsModule } from './common/events/events.module';
import { RoundsModule } from './rounds/rounds.module';
import { FindingsModule } from './findings/findings.module';
import { AssessmentsModule } from './assessments/assessments.module';
import { CloseoutModule } from './closeout/closeout.module';
import { DemoModule } from './demo/demo.module';
import { ReportsModule } from './reports/reports.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { HazardReportsModule } from './hazard-reports/hazard-reports.module';
import { MajorHazardSupervisionModule } from './major-hazard-supervision/major-hazard-supervision.module';
import { StatutoryStatisticsModule } from './statutory-statistics/statutory-statistics.module';
import { InspectionsModule } from './inspections/inspections.module';
import { WeeklyReportsModule } from './weekly-reports/weekly-reports.module';
import { WebModule } from './web/web.module';
import { NotificationsModule } from './notifications/notifications.module';

export const API_PREFIX = 'api/v1';

/** The modules whose controllers form the JSON API (served under API_PREFIX). */
const API_MODULES: Type[] = [
  HealthModule,
  AuditLogModule,
  AuthModule,
  OrgModule,
  UsersModule,
  SupervisionGroupsModule,
  TimeModule,
  PersistenceModule,
  DomainEventsModule,
  RoundsModule,
  FindingsModule,
  AssessmentsModule,
  CloseoutModule,
  WeeklyReportsModule,
  HazardReportsModule,
  MajorHazardSupervisionModule,
  StatutoryStatisticsModule,
  InspectionsModule,
  DashboardModule,
  NotificationsModule,
  ReportsModule,
  DemoModule,
];

export interface AppModuleOptions {
  config: AppConfig;
  /** Resolved before Nest starts: the external DATABASE_URL or the embedded server's URL. */
  databaseUrl: string;
  /** Where log lines go (stdout by default); tests pass a stream to read them. */
  logDestination?: NodeJS.WritableStream;
  /** Extra API controllers, for tests only (served under the API prefix like the rest). */
  extraControllers?: Type[];
}

/** Holds the tests' extra controllers, so they get the API prefix. */
@Module({})
class ExtraApiModule {}

@Module({})
export class AppModule {
  static forRoot({
    config,
    databaseUrl,
    logDestination,
    extraControllers = [],
  }: AppModuleOptions): DynamicModule {
    const api: Type[] = extraControllers.length ? [...API_MODULES, ExtraApiModule] : API_MODULES;
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        // Nest's own log lines, as pino JSON. The request log is app.ts's requestLog middleware, mounted first, so that
        // requests refused before Nest's router (malformed JSON, 413, 415) get their line too. nestjs-pino's middleware
        // is mounted on no route: it would bind req.log into an AsyncLocalStorage, which on Node 20 and 22 costs a hook
        // on every promise of every request (~10 % of the detail's CPU, issue 22). Log lines that belong to a request
        // name its id themselves (the exception filters do).
        LoggerModule.forRoot({
          pinoHttp: [logOptions(config.LOG_LEVEL), logDestination ?? process.stdout],
          useExisting: true,
          forRoutes: [],
        }),
        TypeOrmModule.forRoot({
          ...dataSourceOptions(databaseUrl, {
            extra: poolOptions({
              // Writes queue on the change-log head; with 20 connections a burst of 100 writes on a loaded machine
              // waits seconds for a connection. Waiting is what the user wants, not a failure after 5 s.
              connectionTimeoutMillis: 30_000,
              // Sent as startup parameters, so they hold for every statement on every pooled connection
              // (0 = PostgreSQL's default: no limit). When they fire the request answers 503 DATABASE_TIMEOUT.
              statement_timeout: config.DB_STATEMENT_TIMEOUT_MS,
              lock_timeout: config.DB_LOCK_TIMEOUT_MS,
              idleTimeoutMillis: config.DB_POOL_IDLE_TIMEOUT_MS,
            }),
          }),
          retryAttempts: 2,
          retryDelay: 1000,
        }),
        ...API_MODULES,
        ...(extraControllers.length ? [{ module: ExtraApiModule, controllers: extraControllers }] : []),
        // The API under /api/v1; the web pages (WebModule) at the root.
        RouterModule.register([{ path: API_PREFIX, children: api }]),
        WebModule,
      ],
    };
  }
}
