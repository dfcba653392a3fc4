import { CanActivate, ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { RequestContext, type Role } from '../common/request-context.js';
import { ForbiddenError, InvalidInputError } from '../common/errors.js';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator.js';
import { IssuerUnavailable, TokenRejected, TokenVerifier } from './token-verifier.js';

const MAX_PURPOSE = 200;
const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/;

/** Global guard: every route is closed unless it is @Public or states its @Roles. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    private readonly context: RequestContext,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const header = context.switchToHttp().getRequest<Request>().headers.authorization;
    if (!header) throw unauthorized('A bearer token is required (Authorization: Bearer <token>)');
    const match = BEARER.exec(header);
    if (!match) throw unauthorized('The Authorization header must be "Bearer <JWT>"');

    let principal;
    try {
      principal = await this.verifier.verify(match[1]);
    } catch (error) {
      if (error instanceof IssuerUnavailable) {
        throw new HttpException('The token issuer could not be reached; try again shortly', HttpStatus.SERVICE_UNAVAILABLE);
      }
      if (error instanceof TokenRejected) throw unauthorized(`The bearer token was rejected: ${error.message}`);
      throw error;
    }
    const purpose = context.switchToHttp().getRequest<Request>().headers['x-purpose'];
    // Kept in the append-only audit log: refused when too long rather than cut without a word.
    if (typeof purpose === 'string' && purpose.length > MAX_PURPOSE) {
      throw new InvalidInputError('X-Purpose', 'maxLength', `X-Purpose must be at most ${MAX_PURPOSE} characters`);
    }
    this.context.set({ principal, purpose: typeof purpose === 'string' ? purpose : undefined });

    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!allowed?.length) throw new ForbiddenError('This route is not open to any role');
    if (!principal.roles.some((role) => allowed.includes(role))) {
      throw new ForbiddenError(`This needs one of the roles: ${allowed.join(', ')}`);
    }
    return true;
  }
}

function unauthorized(detail: string) {
  return new HttpException(detail, HttpStatus.UNAUTHORIZED);
}
