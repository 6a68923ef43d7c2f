import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module';
import { FindingsModule } from '../findings/findings.module';
import { CloseoutController } from './closeout.controller';
import { CloseoutService } from './closeout.service';

@Module({
  imports: [FindingsModule, AssessmentsModule],
  controllers: [CloseoutController],
  providers: [CloseoutService],
  exports: [CloseoutService],
})
export class CloseoutModule {}
