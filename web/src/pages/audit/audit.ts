import type { components } from '../../api/schema.js';
import { isLocalDate, municipalityParam } from '../../reports/period.js';

export type AuditPage = components['schemas']['AuditPage'];
export type AuditEntry = AuditPage['items'][number];

/** The audit trail's filters in the URL (?resourceType=course&actor=mona&from=2026-03-01&page=2). */
export interface AuditSearch {
  municipality?: string;
  resourceType?: string;
  resourceId?: string;
  actor?: string;
  from?: string;
  to?: string;
  page?: number;
}

const text = (value: unknown, max: number) => (typeof value === 'string' && value.trim() && value.length <= max ? value.trim() : undefined);

export function parseAuditSearch(search: Record<string, unknown>): AuditSearch {
  const out: AuditSearch = {};
  const municipality = municipalityParam(search.municipality);
  if (municipality) out.municipality = municipality;
  const resourceType = text(search.resourceType, 64);
  if (resourceType && /^[a-z_]+$/.test(resourceType)) out.resourceType = resourceType;
  const resourceId = text(search.resourceId, 128);
  if (resourceId) out.resourceId = resourceId;
  const actor = text(search.actor, 256);
  if (actor) out.actor = actor;
  if (isLocalDate(search.from)) out.from = search.from;
  if (isLocalDate(search.to)) out.to = search.to;
  const page = Number(search.page);
  if (Number.isInteger(page) && page > 1 && page <= 100000) out.page = page;
  return out;
}

/** The API query (GET /api/v1/audit). */
export function auditQuery(search: AuditSearch, pageSize: number) {
  const { page, ...filters } = search;
  return { ...filters, page: page ?? 1, pageSize };
}

/** An entry's details, one line a key: "courseId: 6f1d…", "status: held" (never a CPR: the service stores none). */
export function detailsLines(details: AuditEntry['details']): string[] {
  if (!details) return [];
  return Object.entries(details).map(
    ([key, value]) => `${key}: ${typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)}`,
  );
}
