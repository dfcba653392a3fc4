import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { RequestContext } from '../common/request-context.js';
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

/**
 * Widens the current transaction to every municipality. Only for paths that return no personal
 * data (aggregate reports, anonymised extracts, reference administration); each caller says why.
 */
@Injectable()
export class NationalScope {
  constructor(private readonly db: Db) {}

  async widen(_reason: 'aggregate_report' | 'anonymised_extract' | 'reference_admin' | 'kl_delivery'): Promise<void> {
    await this.db.tx.query(`SELECT set_config('app.scope', 'all', true)`);
  }
}
