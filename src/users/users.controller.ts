import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/access/actor';
import { CurrentActor } from '../common/access/current-actor.decorator';
import { AllowRoles } from '../common/access/roles.decorator';
import { Role } from '../common/access/roles';
import { VersionDto } from '../org/unit.dto';
import { CreateUserDto, ListUsersQuery, UpdateUserDto } from './user.dto';
import { UsersService } from './users.service';

/** Who may look people up: everyone who assigns, verifies or reads; unit roles within their subtree. */
const READERS = [
  Role.ADMIN,
  Role.SAFETY_OFFICE,
  Role.SUPERVISOR,
  Role.SUPERVISION_LEADER,
  Role.VIEWER,
  Role.UNIT_OFFICER,
  Role.UNIT_HEAD,
];

@ApiTags('users 用户')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @AllowRoles(...READERS)
  @ApiOperation({ summary: '用户列表 / List users (unit roles: their subtree)' })
  list(@CurrentActor() actor: Actor, @Query() q: ListUsersQuery) {
    return this.users.list(actor, q);
  }

  @Get(':id')
  @AllowRoles(...READERS)
  @ApiOperation({ summary: '用户详情 / One user (404 outside your subtree)' })
  get(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return this.users.get(actor, id);
  }

  @Post()
  @AllowRoles(Role.ADMIN)
  @ApiOperation({ summary: '新建用户 / Create a user; a generated initial password is returned once' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto) {
    return this.users.create(actor, dto);
  }

  @Patch(':id')
  @AllowRoles(Role.ADMIN)
  @ApiOperation({ summary: '修改用户（姓名、单位、角色） / Edit name, home unit, roles' })
  update(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: UpdateUserDto) {
    return this.users.update(actor, id, dto);
  }

  @Post(':id/deactivate')
  @AllowRoles(Role.ADMIN)
  @HttpCode(200)
  @ApiOperation({ summary: '停用用户 / Deactivate: cannot log in, existing tokens stop working' })
  deactivate(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: VersionDto) {
    return this.users.setActive(actor, id, dto.version, false);
  }

  @Post(':id/activate')
  @AllowRoles(Role.ADMIN)
  @HttpCode(200)
  @ApiOperation({ summary: '启用用户 / Re-activate a user' })
  activate(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: VersionDto) {
    return this.users.setActive(actor, id, dto.version, true);
  }

  @Post(':id/reset-password')
  @AllowRoles(Role.ADMIN)
  @HttpCode(200)
  @ApiOperation({ summary: '重置密码 / Reset a password; the new one is returned once' })
  resetPassword(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return this.users.resetPassword(actor, id);
  }
}
