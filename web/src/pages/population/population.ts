import type { components } from '../../api/schema.js';

export type PopulationSummary = components['schemas']['PopulationSummary'];
export type PopulationLoadResult = components['schemas']['PopulationLoadResult'];

/** The screen's state in the URL: the year summarised (?year=2026). */
export interface PopulationSearch {
  year?: number;
}

export function parsePopulationSearch(search: Record<string, unknown>): PopulationSearch {
  const year = Number(search.year);
  return Number.isInteger(year) && year >= 1900 && year <= 2100 ? { year } : {};
}

/**
 * The Content-Type for a population file's bytes. The service reads UTF-8 unless the charset
 * says otherwise; Danmarks Statistik's files also come as Windows-1252 (æ, ø, å in "København"
 * as single bytes), which are not valid UTF-8, so those are sent as what they are.
 */
export function populationContentType(bytes: Uint8Array): string {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'text/csv; charset=utf-8';
  } catch {
    return 'text/csv; charset=windows-1252';
  }
}

/** The years a summary can be asked for: those loaded, and the one asked (newest first). */
export function summaryYears(summary: PopulationSummary | undefined, asked: number): number[] {
  return [...new Set([asked, ...(summary?.yearsLoaded.map((y) => y.year) ?? [])])].sort((a, b) => b - a);
}
