import { SetMetadata } from '@nestjs/common';
import type { Role } from '../common/request-context.js';

export const ROLES_KEY = 'ltt:roles';
export const PUBLIC_KEY = 'ltt:public';

/** The roles that may call a route. A route without this (or @Public) is closed to everyone. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Open routes: health checks and the API docs only. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
