import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { MIGRATIONS } from '../../migrations/index.js';
import { HealthRepository } from './health.repository.js';

/** The migrations this build knows that the database has not applied. */
export function pendingMigrations(known: readonly string[], applied: ReadonlySet<string>): string[] {
  return known.filter((name) => !applied.has(name));
}

/** Ready only when every migration of this build is applied (a newer build must not serve an older schema). */
@Injectable()
export class MigrationsHealthIndicator {
  constructor(
    private readonly repository: HealthRepository,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async check(key = 'migrations') {
    const indicator = this.indicators.check(key);
    try {
      const applied = await this.repository.appliedMigrationNames();
      const pending = pendingMigrations(
        MIGRATIONS.map((m) => m.name),
        applied,
      );
      return pending.length ? indicator.down({ pending }) : indicator.up({ applied: applied.size });
    } catch {
      return indicator.down({ message: 'migration state could not be read' });
    }
  }
}
