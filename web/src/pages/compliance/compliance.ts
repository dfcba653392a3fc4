import type { components } from '../../api/schema.js';
import { formatMonth } from '../../format.js';
import { defaultPeriod, isLocalDate, municipalityParam } from '../../reports/period.js';
import { da } from '../../texts.da.js';

export type ComplianceReport = components['schemas']['ComplianceReport'];
export type ComplianceTarget = components['schemas']['ComplianceTargetView'];
export type ComplianceGroup = components['schemas']['ComplianceGroupView'];
export type ServiceTargets = components['schemas']['ServiceTargets'];
type TargetVersion = ServiceTargets['national'][number] | ServiceTargets['municipal'][number];

/** The groupings the screen offers (the API's groupBy values; months have their own chart). */
export const COMPLIANCE_GROUP_BYS = ['age_group', 'sex', 'contacted_by', 'focus_area', 'municipality'] as const;
export type ComplianceGroupBy = (typeof COMPLIANCE_GROUP_BYS)[number];

/** The screen's filters, kept in the URL (?from=2026-01-01&to=2026-06-30&municipality=751&groupBy=sex). */
export interface ComplianceSearch {
  from?: string;
  to?: string;
  municipality?: string;
  groupBy?: ComplianceGroupBy;
}

export function parseComplianceSearch(search: Record<string, unknown>): ComplianceSearch {
  const out: ComplianceSearch = {};
  if (isLocalDate(search.from)) out.from = search.from;
  if (isLocalDate(search.to)) out.to = search.to;
  const municipality = municipalityParam(search.municipality);
  if (municipality) out.municipality = municipality;
  if ((COMPLIANCE_GROUP_BYS as readonly unknown[]).includes(search.groupBy)) out.groupBy = search.groupBy as ComplianceGroupBy;
  return out;
}

/** The cohort asked for: the URL's dates, or this month and the eleven before it. */
export function compliancePeriod(search: ComplianceSearch, today: string): { from: string; to: string } {
  const fallback = defaultPeriod(today);
  return { from: search.from ?? fallback.from, to: search.to ?? fallback.to };
}

/** The API query (GET /api/v1/reports/compliance) for the filters; a manager's own municipality only. */
export function complianceQuery(search: ComplianceSearch, today: string, mine: readonly string[], groupBy?: string) {
  const municipality = search.municipality && mine.includes(search.municipality) ? search.municipality : undefined;
  return {
    ...compliancePeriod(search, today),
    ...(municipality ? { municipality } : {}),
    ...(groupBy ? { groupBy: groupBy as ComplianceGroupBy | 'month' } : {}),
  };
}

/** Each figure of a group, by its path in the API's group (`adjusted.completed.median`). */
export type FigureKind = 'count' | 'share' | 'days';
export const GROUP_FIGURES: readonly { path: string; kind: FigureKind }[] = [
  { path: 'rate', kind: 'share' },
  { path: 'adjusted.rate', kind: 'share' },
  { path: 'met', kind: 'count' },
  { path: 'breached', kind: 'count' },
  { path: 'overdue', kind: 'count' },
  { path: 'pending', kind: 'count' },
  { path: 'notApplicable', kind: 'count' },
  { path: 'adjusted.met', kind: 'count' },
  { path: 'adjusted.breached', kind: 'count' },
  { path: 'adjusted.overdue', kind: 'count' },
  { path: 'completed.n', kind: 'count' },
  { path: 'completed.median', kind: 'days' },
  { path: 'completed.p90', kind: 'days' },
  { path: 'adjusted.completed.n', kind: 'count' },
  { path: 'adjusted.completed.median', kind: 'days' },
  { path: 'adjusted.completed.p90', kind: 'days' },
  { path: 'open.n', kind: 'count' },
  { path: 'open.median', kind: 'days' },
  { path: 'open.p90', kind: 'days' },
];

/** The value at a figure's path in a group. */
export function figureAt(group: ComplianceGroup, path: string): number | string | null {
  let value: unknown = group;
  for (const key of path.split('.')) value = (value as Record<string, unknown> | undefined)?.[key];
  return (value ?? null) as number | string | null;
}

/** The versions of one target in force on `date`: the latest validFrom wins (docs/metrics.md, "The targets"). */
export function limitInForce(versions: readonly TargetVersion[], date: string): number | null {
  let chosen: TargetVersion | undefined;
  for (const v of versions) {
    if (v.validFrom <= date && (v.validTo == null || v.validTo >= date) && (!chosen || v.validFrom >= chosen.validFrom)) chosen = v;
  }
  return chosen ? chosen.limitDays : null;
}

/**
 * The target's limit in each month, for the chart's target line: the version in force on the
 * month's first day (courses of a month are judged by the version of their own first-contact
 * date, so the line is a guide, the states are the API's). With several municipalities the
 * line is drawn only where they agree.
 */
export function monthlyLimits(name: string, months: readonly string[], targets: readonly ServiceTargets[]): (number | null)[] {
  return months.map((month) => {
    const limits = new Set(
      targets.map((t) =>
        limitInForce(
          [...t.national, ...t.municipal].filter((v) => v.name === name),
          `${month}-01`,
        ),
      ),
    );
    return limits.size === 1 ? [...limits][0] : null;
  });
}

/** A target's Danish name: the national ones by name, the municipality's own by kind and name. */
export function targetLabel(name: string, targets: readonly ServiceTargets[], texts = da): string {
  if (texts.values.target[name]) return texts.values.target[name];
  const version = targets.flatMap((t) => t.municipal).find((v) => v.name === name);
  return version ? texts.compliance.kindWithName(texts.values.targetKind[version.kind], name) : name;
}

/** A group's Danish label (`10-13` → "10–13 år", `2026-03` → "marts 2026", `751` → "Aarhus"). */
export function groupLabel(groupBy: string | null | undefined, key: string, names: Record<string, string>, texts = da): string {
  const v = texts.values;
  switch (groupBy) {
    case 'age_group':
      return v.ageGroup[key] ?? key;
    case 'sex':
      return v.sexGroup[key] ?? key;
    case 'contacted_by':
      return v.contactedByGroup[key] ?? key;
    case 'focus_area':
      return key === 'none' ? v.noFocusArea : ((v.focusArea as Record<string, string>)[key] ?? key);
    case 'municipality':
      return names[key] ?? texts.app.municipalityUnknown(key);
    case 'month':
      return formatMonth(key);
    default:
      return key;
  }
}

const GROUP_ORDER: Record<string, readonly string[]> = {
  age_group: ['5-9', '10-13', '14-17', 'outside_range', 'unknown'],
  sex: ['female', 'male', 'unknown'],
  contacted_by: ['child', 'parent', 'other'],
};

/** Groups in a reader's order: age groups by age, unknown last, the rest as the API sends them. */
export function sortGroups<G extends { key: string }>(groupBy: string | null | undefined, groups: readonly G[]): G[] {
  const order = GROUP_ORDER[groupBy ?? ''];
  if (!order) return [...groups];
  const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length);
  return [...groups].sort((a, b) => rank(a.key) - rank(b.key));
}

/** The month groups of a target laid over every month of the period (a month without courses is absent in the API). */
export function monthlyGroups(target: ComplianceTarget | undefined, months: readonly string[]): (ComplianceGroup | undefined)[] {
  const byKey = new Map((target?.groups ?? []).map((g) => [g.key, g]));
  return months.map((m) => byKey.get(m));
}

/** The file name from a Content-Disposition header, or the fallback. */
export function fileNameFrom(contentDisposition: string | null, fallback: string): string {
  const m = /filename="?([^";]+)"?/.exec(contentDisposition ?? '');
  return m ? m[1] : fallback;
}
