import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/access/actor';
import { CurrentActor } from '../common/access/current-actor.decorator';
import { AllowRoles } from '../common/access/roles.decorator';
import { Role } from '../common/access/roles';
import { FINDING_READERS } from '../common/access/reader-roles';
import { CreateAssessmentDto, CreateNoticeDto, ListAssessmentsQuery } from './assessment.dto';
import { AssessmentsService } from './assessments.service';

const ASSESSORS = [Role.SAFETY_OFFICE, Role.SUPERVISOR, Role.SUPERVISION_LEADER];

@ApiTags('assessments 考核')
@Controller('assessments')
export class AssessmentsController {
  constructor(private readonly assessments: AssessmentsService) {}

  @Get()
  @AllowRoles(...FINDING_READERS)
  @ApiOperation({
    summary: '考核记录 / Assessments by unit (subtree), reason and period; unit roles see their subtree',
  })
  list(@CurrentActor() actor: Actor, @Query() q: ListAssessmentsQuery) {
    return this.assessments.list(actor, q);
  }

  @Post()
  @AllowRoles(...ASSESSORS)
  @ApiOperation({ summary: '手工考核 / Record an assessment by hand' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateAssessmentDto) {
    return this.assessments.createManual(actor, dto);
  }
}

@ApiTags('notices 通报')
@Controller('notices')
export class NoticesController {
  constructor(private readonly assessments: AssessmentsService) {}

  @Get()
  @AllowRoles(...FINDING_READERS)
  @ApiOperation({ summary: '通报列表 / Notices (drafts only for the safety office and supervisors)' })
  list(@CurrentActor() actor: Actor) {
    return this.assessments.listNotices(actor);
  }

  @Get(':id')
  @AllowRoles(...FINDING_READERS)
  @ApiOperation({ summary: '通报详情 / A notice with its assessments' })
  get(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return this.assessments.getNotice(actor, id);
  }

  @Post()
  @AllowRoles(Role.SAFETY_OFFICE)
  @ApiOperation({ summary: '起草通报 / Draft a notice grouping assessments' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateNoticeDto) {
    return this.assessments.createNotice(actor, dto);
  }

  @Post(':id/publish')
  @AllowRoles(Role.SAFETY_OFFICE)
  @HttpCode(200)
  @ApiOperation({ summary: '发布通报 / Publish a notice' })
  publish(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return this.assessments.publishNotice(actor, id);
  }
}
