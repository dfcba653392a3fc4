import type { components } from '../api/schema.js';
import { municipalityParam, regionParam } from './period.js';

export type Municipality = components['schemas']['MunicipalityView'];

/**
 * The area a report covers, as it lives in the URL: a municipality (?municipality=751), a
 * region (?region=1082), or neither (a manager's own municipalities; the nation for an
 * evaluator). One select offers them all, its value written `m:751`, `r:1082` or empty.
 */
export interface ScopeSearch {
  municipality?: string;
  region?: string;
}

export function parseScope(search: Record<string, unknown>): ScopeSearch {
  const municipality = municipalityParam(search.municipality);
  if (municipality) return { municipality };
  const region = regionParam(search.region);
  return region ? { region } : {};
}

export const scopeValue = (scope: ScopeSearch): string =>
  scope.municipality ? `m:${scope.municipality}` : scope.region ? `r:${scope.region}` : '';

export function scopeFromValue(value: string): ScopeSearch {
  if (value.startsWith('m:')) return { municipality: value.slice(2) };
  if (value.startsWith('r:')) return { region: value.slice(2) };
  return {};
}

/**
 * The scope a caller may ask for: a manager only their own municipalities (a region or another
 * municipality falls back to all of theirs); an evaluator any.
 */
export function allowedScope(scope: ScopeSearch, evaluator: boolean, mine: readonly string[]): ScopeSearch {
  if (evaluator) return scope;
  return scope.municipality && mine.includes(scope.municipality) ? { municipality: scope.municipality } : {};
}

/** The regions of the municipality list, by code, with their names. */
export function regionsOf(municipalities: readonly Municipality[]): { code: string; name: string }[] {
  const regions = new Map<string, string>();
  for (const m of municipalities) regions.set(m.regionCode, m.regionName);
  return [...regions].map(([code, name]) => ({ code, name })).sort((a, b) => a.code.localeCompare(b.code));
}
