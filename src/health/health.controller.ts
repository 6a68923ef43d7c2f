import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { HttpResponse } from '../common/http/platform';
import { Public } from '../common/access/public.decorator';
import { HealthReport, HealthService } from './health.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: '健康检查 / Health: database reachable, migrations up to date, version',
    description: 'Anyone, no login. 503 when the database is unreachable or migrations are pending.',
  })
  @ApiOkResponse({ description: 'Healthy' })
  @ApiServiceUnavailableResponse({ description: 'Database unreachable or migrations pending' })
  async check(@Res({ passthrough: true }) res: HttpResponse): Promise<HealthReport> {
    const report = await this.health.check();
    if (report.status !== 'ok') res.status(HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }
}
