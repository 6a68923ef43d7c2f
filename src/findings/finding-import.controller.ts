import {
  Controller,
  HttpCode,
  Param,
  ParseIntPipe,
  Post,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/access/actor';
import { CurrentActor } from '../common/access/current-actor.decorator';
import { AllowRoles } from '../common/access/roles.decorator';
import { Role } from '../common/access/roles';
import { FindingExcelService } from './finding-excel.service';
import { UploadInterceptor } from '../common/files/upload-limit.interceptor';

@ApiTags('rounds 督察轮次')
@Controller('rounds')
export class FindingImportController {
  constructor(private readonly excel: FindingExcelService) {}

  @Post(':id/import')
  @AllowRoles(Role.SAFETY_OFFICE)
  @HttpCode(200)
  @UseInterceptors(UploadInterceptor('IMPORT_MAX_BYTES'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' } },
    },
  })
  @ApiOperation({
    summary: '从 Excel 导入问题清单 / Import findings from .xlsx (template: GET /findings/import-template)',
    description:
      'All rows are validated first; every error comes back at once (400 IMPORT_INVALID, details by row and column); nothing is imported unless every row is good.',
  })
  import(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIntPipe) id: number,
    @UploadedFile() file: { originalname: string; buffer: Buffer } | undefined,
  ) {
    return this.excel.importIntoRound(actor, id, file);
  }
}
