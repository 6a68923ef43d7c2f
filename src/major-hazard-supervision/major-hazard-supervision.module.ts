import { Module } from '@nestjs/common';
import { FindingsModule } from '../findings/findings.module';
import { SupervisionController } from './supervision.controller';
import { SupervisionQueriesService } from './supervision-queries.service';
import { SupervisionRepository } from './supervision.repository';
import { SupervisionService } from './supervision.service';

/** 重大隐患挂牌督办 (issue 21): listings, the notice's service and signature, extensions, acceptance, 摘牌. */
@Module({
  imports: [FindingsModule],
  controllers: [SupervisionController],
  providers: [SupervisionRepository, SupervisionService, SupervisionQueriesService],
  exports: [SupervisionService, SupervisionQueriesService, SupervisionRepository],
})
export class MajorHazardSupervisionModule {}
