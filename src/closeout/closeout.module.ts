import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module';
import { FindingsModule } from '../findings/findings.module';
import { OrgModule } from '../org/org.module';
import { UsersModule } from '../users/users.module';
import { CloseoutController } from './closeout.controller';
import { CloseoutRecordsRepository } from './closeout-records.repository';
import { CloseoutRecordsService } from './closeout-records.service';
import { CloseoutService } from './closeout.service';
import { VerificationRepository } from './verification.repository';
import { VerificationService } from './verification.service';

/** 复查, the 五个不放过 records and gate, 销号; CloseoutService is what other modules call. */
@Module({
  imports: [FindingsModule, AssessmentsModule, OrgModule, UsersModule],
  controllers: [CloseoutController],
  providers: [
    CloseoutService,
    VerificationService,
    CloseoutRecordsService,
    VerificationRepository,
    CloseoutRecordsRepository,
  ],
  exports: [CloseoutService],
})
export class CloseoutModule {}
