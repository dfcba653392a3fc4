import type { components } from '../../api/schema.js';
import { danishDateToIso } from '../../format.js';

export type ExtractManifest = components['schemas']['ExtractManifest'];
export type ExtractStatus = ExtractManifest['status'];

/** While an extract is queued or running its job is still at work: the page asks again every so often. */
export const isUnderWay = (status: ExtractStatus): boolean => status === 'queued' || status === 'running';

/** How often the page asks how an extract under way is doing. */
export const POLL_MS = 1000;

/** The share of the expected rows done, 0–100, or null while it is not known (queued, or not yet counted). */
export function progressPercent(progress: ExtractManifest['progress']): number | null {
  if (progress.rowsExpected === null) return null;
  if (progress.rowsExpected === 0) return 100;
  return Math.min(100, Math.round((100 * progress.rowsDone) / progress.rowsExpected));
}
export type CreateExtract = components['schemas']['CreateExtractDto'];
export type CreateRecipient = components['schemas']['CreateRecipientDto'];

export const EXTRACT_KINDS = ['courses', 'contacts', 'aggregates'] as const satisfies readonly CreateExtract['kind'][];
export const EXTRACT_FORMATS = ['csv-excel-da', 'csv', 'jsonl'] as const satisfies readonly CreateExtract['format'][];

/** The screen's state in the URL: the manifest shown (?udtraek=<id>). Never anything about a child. */
export interface ExtractsSearch {
  udtraek?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function parseExtractsSearch(search: Record<string, unknown>): ExtractsSearch {
  return typeof search.udtraek === 'string' && UUID.test(search.udtraek) ? { udtraek: search.udtraek } : {};
}

/** The extract form as typed: dates in Danish (dd.mm.åååå), municipality codes separated by commas. */
export interface ExtractForm {
  recipient: string;
  kind: string;
  from: string;
  to: string;
  format: string;
  municipalities: string;
}

/** Every field the API may name in errors[].field for this form. */
export const EXTRACT_FIELDS = ['recipient', 'kind', 'from', 'to', 'format', 'municipalities'] as const;

export const emptyExtractForm = (): ExtractForm => ({
  recipient: '',
  kind: '',
  from: '',
  to: '',
  format: 'csv-excel-da',
  municipalities: '',
});

/** "751, 101 727" → ["751", "101", "727"]; blank → undefined (all municipalities). */
export function municipalityCodes(typed: string): string[] | undefined {
  const codes = typed.split(/[\s,;]+/).filter(Boolean);
  return codes.length ? codes : undefined;
}

/**
 * The request body (POST /api/v1/extracts). Nothing is checked here: what is empty is left
 * out, what cannot be read as a date is sent as typed, and the service names each problem.
 */
export function toCreateExtract(form: ExtractForm): CreateExtract {
  const date = (typed: string) => (typed.trim() ? (danishDateToIso(typed) ?? typed.trim()) : undefined);
  const municipalities = municipalityCodes(form.municipalities);
  return {
    recipient: form.recipient || undefined,
    kind: form.kind || undefined,
    from: date(form.from),
    to: date(form.to),
    format: form.format || undefined,
    ...(municipalities ? { municipalities } : {}),
  } as unknown as CreateExtract;
}
