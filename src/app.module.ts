import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { dataSourceOptions } from './database/data-source';
import { HealthModule } from './health/health.module';
import { AuditLogModule } from './audit-log/audit-log.module';
import { AuthModule } from './auth/auth.module';
import { OrgModule } from './org/org.module';
import { SupervisionGroupsModule } from './supervision-groups/supervision-groups.module';
import { UsersModule } from './users/users.module';
import { TimeModule } from './common/time/time.module';
import { RoundsModule } from './rounds/rounds.module';
import { FindingsModule } from './findings/findings.module';
import { AssessmentsModule } from './assessments/assessments.module';
import { CloseoutModule } from './closeout/closeout.module';
import { DemoModule } from './demo/demo.module';
import { ReportsModule } from './reports/reports.module';
import { HazardReportsModule } from './hazard-reports/hazard-reports.module';
import { WeeklyReportsModule } from './weekly-reports/weekly-reports.module';

export interface AppModuleOptions {
  config: AppConfig;
  /** Resolved before Nest starts: the external DATABASE_URL or the embedded server's URL. */
  databaseUrl: string;
  /** Where log lines go (stdout by default); tests pass a stream to read them. */
  logDestination?: NodeJS.WritableStream;
}

@Module({})
export class AppModule {
  static forRoot({ config, databaseUrl, logDestination }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: [
            {
              level: config.LOG_LEVEL,
              // The request id is assigned by requestIdMiddleware before anything else runs.
              genReqId: (req) => (req as unknown as { id: string }).id,
              redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
              serializers: {
                req: (req: { id: string; method: string; url: string }) => ({
                  id: req.id,
                  method: req.method,
                  url: req.url,
                }),
                res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
              },
              customLogLevel: (_req, res, err) =>
                err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
            },
            logDestination ?? process.stdout,
          ],
        }),
        TypeOrmModule.forRoot({
          ...dataSourceOptions(databaseUrl, {
            extra: { max: 20, application_name: 'rectify', connectionTimeoutMillis: 5000 },
          }),
          retryAttempts: 2,
          retryDelay: 1000,
        }),
        HealthModule,
        AuditLogModule,
        AuthModule,
        OrgModule,
        UsersModule,
        SupervisionGroupsModule,
        TimeModule,
        RoundsModule,
        FindingsModule,
        AssessmentsModule,
        CloseoutModule,
        WeeklyReportsModule,
        HazardReportsModule,
        ReportsModule,
        DemoModule,
      ],
    };
  }
}
