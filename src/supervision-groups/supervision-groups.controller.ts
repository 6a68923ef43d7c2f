import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/access/actor';
import { CurrentActor } from '../common/access/current-actor.decorator';
import { AllowRoles, AnyLoggedInUser } from '../common/access/roles.decorator';
import { Role } from '../common/access/roles';
import { AddMemberDto, ChangePositionDto, CreateGroupDto, UpdateGroupDto } from './supervision-group.dto';
import { SupervisionGroupsService } from './supervision-groups.service';

const MANAGERS = [Role.ADMIN, Role.SAFETY_OFFICE];

@ApiTags('supervision-groups 督导组')
@Controller('supervision-groups')
export class SupervisionGroupsController {
  constructor(private readonly groups: SupervisionGroupsService) {}

  @Get()
  @AnyLoggedInUser()
  @ApiOperation({ summary: '督导组列表（含成员） / Supervision groups with their current members' })
  list() {
    return this.groups.list();
  }

  @Get(':id')
  @AnyLoggedInUser()
  @ApiOperation({ summary: '督导组详情 / One supervision group with members' })
  get(@Param('id', ParseIntPipe) id: number) {
    return this.groups.get(id);
  }

  @Post()
  @AllowRoles(...MANAGERS)
  @ApiOperation({ summary: '成立督导组 / Create a supervision group for a campaign' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateGroupDto) {
    return this.groups.create(actor, dto);
  }

  @Patch(':id')
  @AllowRoles(...MANAGERS)
  @ApiOperation({ summary: '修改督导组 / Edit a supervision group' })
  update(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: UpdateGroupDto) {
    return this.groups.update(actor, id, dto);
  }

  @Post(':id/members')
  @AllowRoles(...MANAGERS)
  @ApiOperation({
    summary: '增加成员 / Add a member with a position (组长/常务副组长/副组长 need SUPERVISION_LEADER)',
  })
  addMember(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: AddMemberDto) {
    return this.groups.addMember(actor, id, dto);
  }

  @Patch(':id/members/:userId')
  @AllowRoles(...MANAGERS)
  @ApiOperation({ summary: '调整职务 / Change a member’s position' })
  changePosition(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Param('userId', ParseIntPipe) userId: number,
    @Body() dto: ChangePositionDto,
  ) {
    return this.groups.changePosition(actor, id, userId, dto.position);
  }

  @Post(':id/members/:userId/leave')
  @AllowRoles(...MANAGERS)
  @HttpCode(200)
  @ApiOperation({ summary: '成员离组 / A member leaves the group (kept in history)' })
  removeMember(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Param('userId', ParseIntPipe) userId: number,
  ) {
    return this.groups.removeMember(actor, id, userId);
  }
}
