import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/roles.decorator.js';
import { MigrationsHealthIndicator } from './migrations.health.js';

/** The body of a healthy answer; an unhealthy one is a 503 problem+json with the results under `details`. */
const HEALTHY = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ok'] },
    info: { type: 'object', additionalProperties: true, example: { database: { status: 'up' } } },
    error: { type: 'object', additionalProperties: true, example: {} },
    details: { type: 'object', additionalProperties: true, example: { database: { status: 'up' } } },
  },
};

// Terminus documents @HealthCheck itself only when it can require() @nestjs/swagger, which
// depends on the module loader (it cannot under Jest), and it documents its own error body
// rather than our problem+json. The responses are stated here instead, so the OpenAPI
// document is the same wherever it is generated.
const Documented = (summary: string) => (target: object, key: string | symbol, descriptor: PropertyDescriptor) => {
  ApiOperation({ summary })(target, key, descriptor);
  ApiOkResponse({ description: 'Healthy', schema: HEALTHY })(target, key, descriptor);
  ApiServiceUnavailableResponse({ description: 'Not healthy: application/problem+json with the check results under details' })(
    target,
    key,
    descriptor,
  );
};

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
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
    return this.health.check([() => this.db.pingCheck('database', { timeout: 2000 }), () => this.migrations.check()]);
  }
}
