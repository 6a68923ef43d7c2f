import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module';
import { FindingsModule } from '../findings/findings.module';
import { OrgModule } from '../org/org.module';
import { RoundsModule } from '../rounds/rounds.module';
import { SupervisionGroupsModule } from '../supervision-groups/supervision-groups.module';
import { UsersModule } from '../users/users.module';
import { CloseoutController } from './closeout.controller';
import { GateFactsRepository } from './gate-facts.repository';
import { CloseoutRecordsRepository } from './closeout-records.repository';
import { CloseoutRecordsService } from './closeout-records.service';
import { CloseoutService } from './closeout.service';
import { VerificationRepository } from './verification.repository';
import { SupervisionStandingService } from './supervision-standing.service';
import { VerificationService } from './verification.service';

/** 复查, the 五个不放过 records and gate, 销号; CloseoutService is what other modules call. */
@Module({
  imports: [FindingsModule, AssessmentsModule, OrgModule, UsersModule, RoundsModule, SupervisionGroupsModule],
  controllers: [CloseoutController],
  providers: [
    CloseoutService,
    VerificationService,
    CloseoutRecordsService,
    VerificationRepository,
    CloseoutRecordsRepository,
    GateFactsRepository,
    SupervisionStandingService,
  ],
  exports: [CloseoutService],
})
export class CloseoutModule {}
