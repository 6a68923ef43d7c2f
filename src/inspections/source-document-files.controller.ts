import {
  Body,
  Controller,
  Get,
  Param,
  ParseIntPipe,
  Post,
  Query,
  Req,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { HttpRequest, HttpResponse } from '../common/http/platform';
import type { Actor } from '../common/access/actor';
import { CurrentActor } from '../common/access/current-actor.decorator';
import { AllowRoles } from '../common/access/roles.decorator';
import type { UploadedFile as UploadedDocument } from '../common/files/file-type';
import { UploadInterceptor } from '../common/files/upload-limit.interceptor';
import { sendByHash } from '../common/http/file-by-hash';
import { SourceDocumentType } from './inspection.enums';
import { INSPECTION_READERS, SOURCE_MANAGERS } from './inspections-access';
import { DocumentFileQuery, SourceDocumentFileDto } from './source-document-file.dto';
import { SourceDocumentFilesService } from './source-document-files.service';

@ApiTags('inspections 重要危险源与检查')
@Controller('hazard-sources')
export class SourceDocumentFilesController {
  constructor(private readonly files: SourceDocumentFilesService) {}

  @Post(':id/document-files')
  @AllowRoles(...SOURCE_MANAGERS)
  @UseInterceptors(UploadInterceptor('EVIDENCE_MAX_BYTES'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'type', 'number', 'version'],
      properties: {
        file: { type: 'string', format: 'binary' },
        type: { type: 'string', enum: Object.values(SourceDocumentType) },
        number: { type: 'string', example: 'RD-ZD-01' },
        version: { type: 'string', example: 'A/1' },
      },
    },
  })
  @ApiOperation({
    summary:
      '上传制度/规程/预案文件 / The file of a listed document (PDF, Word, photo; SHA-256 stored); replaces its current file, which is kept',
  })
  upload(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @UploadedFile() file: UploadedDocument | undefined,
    @Body() dto: SourceDocumentFileDto,
  ) {
    return this.files.upload(actor, id, dto, file);
  }

  @Get(':id/document-files')
  @AllowRoles(...INSPECTION_READERS)
  @ApiOperation({
    summary: '文件记录 / Every file of the source’s documents, current and replaced, newest first',
  })
  list(@CurrentActor() actor: Actor, @Param('id', ParseIntPipe) id: number) {
    return this.files.list(actor, id);
  }

  @Get(':id/document-files/:fileId')
  @AllowRoles(...INSPECTION_READERS)
  @ApiProduces('application/octet-stream')
  @ApiOperation({
    summary: '下载文件 / A document’s file byte-for-byte (X-Content-SHA256), current or replaced',
  })
  async download(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @Param('fileId', ParseIntPipe) fileId: number,
    @Query() q: DocumentFileQuery,
    @Req() req: HttpRequest,
    @Res() res: HttpResponse,
  ): Promise<void> {
    const file = await this.files.serve(actor, id, fileId, q.v);
    sendByHash(req, res, file, { version: q.v, disposition: 'attachment' });
  }
}
