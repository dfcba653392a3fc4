import { Injectable } from '@nestjs/common';
import { scrubCpr } from '../common/logging.js';
import { toProblem } from '../common/problem.filter.js';
import { RequestContext } from '../common/request-context.js';
import { Db } from '../database/db.js';
import { AuditRepository, type AuditEntry, type AuditQuery } from './audit.repository.js';

export type AuditAction =
  'read' | 'search' | 'create' | 'update' | 'reveal_cpr' | 'close' | 'reopen' | 'entered_in_error' | 'export' | 'download';

export interface AuditEvent {
  action: AuditAction;
  resourceType: string;
  resourceId?: string | null;
  municipalityCode?: string | null;
  /** Why personal data was read, where the caller said so (X-Purpose header or a reason field). */
  purpose?: string | null;
  details?: Record<string, unknown>;
}

/** The audit entries of one request, kept beside its transaction. */
interface AuditJournal {
  /** Written in the request's transaction. */
  recorded: AuditEntry[];
  /** Noted before something that may fail; written only if the request fails. */
  attempted: AuditEntry[];
}

const sameTarget = (a: AuditEntry, b: AuditEntry) =>
  a.action === b.action && a.resourceType === b.resourceType && a.resourceId === b.resourceId;
/** A recorded entry covers an attempt at the same action on the same resource (or on one not yet made). */
const covers = (recorded: AuditEntry, attempt: AuditEntry) =>
  recorded.action === attempt.action &&
  recorded.resourceType === attempt.resourceType &&
  (attempt.resourceId === null || attempt.resourceId === recorded.resourceId);

const JOURNAL = Symbol('audit journal');

/**
 * The longest purpose the append-only log keeps: the longest reason a route takes (1,000
 * characters). Longer text is cut here, whoever passes it, and the database refuses it too.
 */
export const MAX_AUDIT_PURPOSE = 1000;

/** A purpose or reason as the audit log keeps it: bounded, and any CPR-shaped number replaced (it can never be removed later). */
function scrubPurpose(purpose: string | null): string | null {
  return purpose === null ? null : scrubCpr(purpose.slice(0, MAX_AUDIT_PURPOSE));
}

/**
 * The one way to record access to personal data. Services call `record` for every read and
 * write of a course (or anything else personal); it writes in the request's transaction, with
 * who (from the verified token) and the request id taken from the request context.
 * `details` must never carry a CPR: callers pass ids and field names, not values.
 *
 * Failed attempts are audited too. The request's entries are also kept in the request context,
 * and a use case notes what it is about to do (`attempt`) before anything that can fail. When the
 * request fails, its transaction rolls back with every audit row in it; `recordFailure` then
 * writes the recorded entries and the attempts no recorded entry covers, marked `failed` with the
 * problem's status and code, in a transaction of its own with the same tenant settings.
 */
@Injectable()
export class AuditService {
  constructor(
    private readonly repository: AuditRepository,
    private readonly context: RequestContext,
    private readonly db: Db,
  ) {}

  async record(...events: AuditEvent[]): Promise<void> {
    const entries = events.map((e) => this.entryOf(e));
    await this.repository.append(entries);
    this.journal()?.recorded.push(...entries);
  }

  /**
   * Notes what the request is about to do, to be audited as a failed attempt should it fail (a
   * CPR look-up that ends in a conflict, a read that ends in 404, a change a rule refuses). Written
   * only if the request fails; a later note of the same action on the same resource replaces it
   * (e.g. once the course, and so its municipality, is known).
   */
  attempt(event: AuditEvent): void {
    const journal = this.journal();
    if (!journal) return;
    const entry = this.entryOf(event);
    journal.attempted = journal.attempted.filter((a) => !sameTarget(a, entry)).concat(entry);
  }

  /**
   * After the request's transaction has rolled back: writes what it had recorded and attempted,
   * marked failed, in a transaction of its own (same caller, same municipalities). The problem's
   * status and code go into `details.failure`; never its message.
   */
  async recordFailure(error: unknown): Promise<void> {
    const journal = this.journal();
    const principal = this.context.principal;
    if (!journal || !principal) return;
    const { recorded, attempted } = journal;
    journal.recorded = [];
    journal.attempted = [];
    const entries = recorded.concat(attempted.filter((a) => !recorded.some((r) => covers(r, a))));
    if (!entries.length) return;
    const problem = toProblem(error);
    const failure = { status: problem.status, code: problem.type.slice(problem.type.lastIndexOf('/') + 1) };
    await this.db.tenantTransaction(principal, () =>
      this.repository.append(entries.map((e) => ({ ...e, outcome: 'failed', details: { ...e.details, failure } }))),
    );
  }

  /** What this request has recorded so far (e.g. what a stored idempotent response showed). */
  recordedInThisRequest(): readonly AuditEntry[] {
    return this.journal()?.recorded ?? [];
  }

  search(query: AuditQuery) {
    return this.repository.search(query);
  }

  private entryOf(e: AuditEvent): AuditEntry {
    const principal = this.context.principal;
    return {
      actorSub: principal?.sub ?? 'system',
      actorRole: principal?.roles.join(',') || 'system',
      municipalityCode: e.municipalityCode ?? null,
      action: e.action,
      resourceType: e.resourceType,
      resourceId: e.resourceId ?? null,
      requestId: this.context.requestId ?? null,
      // Free text a caller typed: the append-only log keeps it without anything shaped like a CPR.
      purpose: scrubPurpose(e.purpose ?? this.context.store?.purpose ?? null),
      details: e.details ?? null,
    };
  }

  private journal(): AuditJournal | undefined {
    return this.context.shared<AuditJournal>(JOURNAL, () => ({ recorded: [], attempted: [] }));
  }
}
