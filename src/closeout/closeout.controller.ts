import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/access/actor';
import { CurrentActor } from '../common/access/current-actor.decorator';
import { AllowRoles } from '../common/access/roles.decorator';
import { Role } from '../common/access/roles';
import { FINDING_READERS } from '../common/access/reader-roles';
import {
  AccountabilityDto,
  LinkRecurrenceDto,
  LinkSimilarDto,
  MechanismDto,
  SatisfactionDto,
  SuggestionQueryDto,
  SweepDto,
  VerificationDto,
} from './closeout.dto';
import { CloseoutService } from './closeout.service';

const SUPERVISION = [Role.SUPERVISOR, Role.SUPERVISION_LEADER];
const UNIT = [Role.UNIT_OFFICER, Role.UNIT_HEAD];

@ApiTags('closeout 复查与销号')
@Controller('findings')
export class CloseoutController {
  constructor(private readonly closeout: CloseoutService) {}

  @Post('suggestions')
  @AllowRoles(Role.SAFETY_OFFICE, ...SUPERVISION, ...UNIT)
  @HttpCode(200)
  @ApiOperation({
    summary:
      '登记时提示同类/复发问题 / Similar findings in other units and possible recurrences, before logging',
  })
  preview(@CurrentActor() actor: Actor, @Body() dto: SuggestionQueryDto) {
    return this.closeout.suggestionsPreview(actor, dto);
  }

  @Get(':id/suggestions')
  @AllowRoles(...FINDING_READERS)
  @ApiOperation({
    summary:
      '同类问题与复发提示 / Similar findings in other units; closed findings of this unit that may have recurred',
  })
  suggestions(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return this.closeout.suggestionsFor(actor, id);
  }

  @Post(':id/verifications')
  @AllowRoles(...SUPERVISION)
  @HttpCode(200)
  @ApiOperation({
    summary:
      '复查确认 / PASS (with evidence) → VERIFIED, also again from VERIFIED; FAIL → back to RECTIFYING with the reason. By a member of the round’s supervision group from outside the responsible 二级单位',
  })
  verify(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: VerificationDto) {
    return this.closeout.verify(actor, id, dto);
  }

  @Post(':id/sweep')
  @AllowRoles(Role.SAFETY_OFFICE, ...SUPERVISION, ...UNIT)
  @ApiOperation({
    summary: '举一反三排查记录 / Which units were checked for the same problem, and the result (rule 2)',
  })
  sweep(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: SweepDto) {
    return this.closeout.recordSweep(actor, id, dto);
  }

  @Post(':id/similar')
  @AllowRoles(Role.SAFETY_OFFICE, ...SUPERVISION)
  @HttpCode(200)
  @ApiOperation({ summary: '关联同类问题 / Link findings as similar to this one (rule 2 waits for them)' })
  similar(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: LinkSimilarDto) {
    return this.closeout.linkSimilar(actor, id, dto.findingIds);
  }

  @Post(':id/recurrence-of')
  @AllowRoles(Role.SAFETY_OFFICE, ...SUPERVISION)
  @HttpCode(200)
  @ApiOperation({
    summary:
      '关联为复发问题 / Link as a recurrence of a closed finding: RECURRENCE assessment, rule 4 covers the earlier persons',
  })
  recurrence(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: LinkRecurrenceDto,
  ) {
    return this.closeout.linkRecurrence(actor, id, dto.earlierFindingId);
  }

  @Post(':id/mechanisms')
  @AllowRoles(Role.SAFETY_OFFICE, ...SUPERVISION, ...UNIT)
  @ApiOperation({
    summary:
      '长效机制 / A rule, procedure or checklist created or revised; or (supervision group) why the existing one suffices (rule 3)',
  })
  mechanism(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number, @Body() dto: MechanismDto) {
    return this.closeout.recordMechanism(actor, id, dto);
  }

  @Post(':id/accountability')
  @AllowRoles(...SUPERVISION)
  @ApiOperation({
    summary: '责任追究 / A person and the action taken, or a no-fault decision with reasons (rule 4)',
  })
  accountability(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: AccountabilityDto,
  ) {
    return this.closeout.recordAccountability(actor, id, dto);
  }

  @Post(':id/satisfaction')
  @AllowRoles(Role.SAFETY_OFFICE, ...SUPERVISION)
  @ApiOperation({
    summary:
      '满意度确认 / The supervision group or the safety office records the representatives’ confirmation: names, how asked, result (rule 5); the unit may only upload it as evidence',
  })
  satisfaction(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: SatisfactionDto,
  ) {
    return this.closeout.recordSatisfaction(actor, id, dto);
  }

  @Get(':id/closeout')
  @AllowRoles(...FINDING_READERS)
  @ApiOperation({ summary: '五个不放过核查 / The five rules: satisfied or not, and what satisfies each' })
  gate(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return this.closeout.gate(actor, id);
  }

  @Post(':id/closeout')
  @AllowRoles(...SUPERVISION)
  @HttpCode(200)
  @ApiOperation({
    summary:
      '销号 / Close out from VERIFIED when all five rules hold (409 CLOSEOUT_RULES_UNMET lists each unmet rule); by a member of the round’s supervision group, its 组长/副组长 for MAJOR',
  })
  close(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return this.closeout.closeOut(actor, id);
  }
}
