import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Public } from '../auth/roles.decorator.js';
import { MIGRATIONS_TABLE } from '../database/data-source.js';
import { MIGRATIONS } from '../../migrations/index.js';

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
    private readonly indicators: HealthIndicatorService,
    @InjectDataSource() private readonly dataSource: DataSource,
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
    return this.health.check([() => this.database(), () => this.migrations()]);
  }

  /**
   * Does the database answer within 2 seconds? Down says only that: this route is public, so the
   * driver's error (which names the database's address) stays in the log.
   */
  private async database() {
    const check = this.indicators.check('database');
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.dataSource.query('SELECT 1'),
        new Promise((_, fail) => (timer = setTimeout(() => fail(new Error('timeout')), 2000))),
      ]);
      return check.up();
    } catch {
      return check.down({ message: 'the database does not answer' });
    } finally {
      clearTimeout(timer);
    }
  }

  private async migrations() {
    const check = this.indicators.check('migrations');
    try {
      const rows: { name: string }[] = await this.dataSource.query(`SELECT name FROM ${MIGRATIONS_TABLE}`);
      const applied = new Set(rows.map((r) => r.name));
      const pending = MIGRATIONS.map((m) => m.name).filter((name) => !applied.has(name));
      return pending.length ? check.down({ pending }) : check.up({ applied: applied.size });
    } catch {
      return check.down({ message: 'migration state could not be read' });
    }
  }
}
