/**
 * The guide's worked example (the Josefine series) for the tests that compare with it: KL's
 * reports, and a normaliser that replaces ids by their role (order of first appearance on each
 * side) and dateTimes by their UTC instant, so that two reports compare on resources, codes,
 * statuses, references and periods alone. `toMinute`: instants cut to the minute (the API records
 * wall-clock times as staff write them, HH:mm; KL's examples carry seconds).
 */
import { readFileSync } from 'node:fs';
import type { Bundle } from '@medplum/fhirtypes';

export const example = (name: string): Bundle =>
  JSON.parse(readFileSync(new URL(`../fixtures/kl-ltt/Bundle-DeliveryReport-Josefine-${name}.json`, import.meta.url), 'utf8'));

export class Normaliser {
  private readonly roles = new Map<string, string>();
  constructor(private readonly options: { toMinute?: boolean } = {}) {}
  private role(id: string): string {
    if (!this.roles.has(id)) this.roles.set(id, `id-${this.roles.size + 1}`);
    return this.roles.get(id)!;
  }
  bundle(bundle: Bundle): unknown[] {
    return (bundle.entry ?? []).map((entry) => ({
      fullUrl: entry.fullUrl!.replace(/[^/]+$/, (id) => this.role(id)),
      resource: this.value(entry.resource),
    }));
  }
  private value(value: unknown, key?: string): unknown {
    if (Array.isArray(value)) return value.map((v) => this.value(v));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.value(v, k)]));
    if (typeof value !== 'string') return value;
    if (key === 'id') return this.role(value);
    if (key === 'reference') return value.replace(/[^/]+$/, (id) => this.role(id));
    if (/^\d{4}-\d{2}-\d{2}T/.test(value)) {
      const instant = new Date(value);
      if (this.options.toMinute) instant.setUTCSeconds(0, 0);
      return instant.toISOString();
    }
    return value;
  }
}
