import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/access/actor';
import { CurrentActor } from '../common/access/current-actor.decorator';
import { AllowRoles, AnyLoggedInUser } from '../common/access/roles.decorator';
import { Role } from '../common/access/roles';
import { CreateUnitDto, ListUnitsQuery, MoveUnitDto, UpdateUnitDto, VersionDto } from './unit.dto';
import { UnitsService } from './units.service';

@ApiTags('units 单位')
@Controller('units')
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  @Get()
  @AnyLoggedInUser()
  @ApiOperation({
    summary: '单位列表/搜索 / List and search units (name, former names, code); unit roles see their subtree',
  })
  list(@CurrentActor() actor: Actor, @Query() query: ListUnitsQuery) {
    return this.units.list(actor, query);
  }

  @Get('tree')
  @AnyLoggedInUser()
  @ApiOperation({ summary: '单位树 / The unit tree (unit roles: their own subtree)' })
  @ApiQuery({ name: 'includeInactive', required: false, type: Boolean })
  tree(@CurrentActor() actor: Actor, @Query('includeInactive') includeInactive?: string) {
    return this.units.tree(actor, includeInactive === 'true');
  }

  @Get(':id')
  @AnyLoggedInUser()
  @ApiOperation({ summary: '单位详情 / One unit (404 outside your subtree)' })
  get(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return this.units.get(actor, id);
  }

  @Post()
  @AllowRoles(Role.ADMIN)
  @ApiOperation({ summary: '新建单位 / Create a unit' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUnitDto) {
    return this.units.create(actor, dto);
  }

  @Patch(':id')
  @AllowRoles(Role.ADMIN)
  @ApiOperation({
    summary: '修改单位（改名保留曾用名） / Rename or edit a unit; the old name becomes an alias',
  })
  update(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: UpdateUnitDto) {
    return this.units.update(actor, id, dto);
  }

  @Post(':id/move')
  @HttpCode(200)
  @AllowRoles(Role.ADMIN)
  @ApiOperation({
    summary: '调整上级单位 / Move a unit under another parent (a cycle is refused: 409 UNIT_MOVE_CYCLE)',
  })
  move(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: MoveUnitDto) {
    return this.units.move(actor, id, dto);
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @AllowRoles(Role.ADMIN)
  @ApiOperation({
    summary: '停用单位 / Deactivate (never delete); refused while it has active children or open findings',
  })
  deactivate(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: VersionDto) {
    return this.units.setActive(actor, id, dto.version, false);
  }

  @Post(':id/activate')
  @HttpCode(200)
  @AllowRoles(Role.ADMIN)
  @ApiOperation({ summary: '重新启用单位 / Re-activate a unit' })
  activate(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: VersionDto) {
    return this.units.setActive(actor, id, dto.version, true);
  }
}
