import { RequestContext, type Principal } from '../../../src/common/request-context.js';
import { Db } from '../../../src/database/db.js';
import type { TestApp } from '../../support/test-app.js';

export type Bypass = 'none' | 'application' | 'application_and_rls';

/**
 * A test hook that takes the application's own municipality checks out of the way, so that
 * row-level security is all that stands between a caller and another municipality's data.
 *
 * Every municipality check and filter in the application reads the caller's municipalities from
 * the request context (`principal.municipalities`: "do you work for 751?", `WHERE
 * municipality_code = ANY(...)`); the database reads them from the transaction's settings
 * (`app.municipalities`), made once per request by `Db.tenantTransaction` from the same
 * principal. The hook lets `tenantTransaction` make the settings from the real token, and then
 * runs the rest of the request with a principal that works for every municipality. Every
 * application-level check then passes and every application-level filter lets everything
 * through, while the database still knows who is asking.
 *
 * `application_and_rls` also widens the database scope (`app.scope = 'all'`): nothing is left,
 * and the matrix must then find leaks (its positive control).
 */
export function setBypass(sut: TestApp, bypass: Bypass, everyMunicipality: string[]): void {
  const db = sut.app.get(Db) as Db & { __original?: Db['tenantTransaction'] };
  const context = sut.app.get(RequestContext);
  db.__original ??= db.tenantTransaction.bind(db);
  const original = db.__original;
  if (bypass === 'none') {
    db.tenantTransaction = original;
    return;
  }
  db.tenantTransaction = <T>(principal: Principal, fn: () => Promise<T>) =>
    original(principal, async () => {
      if (bypass === 'application_and_rls') await db.tx.query(`SELECT set_config('app.scope', 'all', true)`);
      return context.with({ principal: { ...principal, municipalities: everyMunicipality } }, fn);
    });
}
