import { createHash } from 'node:crypto';
import { Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import pg from 'pg';
import { QueryFailedError, QueryRunnerAlreadyReleasedError, type DataSource, type QueryRunner } from 'typeorm';
import { RequestContext, type Principal, type Sql, type SqlOptions } from '../common/request-context.js';
import { AppConfig } from '../config/app-config.js';

/** The row-level-security settings of a tenant transaction: $1 the municipalities, $2 the subject. */
export const TENANT_SETTINGS_SQL = `SELECT set_config('app.municipalities', $1, true), set_config('app.sub', $2, true), set_config('app.scope', 'municipal', true)`;

/**
 * The start of a tenant transaction in one round trip: BEGIN and the row-level-security settings
 * as one simple-protocol string (a parameterised statement cannot follow BEGIN in the same round
 * trip). The values are quoted by pg's `escapeLiteral`; the municipalities are validated codes
 * and the subject comes from a verified token, but neither is trusted to be free of quotes.
 * Shared with the benchmark's floor.
 */
export function beginTenantSql(municipalities: string, sub: string): string {
  return (
    `START TRANSACTION; SELECT set_config('app.municipalities', ${pg.escapeLiteral(municipalities)}, true), ` +
    `set_config('app.sub', ${pg.escapeLiteral(sub)}, true), set_config('app.scope', 'municipal', true)`
  );
}

/**
 * Repositories' handle on the database: `tx` is the request's transaction (which carries the
 * row-level-security settings) when there is one. Outside a transaction it is the plain pool,
 * where the settings are unset and every tenant table reads as empty: fail closed.
 */
@Injectable()
export class Db {
  private readonly prepared: boolean;

  constructor(
    @InjectDataSource() readonly dataSource: DataSource,
    private readonly context: RequestContext,
    @Optional() config?: AppConfig,
  ) {
    this.prepared = config?.env.DATABASE_PREPARED_STATEMENTS !== 'false';
  }

  get tx(): Sql {
    return this.context.store?.manager ?? this.dataSource.manager;
  }

  /**
   * Runs `fn` in one transaction that first sets, with SET LOCAL semantics, who is asking and
   * which municipalities they may see; the row-level-security policies read these settings.
   */
  async tenantTransaction<T>(principal: Principal, fn: () => Promise<T>): Promise<T> {
    const municipalities = principal.municipalities.join(',');
    if (this.context.store?.manager) {
      await this.tx.query(TENANT_SETTINGS_SQL, [municipalities, principal.sub]);
      return fn();
    }
    // BEGIN and the settings in one round trip, then COMMIT: a request's fixed cost is its round
    // trips more than its SQL. TypeORM's own transaction API would send them one by one.
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.query(beginTenantSql(municipalities, principal.sub));
      const result = await this.context.with({ manager: direct(runner, this.prepared) }, fn);
      await runner.query('COMMIT');
      return result;
    } catch (error) {
      // As TypeORM does: a rollback on a broken connection fails too; the first error is the one to report.
      await runner.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  /**
   * Runs `fn` with the transaction already open on `client` as the current one (a job's own
   * connection, which the job queue lends and which holds the job's locks): the repositories'
   * statements go to it, so they commit or roll back with what the job holds.
   */
  onClient<T>(client: pg.ClientBase, fn: () => Promise<T>): Promise<T> {
    return this.context.with({ manager: onPgClient(() => client, this.prepared) }, fn);
  }

  /** Runs `fn` in a transaction, joining the current one if there is one. */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.context.store?.manager) return fn();
    return this.dataSource.transaction((manager) => this.context.with({ manager }, fn));
  }
}

/**
 * The transaction's statements straight to its pg client, with TypeORM's answers and errors
 * (rows, `[rows, rowCount]` for UPDATE and DELETE, `QueryFailedError` carrying the driver's error,
 * `QueryRunnerAlreadyReleasedError` once the transaction is over), without the events, timing
 * and result objects TypeORM wraps around every query: a request runs several, and that wrapping
 * cost more than the driver itself.
 */
function direct(runner: QueryRunner, prepared: boolean): Sql {
  return onPgClient(async () => {
    if (runner.isReleased) throw new QueryRunnerAlreadyReleasedError();
    return (await runner.connect()) as pg.PoolClient;
  }, prepared);
}

/** A transaction's statements on the pg client `connect` gives, answered and failing as TypeORM's (above). */
function onPgClient(connect: () => pg.ClientBase | Promise<pg.ClientBase>, prepared: boolean): Sql {
  return {
    async query<T>(sql: string, parameters?: unknown[], options?: SqlOptions): Promise<T> {
      const client = await connect();
      try {
        // `binary` is pg's own option; @types/pg does not declare it.
        const config: pg.QueryConfig & { binary?: boolean } = { text: sql, values: parameters, binary: options?.binary };
        if (prepared && options?.prepared) config.name = preparedName(sql);
        const raw = await client.query(config);
        return (raw.command === 'UPDATE' || raw.command === 'DELETE' ? [raw.rows, raw.rowCount] : raw.rows) as T;
      } catch (error) {
        throw new QueryFailedError(sql, parameters, error as Error);
      }
    },
  };
}

const names = new Map<string, string>();

/**
 * The name a statement is kept prepared under: from a hash of its text, so one name is never
 * given two texts (pg keeps one statement per name and connection, and would run the first).
 */
export function preparedName(sql: string): string {
  let name = names.get(sql);
  if (name === undefined) {
    name = `s_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
    if (names.size >= 1000) names.clear();
    names.set(sql, name);
  }
  return name;
}
