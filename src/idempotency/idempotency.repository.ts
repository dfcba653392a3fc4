import { Injectable } from '@nestjs/common';
import { Db } from '../database/db.js';

/**
 * Whose stored responses these are: the caller, the tenant (the token's municipalities, sorted
 * and comma-separated as in app.municipalities), the method and the route pattern.
 */
export interface IdempotencyScope {
  sub: string;
  municipalities: string;
  method: string;
  route: string;
}

/** A resource a stored response showed, audited again as a read when it is replayed. */
export interface AuditedResource {
  action: string;
  resourceType: string;
  resourceId: string;
  municipalityCode: string | null;
}

export interface StoredResponse {
  requestHash: string;
  status: number;
  body: unknown;
  headers: Record<string, string>;
  auditedResources: AuditedResource[];
}

/** How long a stored response is replayed: long enough for a retry, no longer (it holds personal data). */
const KEPT = `interval '24 hours'`;

/**
 * The Idempotency-Key store. Everything runs in the request's transaction, so a stored response
 * commits or rolls back with the work it describes; row-level security limits every statement to
 * the caller's own subject and municipalities.
 */
@Injectable()
export class IdempotencyRepository {
  constructor(private readonly db: Db) {}

  /** Serialises attempts with the same key in the same scope until this transaction ends. */
  async lockKey(scope: IdempotencyScope, key: string): Promise<void> {
    await this.db.tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      [scope.sub, scope.municipalities, scope.method, scope.route, key].join('\n'),
    ]);
  }

  async findRecentResponse(scope: IdempotencyScope, key: string): Promise<StoredResponse | undefined> {
    const [row] = await this.db.tx.query(
      `SELECT request_hash AS "requestHash", status, response_body AS body, response_headers AS headers,
              audited_resources AS "auditedResources"
         FROM idempotency_key
        WHERE actor_sub = $1 AND municipalities = $2 AND method = $3 AND route = $4 AND key = $5
          AND created_at > now() - ${KEPT}`,
      [scope.sub, scope.municipalities, scope.method, scope.route, key],
    );
    return row;
  }

  /** Drops the caller's responses older than a retry needs. */
  async purgeExpired(scope: IdempotencyScope): Promise<void> {
    await this.db.tx.query(`DELETE FROM idempotency_key WHERE actor_sub = $1 AND municipalities = $2 AND created_at < now() - ${KEPT}`, [
      scope.sub,
      scope.municipalities,
    ]);
  }

  /** Stores the first response under its key (replacing an expired one with the same key). */
  async storeResponse(scope: IdempotencyScope, key: string, path: string, response: StoredResponse): Promise<void> {
    await this.db.tx.query(
      `INSERT INTO idempotency_key
         (actor_sub, municipalities, method, route, key, path, request_hash, status, response_body, response_headers, audited_resources)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (actor_sub, municipalities, method, route, key) DO UPDATE SET path = EXCLUDED.path,
         request_hash = EXCLUDED.request_hash, status = EXCLUDED.status, response_body = EXCLUDED.response_body,
         response_headers = EXCLUDED.response_headers, audited_resources = EXCLUDED.audited_resources, created_at = now()`,
      [
        scope.sub,
        scope.municipalities,
        scope.method,
        scope.route,
        key,
        path,
        response.requestHash,
        response.status,
        JSON.stringify(response.body ?? null),
        response.headers,
        JSON.stringify(response.auditedResources),
      ],
    );
  }
}
