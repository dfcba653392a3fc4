import { Injectable } from '@nestjs/common';
import { Db } from '../database/db.js';

export interface AuditEntry {
  actorSub: string;
  actorRole: string;
  municipalityCode: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  requestId: string | null;
  purpose: string | null;
  details: Record<string, unknown> | null;
  /** `failed`: written after the request's transaction rolled back (AuditService.recordFailure). */
  outcome?: 'succeeded' | 'failed';
}

export interface AuditRow extends AuditEntry {
  id: string;
  occurredAt: string;
}

export interface AuditQuery {
  municipalityCode?: string;
  resourceType?: string;
  resourceId?: string;
  actorSub?: string;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

@Injectable()
export class AuditRepository {
  constructor(private readonly db: Db) {}

  /** Appends in the caller's transaction, so the record commits or rolls back with the change. */
  async append(entries: AuditEntry[]): Promise<void> {
    if (!entries.length) return;
    const params: unknown[] = [];
    const rows = entries.map((e) => {
      const base = params.length;
      params.push(
        e.actorSub,
        e.actorRole,
        e.municipalityCode,
        e.action,
        e.resourceType,
        e.resourceId,
        e.requestId,
        e.purpose,
        e.details,
        e.outcome ?? 'succeeded',
      );
      return `(${Array.from({ length: 10 }, (_, i) => `$${base + i + 1}`).join(', ')})`;
    });
    await this.db.tx.query(
      `INSERT INTO audit_log (actor_sub, actor_role, municipality_code, action, resource_type, resource_id, request_id, purpose, details, outcome)
       VALUES ${rows.join(', ')}`,
      params,
    );
  }

  /** Row-level security limits this to the caller's municipalities (or all, for administrators). */
  async search(q: AuditQuery): Promise<{ items: AuditRow[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.municipalityCode) add('municipality_code = ?', q.municipalityCode);
    if (q.resourceType) add('resource_type = ?', q.resourceType);
    if (q.resourceId) add('resource_id = ?', q.resourceId);
    if (q.actorSub) add('actor_sub = ?', q.actorSub);
    if (q.from) add(`occurred_at >= (?::date)::timestamp AT TIME ZONE 'Europe/Copenhagen'`, q.from);
    if (q.to) add(`occurred_at < ((?::date) + 1)::timestamp AT TIME ZONE 'Europe/Copenhagen'`, q.to);
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.db.tx.query(`SELECT count(*)::int AS total FROM audit_log ${whereSql}`, params);
    const items = await this.db.tx.query(
      `SELECT id::text, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "occurredAt",
              actor_sub AS "actorSub", actor_role AS "actorRole", municipality_code AS "municipalityCode",
              action, resource_type AS "resourceType", resource_id AS "resourceId", request_id AS "requestId",
              purpose, details, outcome
         FROM audit_log ${whereSql}
        ORDER BY occurred_at DESC, id DESC
        LIMIT ${q.limit} OFFSET ${q.offset}`,
      params,
    );
    return { items, total };
  }
}
