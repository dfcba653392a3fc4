import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { RequestContext, type Principal } from '../common/request-context.js';

/** The row-level-security settings of a tenant transaction: $1 the municipalities, $2 the subject. */
export const TENANT_SETTINGS_SQL = `SELECT set_config('app.municipalities', $1, true), set_config('app.sub', $2, true), set_config('app.scope', 'municipal', true)`;

/**
 * Repositories' handle on the database: `tx` is the request's transaction (which carries the
 * row-level-security settings) when there is one. Outside a transaction it is the plain pool,
 * where the settings are unset and every tenant table reads as empty: fail closed.
 */
@Injectable()
export class Db {
  constructor(
    @InjectDataSource() readonly dataSource: DataSource,
    private readonly context: RequestContext,
  ) {}

  get tx(): EntityManager {
    return this.context.store?.manager ?? this.dataSource.manager;
  }

  /**
   * Runs `fn` in one transaction that first sets, with SET LOCAL semantics, who is asking and
   * which municipalities they may see; the row-level-security policies read these settings.
   */
  async tenantTransaction<T>(principal: Principal, fn: () => Promise<T>): Promise<T> {
    return this.transaction(async () => {
      await this.tx.query(TENANT_SETTINGS_SQL, [principal.municipalities.join(','), principal.sub]);
      return fn();
    });
  }

  /** Runs `fn` in a transaction, joining the current one if there is one. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.context.store?.manager) return fn();
    return this.dataSource.transaction((manager) => this.context.with({ manager }, fn));
  }
}
