import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  Post,
  Put,
  Query,
  Res,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { HttpResponse } from '../common/http/platform';
import type { Actor } from '../common/access/actor';
import { CurrentActor } from '../common/access/current-actor.decorator';
import { AllowRoles } from '../common/access/roles.decorator';
import { validationFailed } from '../common/errors/domain-error';
import type { CheckedInput } from '../common/errors/field-problems';
import { CheckedBody } from '../common/errors/validation';
import type { UploadedFile as UploadedPhoto } from '../common/files/file-type';
import { UploadInterceptor } from '../common/files/upload-limit.interceptor';
import { contentDisposition } from '../common/http/content-disposition';
import { AdHocTaskDto, AnswerDto, ListTasksQuery, SignDto } from './inspection.dto';
import { INSPECTION_READERS, SOURCE_MANAGERS } from './inspections-access';
import { InspectionTasksService } from './inspection-tasks.service';

@ApiTags('inspections 重要危险源与检查')
@Controller('inspection-tasks')
export class InspectionTasksController {
  constructor(private readonly tasks: InspectionTasksService) {}

  @Get()
  @AllowRoles(...INSPECTION_READERS)
  @ApiOperation({ summary: '检查任务 / Tasks in your subtree: state=due|missed|done|all' })
  list(@CurrentActor() actor: Actor, @Query() q: ListTasksQuery) {
    return this.tasks.list(actor, q);
  }

  @Get('mine')
  @AllowRoles(...INSPECTION_READERS)
  @ApiOperation({ summary: '我的检查任务 / Due now at the levels you inspect, and how many were missed' })
  mine(@CurrentActor() actor: Actor) {
    return this.tasks.mine(actor);
  }

  @Post()
  @AllowRoles(...SOURCE_MANAGERS)
  @ApiOperation({ summary: '临时检查 / An inspection outside the schedule (e.g. CARC before a repair)' })
  create(@CurrentActor() actor: Actor, @Body() dto: AdHocTaskDto) {
    return this.tasks.createAdHoc(actor, dto);
  }

  @Get(':id')
  @AllowRoles(...INSPECTION_READERS)
  @ApiOperation({ summary: '检查任务详情 / A task: its checklist version, answers and photos' })
  get(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return this.tasks.detail(actor, id);
  }

  @Put(':id/answers/:no')
  @AllowRoles(...SOURCE_MANAGERS)
  @ApiOperation({
    summary: '逐项检查 / Answer one item: PASS, FAIL or NOT_APPLICABLE, a note, fixed on the spot',
  })
  answer(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Param('no', ParseIntPipe) no: number,
    @Body() dto: AnswerDto,
  ) {
    return this.tasks.answer(actor, id, no, dto);
  }

  @Post(':id/answers/:no/photos')
  @AllowRoles(...SOURCE_MANAGERS)
  @UseInterceptors(UploadInterceptor('EVIDENCE_MAX_BYTES'))
  @ApiConsumes('multipart/form-data')
  @ApiQuery({ name: 'kind', enum: ['BEFORE', 'AFTER'], required: false })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' } },
    },
  })
  @ApiOperation({
    summary: '检查项照片 / A photo of an item (BEFORE: the problem; AFTER: fixed on the spot)',
  })
  addPhoto(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Param('no', ParseIntPipe) no: number,
    @Query('kind') kind: string | undefined,
    @UploadedFile() file: UploadedPhoto | undefined,
  ) {
    if (kind !== undefined && kind !== 'BEFORE' && kind !== 'AFTER')
      throw validationFailed([{ field: 'kind', messages: ['须为 BEFORE 或 AFTER / BEFORE or AFTER'] }]);
    return this.tasks.addPhoto(actor, id, no, kind ?? 'BEFORE', file);
  }

  @Post(':id/sign')
  @HttpCode(200)
  @AllowRoles(...SOURCE_MANAGERS)
  @ApiOperation({
    summary: '检查人签字 / Sign: every item answered; failed items become findings of the unit',
  })
  sign(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @CheckedBody(SignDto) body: CheckedInput<SignDto>,
  ) {
    return this.tasks.sign(actor, id, body.dto, body.problems);
  }
}

@ApiTags('inspections 重要危险源与检查')
@Controller('inspection-photos')
export class InspectionPhotosController {
  constructor(private readonly tasks: InspectionTasksService) {}

  @Get(':id')
  @AllowRoles(...INSPECTION_READERS)
  @ApiProduces('image/*')
  @ApiOperation({ summary: '检查照片 / A photo of an inspection you may see' })
  async photo(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Res({ passthrough: true }) res: HttpResponse,
  ) {
    const p = await this.tasks.photo(actor, id);
    res.header('Content-Disposition', contentDisposition(p.fileName, 'inline'));
    return new StreamableFile(p.content, { type: p.mimeType, length: p.sizeBytes });
  }
}
