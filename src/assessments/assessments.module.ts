import { Module } from '@nestjs/common';
import { OrgModule } from '../org/org.module';
import { AssessmentsController, NoticesController } from './assessments.controller';
import { AssessmentsRepository } from './assessments.repository';
import { AssessmentsService } from './assessments.service';
import { NoticesRepository } from './notices.repository';

@Module({
  imports: [OrgModule],
  controllers: [AssessmentsController, NoticesController],
  providers: [AssessmentsService, AssessmentsRepository, NoticesRepository],
  exports: [AssessmentsService, AssessmentsRepository, NoticesRepository],
})
export class AssessmentsModule {}
