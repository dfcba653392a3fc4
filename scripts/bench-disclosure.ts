/**
 * npm run bench:disclosure — what the cohort's publication (src/statistics/disclosure/) costs
 * the service: the publication of a national half-year (about 20,000 first contacts over the
 * 98 municipalities of the register, by population, each by age group and sex), built from exact
 * figures made here from seeded synthetic courses, without the database. Prints CPU time of the
 * first build (the relations laid out) and of later builds, against a floor measured in the same
 * run: the primary rules alone on the same cells (no secondary suppression, no audit). Then the
 * same builds as the service makes them, in the worker thread: the time until published and the
 * longest the main thread was held meanwhile (the figures copied to and from the thread).
 *
 *   npm run bench:disclosure [-- --courses 20000 --runs 5 --seed 1]
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { suppressCount } from '../src/statistics/disclosure.rules.js';
import {
  BREAKDOWNS,
  cellKey,
  cellsOfExact,
  COUNT_MEASURES,
  NATIONAL_AREA,
  publishCohort,
} from '../src/statistics/disclosure/cohort-publication.js';
import { PublicationThread } from '../src/statistics/disclosure/publication-thread.js';
import { syntheticExactCohort } from '../src/synthetic/exact-cohort.js';

const { values } = parseArgs({
  options: {
    courses: { type: 'string', default: '20000' },
    runs: { type: 'string', default: '5' },
    seed: { type: 'string', default: '1' },
  },
});
const courses = Number(values.courses);
const runs = Number(values.runs);
const { exact, geography } = syntheticExactCohort(courses, Number(values.seed));

const cpu = (f: () => void) => {
  const t0 = process.cpuUsage();
  f();
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / 1000;
};
const areas = [NATIONAL_AREA, ...Object.keys(geography.regions), ...Object.values(geography.regions).flat()];
const floor = () => {
  for (const measure of COUNT_MEASURES)
    for (const area of areas)
      for (const b of BREAKDOWNS)
        suppressCount(exact.get(cellKey(measure, area, b)) ?? 0, area === NATIONAL_AREA ? 'national' : 'municipality');
};
const floors = Array.from({ length: runs }, () => cpu(floor));
let audit = { secondary: 0, rounds: 0 };
const first = cpu(() => (audit = publishCohort(exact, geography).audit));
const later = Array.from({ length: runs }, () => cpu(() => publishCohort(exact, geography)));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cells = COUNT_MEASURES.length * areas.length * BREAKDOWNS.length;
console.log(`national half-year: ${courses} first contacts, ${areas.length} areas, ${cells} cells`);
console.log(`secondary suppression: ${audit.secondary} cells hidden beyond the primary rules, ${audit.rounds} rounds`);
console.log(`publication, first build (relations laid out): ${first.toFixed(0)} ms CPU`);
console.log(`publication, later builds: median ${median(later).toFixed(0)} ms CPU (${later.map((x) => x.toFixed(0)).join(', ')})`);
console.log(
  `floor, primary rules alone: median ${median(floors).toFixed(1)} ms CPU; publication / floor: ${(median(later) / median(floors)).toFixed(0)}×`,
);

// As the service makes it: in the worker thread (publication-thread.ts). What the main thread then
// still spends, the figures handed there and back, shows as its busy time while a publication is
// made (the event loop's active time), and as its longest stall (the event loop's greatest delay,
// which on a busy machine also counts the thread waiting for a core); an in-thread build holds it
// throughout.
const thread = new PublicationThread();
await thread.figures(cellsOfExact(exact, geography), geography); // the thread started and the relations laid out
const walls: number[] = [];
const busy: number[] = [];
const stalls: number[] = [];
for (let i = 0; i < runs; i++) {
  const cells = cellsOfExact(exact, geography);
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const elu = performance.eventLoopUtilization();
  const t0 = performance.now();
  await thread.figures(cells, geography);
  walls.push(performance.now() - t0);
  busy.push(performance.eventLoopUtilization(elu).active);
  delay.disable();
  stalls.push(delay.max / 1e6);
}
await thread.close();
const list = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
console.log(`in the worker thread: median ${median(walls).toFixed(0)} ms until published (${list(walls)})`);
console.log(
  `  the main thread meanwhile: busy median ${median(busy).toFixed(1)} ms (${list(busy)}), ${((100 * median(busy)) / median(later)).toFixed(1)} % of the build in its own thread; longest stall median ${median(stalls).toFixed(0)} ms (${list(stalls)})`,
);
