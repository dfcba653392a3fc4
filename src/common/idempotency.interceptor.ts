import { createHmac } from 'node:crypto';
import { CallHandler, ExecutionContext, HttpStatus, Injectable, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { AppConfig } from '../config/app-config.js';
import { Db } from '../database/db.js';
import { InvalidInputError, RuleViolation } from './errors.js';
import { RequestContext } from './request-context.js';

const KEY = /^[\x21-\x7e]{1,255}$/;
const REPLAYED_HEADERS = ['etag', 'location'];

/**
 * `Idempotency-Key` on POST: the first response is stored in the request's transaction and a
 * retry with the same key gets it back without doing anything again; the same key with a
 * different request is a 422. A transaction-scoped advisory lock serialises a retry that
 * arrives while the first attempt is still running. Failed attempts store nothing (they roll
 * back), so they can be retried. Keys are kept for 24 hours.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly db: Db,
    private readonly context: RequestContext,
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<Request>();
    const res = ctx.switchToHttp().getResponse<Response>();
    const key = req.headers['idempotency-key'];
    const principal = this.context.principal;
    if (req.method !== 'POST' || key === undefined || !principal) return next.handle();
    if (typeof key !== 'string' || !KEY.test(key)) {
      throw new InvalidInputError('Idempotency-Key', 'format', 'Idempotency-Key must be 1–255 visible ASCII characters');
    }
    const status = this.reflector.get<number>(HTTP_CODE_METADATA, ctx.getHandler()) ?? HttpStatus.CREATED;
    // Keyed, so a stored hash of a body holding a CPR cannot be brute-forced back to it.
    const hash = createHmac('sha256', this.config.crypto.cprIndexKey)
      .update(`${req.method} ${req.originalUrl}\n${JSON.stringify(req.body ?? null)}`)
      .digest('hex');

    return from(
      (async () => {
        await this.db.tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`${principal.sub}\n${key}`]);
        const [prior] = await this.db.tx.query(
          `SELECT request_hash AS "hash", status, response_body AS body, response_headers AS headers
             FROM idempotency_key WHERE actor_sub = $1 AND key = $2 AND created_at > now() - interval '24 hours'`,
          [principal.sub, key],
        );
        if (prior) {
          if (prior.hash !== hash) {
            throw new RuleViolation('idempotency_key_reused', 'This Idempotency-Key was used for a different request', 'Idempotency-Key');
          }
          for (const [name, value] of Object.entries(prior.headers as Record<string, string>)) res.setHeader(name, value);
          res.setHeader('Idempotent-Replayed', 'true');
          return prior.body;
        }
        const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
        const headers = Object.fromEntries(REPLAYED_HEADERS.map((h) => [h, res.getHeader(h)]).filter(([, v]) => v !== undefined));
        // Stored responses hold personal data: keep them no longer than a retry needs.
        await this.db.tx.query(`DELETE FROM idempotency_key WHERE actor_sub = $1 AND created_at < now() - interval '24 hours'`, [
          principal.sub,
        ]);
        await this.db.tx.query(
          `INSERT INTO idempotency_key (actor_sub, key, method, path, request_hash, status, response_body, response_headers)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (actor_sub, key) DO UPDATE SET method = EXCLUDED.method, path = EXCLUDED.path,
             request_hash = EXCLUDED.request_hash, status = EXCLUDED.status, response_body = EXCLUDED.response_body,
             response_headers = EXCLUDED.response_headers, created_at = now()`,
          [principal.sub, key, req.method, req.originalUrl.split('?')[0], hash, status, JSON.stringify(body ?? null), headers],
        );
        return body;
      })(),
    );
  }
}
