import type { Problem } from '../../api/problems.js';
import type { components } from '../../api/schema.js';
import { danishDateToIso } from '../../format.js';
import { municipalityParam } from '../../reports/period.js';

export type ServiceTargets = components['schemas']['ServiceTargets'];
export type MunicipalTarget = ServiceTargets['municipal'][number];
export type PutServiceTargets = components['schemas']['PutServiceTargetsDto'];

export const MUNICIPAL_KINDS = ['treatment_start_after_screening', 'max_days_between_treatment_sessions'] as const;

/** The screen's state in the URL: which of the manager's municipalities (?municipality=751). */
export interface ServiceTargetsSearch {
  municipality?: string;
}

export function parseServiceTargetsSearch(search: Record<string, unknown>): ServiceTargetsSearch {
  const municipality = municipalityParam(search.municipality);
  return municipality ? { municipality } : {};
}

/** A new target, or a new version of one, as typed (dates in Danish). */
export interface TargetForm {
  name: string;
  kind: string;
  limitDays: string;
  validFrom: string;
  validTo: string;
}

export const TARGET_FIELDS = ['name', 'kind', 'limitDays', 'validFrom', 'validTo'] as const;

export const emptyTargetForm = (): TargetForm => ({ name: '', kind: '', limitDays: '', validFrom: '', validTo: '' });

const stored = (t: MunicipalTarget): PutServiceTargets['targets'][number] => ({
  name: t.name,
  kind: t.kind,
  limitDays: t.limitDays,
  validFrom: t.validFrom,
  validTo: t.validTo,
});

/**
 * The PUT body: every stored version as it is, and the new one last (the API replaces the
 * whole list, so the page always sends all of it). Nothing is checked here: what cannot be
 * read is sent as typed, and the service's answer names the field.
 */
export function withNewVersion(current: readonly MunicipalTarget[], form: TargetForm): PutServiceTargets {
  const date = (typed: string) => (typed.trim() ? (danishDateToIso(typed) ?? typed.trim()) : undefined);
  const limit = form.limitDays.trim();
  const added = {
    name: form.name.trim() || undefined,
    kind: form.kind || undefined,
    limitDays: limit === '' ? undefined : /^\d+$/.test(limit) ? Number(limit) : limit,
    validFrom: date(form.validFrom),
    ...(form.validTo.trim() ? { validTo: date(form.validTo) } : {}),
  };
  return { targets: [...current.map(stored), added as unknown as PutServiceTargets['targets'][number]] };
}

/** The PUT body without one version. */
export function withoutVersion(current: readonly MunicipalTarget[], id: string): PutServiceTargets {
  return { targets: current.filter((t) => t.id !== id).map(stored) };
}

/**
 * The service names a field of the list (`targets.3.validTo`); the form is the version at
 * `index`. Its fields become the form's (`validTo`), a problem with the version as a whole
 * (`targets.3`: a second version from the same date) goes on its start date, and problems of
 * other versions stay as they are (for the error summary).
 */
export function errorsOfVersion(problem: Problem, index: number): Problem {
  const prefix = `targets.${index}`;
  return {
    ...problem,
    errors: problem.errors?.map((e) => ({
      ...e,
      field: e.field === prefix ? 'validFrom' : e.field.startsWith(`${prefix}.`) ? e.field.slice(prefix.length + 1) : e.field,
    })),
  };
}
