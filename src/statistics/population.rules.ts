/**
 * The populations the "per 100,000" indicators divide by, read from the loaded FOLK1A rows
 * (table `population`) with the foundation's 2026 totals (`municipality_population`) as the
 * default. Plain functions over plain rows; docs/metrics.md, "Monitoring indicators", states
 * the rules.
 */

/** The sexes a population figure is loaded for; `total` is both. */
export type PopulationSex = 'female' | 'male' | 'total';

/** One loaded row: `ageFrom`/`ageTo` both null for all ages; `ageTo` null alone for an open band. */
export interface PopulationBand {
  sex: PopulationSex;
  ageFrom: number | null;
  ageTo: number | null;
  population: number;
}

/**
 * All ages of one sex. `total`: the loaded total, else female + male when both are loaded.
 * Null when not loaded (the caller may then fall back to the default total).
 */
export function citizensOf(bands: readonly PopulationBand[], sex: PopulationSex): number | null {
  const row = bands.find((b) => b.sex === sex && b.ageFrom === null && b.ageTo === null);
  if (row) return row.population;
  if (sex !== 'total') return null;
  const [female, male] = [citizensOf(bands, 'female'), citizensOf(bands, 'male')];
  return female !== null && male !== null ? female + male : null;
}

/**
 * The population aged `from`–`to` (inclusive) of one sex, from closed age bands (single years or
 * bands such as 5-9) that tile the range exactly: every age counted once, no band reaching
 * outside it. Single years are preferred where both are loaded. `total` falls back to female +
 * male. Null when the loaded bands cannot cover the range (e.g. only 15-19 is loaded for 15–17):
 * "where the age breakdown is loaded" (docs/domain.md) means it is loaded finely enough.
 */
export function populationAged(bands: readonly PopulationBand[], sex: PopulationSex, from: number, to: number): number | null {
  const own = bands
    .filter((b): b is PopulationBand & { ageFrom: number; ageTo: number } => b.sex === sex && b.ageFrom !== null && b.ageTo !== null)
    .filter((b) => b.ageFrom >= from && b.ageTo <= to)
    .sort((a, b) => a.ageFrom - b.ageFrom || a.ageTo - b.ageTo);
  const memo = new Map<number, number | null>();
  const cover = (age: number): number | null => {
    if (age === to + 1) return 0;
    if (memo.has(age)) return memo.get(age)!;
    let found: number | null = null;
    for (const band of own) {
      if (band.ageFrom !== age) continue;
      const rest = cover(band.ageTo + 1);
      if (rest !== null) {
        found = band.population + rest;
        break;
      }
    }
    memo.set(age, found);
    return found;
  };
  const tiled = cover(from);
  if (tiled !== null || sex !== 'total') return tiled;
  const [female, male] = [populationAged(bands, 'female', from, to), populationAged(bands, 'male', from, to)];
  return female !== null && male !== null ? female + male : null;
}

/** Sum over the municipalities of an area; null when any of them is unknown (no partial sums). */
export function sumOrNull(values: readonly (number | null)[]): number | null {
  let sum = 0;
  for (const v of values) {
    if (v === null) return null;
    sum += v;
  }
  return sum;
}

export type CitizensSource = 'loaded' | 'default' | 'mixed';

/** Where an area's citizen total came from: every municipality loaded, every one the default, or some of each. */
export function citizensSourceOf(sources: readonly ('loaded' | 'default' | null)[]): CitizensSource | null {
  if (sources.length === 0 || sources.includes(null)) return null;
  if (sources.every((s) => s === 'loaded')) return 'loaded';
  if (sources.every((s) => s === 'default')) return 'default';
  return 'mixed';
}
