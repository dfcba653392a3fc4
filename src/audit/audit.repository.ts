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

const AUDIT_COLUMNS = 'actor_sub, actor_role, municipality_code, action, resource_type, resource_id, request_id, purpose, details, outcome';

/** The INSERT of `n` audit rows, each with the ten values of `auditValues` (shared with the benchmark's floor). */
export function auditInsertSql(n: number): string {
  const rows = Array.from({ length: n }, (_, r) => `(${Array.from({ length: 10 }, (_, i) => `$${r * 10 + i + 1}`).join(', ')})`);
  return `INSERT INTO audit_log (${AUDIT_COLUMNS}) VALUES ${rows.join(', ')}`;
}

export function auditValues(e: AuditEntry): unknown[] {
  return [
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
  ];
}

@Injectable()
export class AuditRepository {
  constructor(private readonly db: Db) {}

  /** Appends in the caller's transaction, so the record commits or rolls back with the change. */
  async append(entries: AuditEntry[]): Promise<void> {
    if (!entries.length) return;
    await this.db.tx.query(auditInsertSql(entries.length), entries.flatMap(auditValues));
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
