import { applyDecorators, type CallHandler, type ExecutionContext, Injectable, type NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiConsumes } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { DomainError } from './errors.js';

/** The media types a route takes unless it says otherwise: JSON, as the body parser reads it. */
export const JSON_TYPES = ['application/json', 'application/merge-patch+json'];

const CONSUMES = 'ltt:consumes';

/** The media types a route takes as its body (enforced, and stated in the OpenAPI document). */
export function Consumes(...types: string[]) {
  return applyDecorators(SetMetadata(CONSUMES, types), ApiConsumes(...types));
}

/** 415: the body is of a media type the route does not take. */
export class UnsupportedMediaTypeError extends DomainError {
  readonly status = 415;
  constructor(accepted: readonly string[]) {
    const message = `This route takes a body of type ${accepted.join(' or ')}`;
    super('unsupported_media_type', message, [{ field: 'Content-Type', code: 'unsupported_media_type', message }]);
  }
}

/**
 * A POST, PUT or PATCH whose body is of a media type the route does not take is a 415, before
 * anything else looks at it. The body parsers leave such a body unread, so it would otherwise
 * reach the route as an empty body: `PATCH` with `application/xml` was applied as an empty
 * patch (version bumped, audit row written). A request without a body is left to validation.
 */
@Injectable()
export class ContentTypeInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<Request>();
    if (['POST', 'PUT', 'PATCH'].includes(req.method) && hasBody(req)) {
      const accepted = this.reflector.getAllAndOverride<string[] | undefined>(CONSUMES, [ctx.getHandler(), ctx.getClass()]) ?? JSON_TYPES;
      if (!req.is(accepted)) throw new UnsupportedMediaTypeError(accepted);
    }
    return next.handle();
  }
}

/** As type-is decides it: a body is announced by Transfer-Encoding or a Content-Length above 0. */
function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}
