import pg from 'pg';
import { CprVault } from '../children/cpr-vault.js';
import type { AppConfig } from '../config/app-config.js';
import { addDays } from '../kernel/local-date.js';
import { NATIONAL_TARGETS, type TargetDefinition } from '../service-targets/target-definitions.js';
import { COURSES_PER_YEAR_NATIONALLY, NATIONAL_POPULATION_2026, SyntheticGenerator, type SyntheticCourse } from './synthetic.generator.js';
import { loadSynthetic } from './synthetic.loader.js';

export const SCALES = {
  /** About 2,000 courses over one year: for trying the service out. */
  small: { years: 1, volume: 0.05 },
  /** About 40,000 courses: one national year. */
  'national-1y': { years: 1, volume: 1 },
  /** About 400,000 courses and 3 million contacts: ten national years. */
  'national-10y': { years: 10, volume: 1 },
} as const;
export type Scale = keyof typeof SCALES;

export interface SeedOptions {
  ownerUrl: string;
  config: AppConfig;
  scale: Scale;
  seed: number;
  today: string;
  reset: boolean;
  /** Only these municipalities (codes); every one when left out. */
  municipalities?: readonly string[];
  progress?: (total: number) => { tick(): void; stop(): void };
}

/** Empties every course table (as the owner; TRUNCATE is not subject to row-level security). */
export async function resetCourses(ownerUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query(
      `TRUNCATE kl_report, kl_reported_resource, kl_course_state, course_target, course_summary, consent, referral, contact, course, child`,
    );
  } finally {
    await client.end();
  }
}

/** Fills the database with a deterministic synthetic national dataset. */
export async function seedSynthetic(options: SeedOptions) {
  const client = new pg.Client({ connectionString: options.ownerUrl });
  await client.connect();
  let municipalities: { code: string; regionCode: string; population: number }[];
  const municipal = new Map<string, TargetDefinition[]>();
  try {
    await client.query(`SET app.scope = 'all'`);
    if (!options.reset) {
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM course`);
      if (rows[0].n > 0) throw new Error(`The database already holds ${rows[0].n} courses; pass --reset to replace them`);
    }
    municipalities = (
      await client.query(
        `SELECT m.code, m.region_code AS "regionCode", p.population FROM municipality m
           JOIN municipality_population p ON p.municipality_code = m.code AND p.year = 2026
          WHERE $1::text[] IS NULL OR m.code = ANY($1::text[]) ORDER BY m.code`,
        [options.municipalities ?? null],
      )
    ).rows;
    const unknown = options.municipalities?.filter((code) => !municipalities.some((m) => m.code === code)) ?? [];
    if (unknown.length) throw new Error(`No municipality ${unknown.join(', ')}`);
    const targets = await client.query(
      `SELECT municipality_code AS code, name, kind, limit_days AS "limitDays", to_char(valid_from, 'YYYY-MM-DD') AS "validFrom",
              to_char(valid_to, 'YYYY-MM-DD') AS "validTo" FROM service_target`,
    );
    for (const t of targets.rows) municipal.set(t.code, [...(municipal.get(t.code) ?? []), { ...t, national: false }]);
  } finally {
    await client.end();
  }
  if (options.reset) await resetCourses(options.ownerUrl);

  const { years, volume } = SCALES[options.scale];
  const to = options.today;
  const from = addDays(to, -Math.round(365.25 * years) + 1);
  const generator = new SyntheticGenerator(options.seed, options.today);
  const share = options.municipalities ? municipalities.reduce((sum, m) => sum + m.population, 0) / NATIONAL_POPULATION_2026 : 1;
  const expected = Math.round(COURSES_PER_YEAR_NATIONALLY * years * volume * share);
  const bar = options.progress?.(expected);
  const regions = new Map(municipalities.map((m) => [m.code, m.regionCode]));
  function* all(): Generator<SyntheticCourse[]> {
    for (const m of municipalities) yield [...generator.municipality(m.code, m.population, from, to, volume)];
  }
  const result = await loadSynthetic(
    all(),
    {
      url: options.ownerUrl,
      vault: new CprVault(options.config),
      definitionsFor: (code) => [...NATIONAL_TARGETS, ...(municipal.get(code) ?? [])],
      regionOf: (code) => regions.get(code)!,
      today: options.today,
    },
    () => bar?.tick(),
  );
  bar?.stop();
  const analyze = new pg.Client({ connectionString: options.ownerUrl });
  await analyze.connect();
  await analyze.query('ANALYZE');
  await analyze.end();
  return { ...result, from, to };
}
