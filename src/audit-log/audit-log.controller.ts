import { PageQuery } from '../common/dto';
import { Controller, Get, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';

import { IsOptional, IsString, Length } from 'class-validator';
import type { Actor } from '../common/access/actor';
import { CurrentActor } from '../common/access/current-actor.decorator';
import { AllowRoles } from '../common/access/roles.decorator';
import { ALL_ROLES, Role } from '../common/access/roles';
import { AuditLogService } from './audit-log.service';

class AuditLogQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'Unit' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  entityType?: string;

  @ApiPropertyOptional({ example: '12' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  entityId?: string;
}

@ApiTags('audit-log 操作留痕')
@Controller('audit-log')
export class AuditLogController {
  constructor(private readonly audit: AuditLogService) {}

  @Get()
  @AllowRoles(...ALL_ROLES.filter((r) => r !== Role.REPORTER))
  @ApiOperation({
    summary: '变更记录 / Change history of an entity (or all), newest first; unit roles see their subtree',
  })
  list(@CurrentActor() actor: Actor, @Query() q: AuditLogQuery) {
    return this.audit.list(actor, {
      entityType: q.entityType,
      entityId: q.entityId,
      limit: q.limit ?? 50,
      offset: q.offset ?? 0,
    });
  }

  @Get('verify')
  @AllowRoles(Role.ADMIN, Role.VIEWER)
  @ApiOperation({ summary: '校验哈希链 / Recompute the hash chain and report the first broken link' })
  verify() {
    return this.audit.verify();
  }

  @Post('checkpoints')
  @AllowRoles(Role.ADMIN)
  @ApiOperation({
    summary:
      '签名检查点 / Sign the current chain head now (a checkpoint; also written hourly); answers the latest checkpoint',
  })
  async checkpoint() {
    return { checkpoint: await this.audit.checkpoint() };
  }
}
