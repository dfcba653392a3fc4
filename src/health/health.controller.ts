import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Public } from '../auth/roles.decorator.js';
import { MIGRATIONS_TABLE } from '../database/data-source.js';
import { MIGRATIONS } from '../../migrations/index.js';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** The process is up. */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /** The database answers and every migration this build knows is applied. */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.db.pingCheck('database', { timeout: 2000 }),
      () => this.migrations(),
    ]);
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
