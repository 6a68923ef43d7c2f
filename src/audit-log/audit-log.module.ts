import { Global, Module } from '@nestjs/common';
import { AuditLogController } from './audit-log.controller';
import { AuditLogService } from './audit-log.service';
import { ChangeLogRepository } from './change-log.repository';
import { CheckpointJob } from './checkpoint.job';
import { CheckpointSigner } from './checkpoint-signer';
import { CheckpointsRepository } from './checkpoints.repository';

/** Global: every capability records its changes through AuditLogService. */
@Global()
@Module({
  controllers: [AuditLogController],
  providers: [AuditLogService, ChangeLogRepository, CheckpointsRepository, CheckpointSigner, CheckpointJob],
  exports: [AuditLogService, ChangeLogRepository, CheckpointJob],
})
export class AuditLogModule {}
