import { createHmac } from 'node:crypto';
import { CallHandler, ExecutionContext, HttpStatus, Injectable, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { AuditService } from '../audit/audit.service.js';
import { InvalidInputError, RuleViolation } from '../common/errors.js';
import { RequestContext } from '../common/request-context.js';
import { AppConfig } from '../config/app-config.js';
import { IdempotencyRepository, type AuditedResource, type IdempotencyScope } from './idempotency.repository.js';

const KEY = /^[\x21-\x7e]{1,255}$/;
const REPLAYED_HEADERS = ['etag', 'location'];

/**
 * `Idempotency-Key` on POST: the first response is stored in the request's transaction and a
 * retry with the same key gets it back without doing anything again; the same key with a
 * different request is a 422. A stored response belongs to its scope: the caller's subject, the
 * municipalities of their token, the method and the route. A token for other municipalities
 * never finds it, so a replay can never skip the use case's own access checks for another tenant
 * (the guard has already checked the roles). A replay shows personal data again, so it is
 * audited as a read of what the first response showed. A transaction-scoped advisory lock
 * serialises a retry that arrives while the first attempt is still running. Failed attempts
 * store nothing (they roll back), so they can be retried. Keys are kept for 24 hours.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly repository: IdempotencyRepository,
    private readonly audit: AuditService,
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
    const path = req.originalUrl.split('?')[0];
    const scope: IdempotencyScope = {
      sub: principal.sub,
      // Sorted by the token verifier: the same string the tenant transaction puts in app.municipalities.
      municipalities: principal.municipalities.join(','),
      method: req.method,
      route: (req.route as { path?: string } | undefined)?.path ?? path,
    };
    // Keyed, so a stored hash of a body holding a CPR cannot be brute-forced back to it.
    const requestHash = createHmac('sha256', this.config.crypto.cprIndexKey)
      .update(`${req.method} ${req.originalUrl}\n${JSON.stringify(req.body ?? null)}`)
      .digest('hex');

    return from(
      (async () => {
        await this.repository.lockKey(scope, key);
        const prior = await this.repository.findRecentResponse(scope, key);
        if (prior) {
          if (prior.requestHash !== requestHash) {
            throw new RuleViolation('idempotency_key_reused', 'This Idempotency-Key was used for a different request', 'Idempotency-Key');
          }
          await this.auditReplay(prior.auditedResources);
          for (const [name, value] of Object.entries(prior.headers)) res.setHeader(name, value);
          res.setHeader('Idempotent-Replayed', 'true');
          return prior.body;
        }
        const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
        const headers = Object.fromEntries(REPLAYED_HEADERS.map((h) => [h, res.getHeader(h)]).filter(([, v]) => v !== undefined)) as Record<
          string,
          string
        >;
        await this.repository.purgeExpired(scope);
        await this.repository.storeResponse(scope, key, path, {
          requestHash,
          status,
          body,
          headers,
          auditedResources: this.shownResources(),
        });
        return body;
      })(),
    );
  }

  /** The resources the first response was about, as its audit entries name them. */
  private shownResources(): AuditedResource[] {
    const seen = new Map<string, AuditedResource>();
    for (const e of this.audit.recordedInThisRequest()) {
      if (!e.resourceId) continue;
      const id = `${e.resourceType}\n${e.resourceId}`;
      if (!seen.has(id)) {
        seen.set(id, { action: e.action, resourceType: e.resourceType, resourceId: e.resourceId, municipalityCode: e.municipalityCode });
      }
    }
    return [...seen.values()];
  }

  private async auditReplay(resources: AuditedResource[]): Promise<void> {
    if (!resources.length) return;
    await this.audit.record(
      ...resources.map((r) => ({
        action: 'read' as const,
        resourceType: r.resourceType,
        resourceId: r.resourceId,
        municipalityCode: r.municipalityCode,
        details: { idempotentReplay: true, originalAction: r.action },
      })),
    );
  }
}
