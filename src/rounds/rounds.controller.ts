import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/access/actor';
import { CurrentActor } from '../common/access/current-actor.decorator';
import { AllowRoles } from '../common/access/roles.decorator';
import { FINDING_READERS } from '../common/access/reader-roles';
import { Role } from '../common/access/roles';
import { CreateRoundDto, ListRoundsQuery, UpdateRoundDto } from './round.dto';
import { RoundsService } from './rounds.service';

@ApiTags('rounds 督察轮次')
@Controller('rounds')
export class RoundsController {
  constructor(private readonly rounds: RoundsService) {}

  @Get()
  @AllowRoles(...FINDING_READERS)
  @ApiOperation({ summary: '督察轮次列表 / Audit rounds (unit roles: their company’s)' })
  list(@CurrentActor() actor: Actor, @Query() q: ListRoundsQuery) {
    return this.rounds.list(actor, q);
  }

  @Post()
  @AllowRoles(Role.SAFETY_OFFICE)
  @ApiOperation({ summary: '新建督察轮次 / Create a round (LOOK_BACK needs originalRoundId)' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateRoundDto) {
    return this.rounds.create(actor, dto);
  }

  @Patch(':id')
  @AllowRoles(Role.SAFETY_OFFICE)
  @ApiOperation({ summary: '修改轮次 / Edit a round' })
  update(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: UpdateRoundDto) {
    return this.rounds.update(actor, id, dto);
  }

  @Post(':id/start')
  @AllowRoles(Role.SAFETY_OFFICE)
  @HttpCode(200)
  @ApiOperation({ summary: '发布整改方案，开始整改 / PLANNED → RECTIFYING' })
  start(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return this.rounds.start(actor, id);
  }

  @Post(':id/close')
  @AllowRoles(Role.SAFETY_OFFICE, Role.SUPERVISION_LEADER)
  @HttpCode(200)
  @ApiOperation({ summary: '关闭轮次 / RECTIFYING → CLOSED when every finding is closed or cancelled' })
  close(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return this.rounds.close(actor, id);
  }
}
