import { Injectable } from '@nestjs/common';
import { RequestContext } from '../common/request-context.js';
import { AuditRepository, type AuditQuery } from './audit.repository.js';

export type AuditAction =
  'read' | 'search' | 'create' | 'update' | 'reveal_cpr' | 'close' | 'reopen' | 'entered_in_error' | 'export' | 'download' | 'redeliver';

export interface AuditEvent {
  action: AuditAction;
  resourceType: string;
  resourceId?: string | null;
  municipalityCode?: string | null;
  /** Why personal data was read, where the caller said so (X-Purpose header or a reason field). */
  purpose?: string | null;
  details?: Record<string, unknown>;
}

/**
 * The one way to record access to personal data. Services call `record` for every read and
 * write of a course (or anything else personal); it writes in the request's transaction, with
 * who (from the verified token) and the request id taken from the request context.
 * `details` must never carry a CPR: callers pass ids and field names, not values.
 */
@Injectable()
export class AuditService {
  constructor(
    private readonly repository: AuditRepository,
    private readonly context: RequestContext,
  ) {}

  async record(...events: AuditEvent[]): Promise<void> {
    const principal = this.context.principal;
    const requestId = this.context.requestId ?? null;
    const purpose = this.context.store?.purpose;
    await this.repository.append(
      events.map((e) => ({
        actorSub: principal?.sub ?? 'system',
        actorRole: principal?.roles.join(',') || 'system',
        municipalityCode: e.municipalityCode ?? null,
        action: e.action,
        resourceType: e.resourceType,
        resourceId: e.resourceId ?? null,
        requestId,
        purpose: e.purpose ?? purpose ?? null,
        details: e.details ?? null,
      })),
    );
  }

  search(query: AuditQuery) {
    return this.repository.search(query);
  }
}
