/**
 * The areas figures are published for: one municipality, a region (its municipalities), or the
 * nation (every municipality). Plain functions over the municipality register.
 */
import { InvalidInputError } from '../common/errors.js';
import type { AreaLevel } from './indicators.repository.js';
import type { MunicipalityArea } from './population-figures.repository.js';

export interface Area {
  level: AreaLevel;
  /** Municipality code, region code, or `DK`. */
  code: string;
  name: string;
  regionCode?: string;
  /** The municipality codes the area is made of. */
  members: string[];
}

/** The municipalities named by `codes`, in the register's order; an unknown code is a 400 naming `field`. */
export function membersNamed(all: readonly MunicipalityArea[], codes: readonly string[], field = 'municipality'): MunicipalityArea[] {
  const known = new Set(all.map((m) => m.code));
  for (const code of codes) {
    if (!known.has(code)) throw new InvalidInputError(field, 'unknown', `There is no municipality ${code}`);
  }
  return all.filter((m) => codes.includes(m.code));
}

/** The areas of `level` made of `members`: each municipality, each region they belong to (by code), or the nation. */
export function areasOf(level: AreaLevel, members: readonly MunicipalityArea[]): Area[] {
  if (level === 'municipality') {
    return members.map((m) => ({ level, code: m.code, name: m.name, regionCode: m.regionCode, members: [m.code] }));
  }
  if (level === 'national') return [{ level, code: 'DK', name: 'Danmark', members: members.map((m) => m.code) }];
  const regions = new Map<string, Area>();
  for (const m of members) {
    const region = regions.get(m.regionCode) ?? { level, code: m.regionCode, name: m.regionName, members: [] };
    region.members.push(m.code);
    regions.set(m.regionCode, region);
  }
  return [...regions.values()].sort((a, b) => a.code.localeCompare(b.code));
}
