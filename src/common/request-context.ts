import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';

export const ROLES = ['caseworker', 'manager', 'evaluator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The authenticated caller, as read from a verified token. */
export interface Principal {
  sub: string;
  name?: string;
  roles: Role[];
  /** 3-digit municipality codes the caller works for; empty for national roles. */
  municipalities: string[];
}

export interface SqlOptions {
  binary?: boolean;
  prepared?: boolean;
}

/** What repositories run their SQL on: the request's transaction, or the pool outside one. */
export interface Sql {
  /**
   * The rows; for UPDATE and DELETE `[rows, rowCount]` (as TypeORM's `query` answers). Options, each
   * honoured where the connection can (a request's transaction) and ignored elsewhere, neither
   * changing the answer: `binary` asks for the values in PostgreSQL's binary form (cheaper for
   * large bytea); `prepared` keeps the statement prepared on its connection, planned once
   * (`preparedName`; only when DATABASE_PREPARED_STATEMENTS allows).
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query<T = any>(sql: string, parameters?: unknown[], options?: SqlOptions): Promise<T>;
}

export interface RequestStore {
  requestId: string;
  principal?: Principal;
  /** Why personal data is read, when the caller says so (X-Purpose header). */
  purpose?: string;
  /** The request's open transaction, once the tenant interceptor has begun it. */
  manager?: Sql;
  /**
   * State a feature keeps for the whole request (e.g. the audit entries recorded so far). One map
   * per request, shared by every nested `with`, so what is kept inside the transaction is still
   * there after it has ended.
   */
  shared?: Map<symbol, unknown>;
}

const storage = new AsyncLocalStorage<RequestStore>();

/**
 * Request-scoped state without request-scoped providers: Node's AsyncLocalStorage carries the
 * request id, the verified caller and the request's transaction through every await.
 * (nestjs-cls does the same, but its published builds are CommonJS requiring Nest 12's ES
 * modules, which Jest cannot load on Node 20; see README, "Pinned and chosen versions".)
 */
@Injectable()
export class RequestContext {
  run<T>(store: RequestStore, fn: () => T): T {
    return storage.run({ ...store, shared: store.shared ?? new Map() }, fn);
  }

  /** Runs `fn` with `patch` applied on top of the current store. */
  with<T>(patch: Partial<RequestStore>, fn: () => T): T {
    return storage.run({ requestId: 'system', ...storage.getStore(), ...patch }, fn);
  }

  get store(): RequestStore | undefined {
    return storage.getStore();
  }

  get requestId(): string | undefined {
    return storage.getStore()?.requestId;
  }

  get principal(): Principal | undefined {
    return storage.getStore()?.principal;
  }

  /** The caller, where a route cannot be reached without one. */
  requirePrincipal(): Principal {
    const principal = storage.getStore()?.principal;
    if (!principal) throw new Error('No authenticated principal in this context');
    return principal;
  }

  /** The request's value under `key`, made by `init` on first use; undefined outside a request. */
  shared<T>(key: symbol, init: () => T): T | undefined {
    const shared = storage.getStore()?.shared;
    if (!shared) return undefined;
    if (!shared.has(key)) shared.set(key, init());
    return shared.get(key) as T;
  }

  set(patch: Partial<RequestStore>): void {
    const store = storage.getStore();
    if (!store) throw new Error('No request context');
    Object.assign(store, patch);
  }
}
