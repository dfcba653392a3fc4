import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { ApiProblems } from '../common/openapi.js';
import type { Role } from '../common/request-context.js';

export const ROLES_KEY = 'ltt:roles';
export const PUBLIC_KEY = 'ltt:public';

/**
 * The roles that may call a route (or every route of a controller). A route without this (or
 * @Public) is closed to everyone. It also documents what the global AuthGuard does there: bearer
 * authentication, 401 for a missing or rejected token, 403 for a role that is not listed, and 503
 * when the token issuer cannot be reached (or the database is busy).
 */
export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiBearerAuth(),
    ApiProblems({
      401: {
        description: 'No bearer token, or the token was rejected (expired, another issuer or audience, a bad signature)',
        detail: 'A bearer token is required (Authorization: Bearer <token>)',
      },
      403: {
        description: `Your role does not allow this: it needs one of ${roles.join(', ')}`,
        detail: `This needs one of the roles: ${roles.join(', ')}`,
      },
      503: {
        description: 'The token issuer could not be reached, or a concurrent change got in the way; try again shortly',
        detail: 'The token issuer could not be reached; try again shortly',
      },
    }),
  );

/** Open routes: health checks and the API docs only. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
