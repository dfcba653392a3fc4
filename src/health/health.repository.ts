import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { MIGRATIONS_TABLE } from '../database/data-source.js';

/** The health checks' SQL: on the plain pool, outside any request transaction. */
@Injectable()
export class HealthRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Resolves when the database answers a query. */
  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }

  async appliedMigrationNames(): Promise<Set<string>> {
    const rows: { name: string }[] = await this.dataSource.query(`SELECT name FROM ${MIGRATIONS_TABLE}`);
    return new Set(rows.map((r) => r.name));
  }
}
