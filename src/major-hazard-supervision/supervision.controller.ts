import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { HttpResponse } from '../common/http/platform';
import type { Actor } from '../common/access/actor';
import { CurrentActor } from '../common/access/current-actor.decorator';
import { FINDING_READERS } from '../common/access/reader-roles';
import { AllowRoles, AnyLoggedInUser } from '../common/access/roles.decorator';
import { Role } from '../common/access/roles';
import {
  AcceptanceDto,
  AcceptanceRequestDto,
  CreateListingDto,
  DelistDto,
  ListingCountsQuery,
  ListingExtensionDecisionDto,
  ListingExtensionRequestDto,
  ListListingsQuery,
  ServeListingDto,
  SignListingDto,
} from './supervision.dto';
import { NOTICE_BOARD_LIMIT, SupervisionQueriesService } from './supervision-queries.service';
import { SupervisionService } from './supervision.service';

const AUTHORITY = [Role.SAFETY_OFFICE, Role.SUPERVISION_LEADER];
const UNIT = [Role.UNIT_OFFICER, Role.UNIT_HEAD];

@ApiTags('major-hazard-supervision 重大隐患挂牌督办')
@Controller('major-hazard-supervision')
export class SupervisionController {
  constructor(
    private readonly service: SupervisionService,
    private readonly queries: SupervisionQueriesService,
  ) {}

  @Post('listings')
  @AllowRoles(...AUTHORITY)
  @ApiOperation({ summary: '挂牌督办 / List a MAJOR finding for supervision (文号 generated, never reused)' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateListingDto) {
    return this.service.list(actor, dto);
  }

  @Get('listings')
  @AllowRoles(...FINDING_READERS)
  @ApiOperation({
    summary:
      '督办列表 / Listings in your scope (filters: status, level, unitId, overdue, awaitingAcceptance, acceptanceOverdue)',
  })
  list(@CurrentActor() actor: Actor, @Query() q: ListListingsQuery) {
    return this.queries.list(actor, q);
  }

  @Get('statistics')
  @AllowRoles(...FINDING_READERS)
  @ApiOperation({ summary: '督办统计 / Open listings by level, overdue, awaiting acceptance, delisted' })
  counts(@CurrentActor() actor: Actor, @Query() q: ListingCountsQuery) {
    return this.queries.counts(actor, q);
  }

  @Get('notices')
  @AnyLoggedInUser()
  @ApiOperation({
    summary: `挂牌/摘牌公告 / The listings published on the notice board, the newest ${NOTICE_BOARD_LIMIT} (X-Total-Count: all)`,
  })
  @ApiOkResponse({
    headers: {
      'X-Total-Count': {
        description: `How many listings are published; the body holds at most ${NOTICE_BOARD_LIMIT}`,
      },
    },
  })
  async notices(@Res({ passthrough: true }) res: HttpResponse) {
    // The body stays the array it has been since issue 21; the header says when it was cut (as the page does).
    const board = await this.queries.noticeBoard();
    res.header('X-Total-Count', String(board.total));
    return board.items;
  }

  @Get('listings/:id')
  @AllowRoles(...FINDING_READERS)
  @ApiOperation({ summary: '督办详情 / One listing with its extension history and the steps you may take' })
  get(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return this.queries.detail(actor, id);
  }

  @Post('listings/:id/serve')
  @HttpCode(200)
  @AllowRoles(...AUTHORITY)
  @ApiOperation({ summary: '送达 / Record that the 督办通知书 was served (to whom; by you, now)' })
  serve(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: ServeListingDto) {
    return this.service.serve(actor, id, dto);
  }

  @Post('listings/:id/sign')
  @HttpCode(200)
  @AllowRoles(...UNIT)
  @ApiOperation({ summary: '签收 / The unit signs for the notice' })
  sign(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: SignListingDto) {
    return this.service.sign(actor, id, dto);
  }

  @Post('listings/:id/extensions')
  @HttpCode(200)
  @AllowRoles(...UNIT)
  @ApiOperation({
    summary: '申请延期 / The unit asks for a later deadline, with its reason, before the deadline passes',
  })
  requestExtension(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: ListingExtensionRequestDto,
  ) {
    return this.service.requestExtension(actor, id, dto);
  }

  @Post('listings/:id/extensions/decision')
  @HttpCode(200)
  @AllowRoles(...AUTHORITY)
  @ApiOperation({ summary: '审批延期 / The listing authority approves or refuses the pending extension' })
  decideExtension(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: ListingExtensionDecisionDto,
  ) {
    return this.service.decideExtension(actor, id, dto);
  }

  @Post('listings/:id/acceptance-request')
  @HttpCode(200)
  @AllowRoles(...UNIT)
  @ApiOperation({
    summary: '验收申请 / The unit applies for acceptance with the evidence (the finding’s files)',
  })
  requestAcceptance(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: AcceptanceRequestDto,
  ) {
    return this.service.requestAcceptance(actor, id, dto);
  }

  @Post('listings/:id/acceptance')
  @HttpCode(200)
  @AllowRoles(Role.SAFETY_OFFICE, Role.SUPERVISOR, Role.SUPERVISION_LEADER)
  @ApiOperation({ summary: '现场验收 / The group accepts on site (PASS) or sends it back (FAIL)' })
  accept(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: AcceptanceDto) {
    return this.service.accept(actor, id, dto);
  }

  @Post('listings/:id/delist')
  @HttpCode(200)
  @AllowRoles(...AUTHORITY)
  @ApiOperation({ summary: '摘牌 / Delist: only after acceptance and once the finding is closed out (销号)' })
  delist(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: DelistDto) {
    return this.service.delist(actor, id, dto);
  }
}
