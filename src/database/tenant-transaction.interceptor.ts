import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { RequestContext, type Sql } from '../common/request-context.js';
import { Db } from './db.js';

/**
 * Runs each authenticated request in one database transaction that first sets, with SET LOCAL
 * semantics (`set_config(..., true)`), who is asking and which municipalities they may see.
 * Row-level security policies read these settings (`app_visible()`), so a query that forgets
 * its WHERE clause still sees only the caller's municipalities. The settings die with the
 * transaction, which is why this works behind PgBouncer in transaction mode and on Citus.
 * Everything the request writes, its audit records included, commits or rolls back together.
 */
@Injectable()
export class TenantTransactionInterceptor implements NestInterceptor {
  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
  ) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const principal = this.context.principal;
    if (!principal) return next.handle();
    return from(this.db.tenantTransaction(principal, () => lastValueFrom(next.handle(), { defaultValue: undefined })));
  }
}

/** The statement that widens the current transaction to every municipality (`NationalScope`). */
export const WIDEN_SQL = `SELECT set_config('app.scope', 'all', true)`;

/** Why a transaction may see every municipality: only paths that return no personal data. */
export type WideningReason = 'aggregate_report' | 'anonymised_extract' | 'reference_admin' | 'kl_delivery';

/**
 * Widens a transaction to every municipality. Only for paths that return no personal data
 * (aggregate reports, anonymised extracts, reference administration); each caller says why, and
 * the reason is logged with the request id and the caller, so every widened transaction can be
 * traced. `on` is the request's transaction unless a caller runs one of its own (the extract
 * cursor's read-only connection).
 */
@Injectable()
export class NationalScope {
  private readonly logger = new Logger('NationalScope');

  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
  ) {}

  async widen(reason: WideningReason, on: Sql = this.db.tx): Promise<void> {
    await on.query(WIDEN_SQL);
    this.widened(reason);
  }

  /** Logs a widening that the caller made itself with `WIDEN_SQL` (sent with other statements in one round trip). */
  widened(reason: WideningReason): void {
    this.logger.log({
      msg: 'transaction widened to every municipality',
      reason,
      requestId: this.context.requestId ?? null,
      sub: this.context.principal?.sub ?? null,
    });
  }
}
