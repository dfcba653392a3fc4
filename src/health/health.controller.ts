import { applyDecorators, Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Public } from '../auth/roles.decorator.js';
import { ApiProblems } from '../common/openapi.js';
import { HealthStatus } from './dto/health.response.js';
import { HealthRepository } from './health.repository.js';
import { MigrationsHealthIndicator } from './migrations.health.js';

// Terminus documents @HealthCheck itself only when it can require() @nestjs/swagger, which
// depends on the module loader (it cannot under Jest), and it documents its own error body
// rather than our problem+json. The responses are stated here instead, so the OpenAPI
// document is the same wherever it is generated.
const Documented = (summary: string) =>
  applyDecorators(
    ApiOperation({ summary }),
    ApiOkResponse({ description: 'Healthy', type: HealthStatus }),
    ApiProblems({
      503: {
        description: 'Not healthy: the check results are under details',
        detail: 'Service Unavailable Exception',
        details: {
          status: 'error',
          info: { migrations: { status: 'up', applied: 14 } },
          details: { database: { status: 'down', message: 'timeout of 2000ms exceeded' }, migrations: { status: 'up', applied: 14 } },
        },
      },
    }),
  );

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly repository: HealthRepository,
    private readonly migrations: MigrationsHealthIndicator,
  ) {}

  @Get('live')
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @Documented('The process is up')
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @Documented('The database answers and every migration this build knows is applied')
  ready() {
    return this.health.check([() => this.database(), () => this.migrations.check()]);
  }

  /**
   * Does the database answer within 2 seconds? Down says only that: this route is public, so the
   * driver's error (which names the database's address) stays in the log.
   */
  private async database() {
    const check = this.indicators.check('database');
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([this.repository.ping(), new Promise((_, fail) => (timer = setTimeout(() => fail(new Error('timeout')), 2000)))]);
      return check.up();
    } catch {
      return check.down({ message: 'the database does not answer' });
    } finally {
      clearTimeout(timer);
    }
  }
}
