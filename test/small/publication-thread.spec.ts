/**
 * The publication made in its worker thread (publication-thread.ts) is the one made in this
 * thread, figure for figure, and this thread keeps serving while it is made.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  cellKey,
  cellsOfExact,
  exactOfCells,
  publicationOf,
  publishedFigures,
} from '../../src/statistics/disclosure/cohort-publication.js';
import { PublicationThread } from '../../src/statistics/disclosure/publication-thread.js';
import { syntheticExactCohort } from '../../src/synthetic/exact-cohort.js';
import { publicationLines } from '../support/publication-lines.js';

describe(PublicationThread.name, () => {
  const thread = new PublicationThread();
  afterAll(() => thread.close());
  // One region's municipalities: the publication in this thread, under the test runner's module
  // system, takes about as many seconds as the nation's in the worker.
  const { exact, geography } = syntheticExactCohort(1500, 7, ['1081']);
  let inThisThread: ReturnType<typeof publishedFigures>;
  beforeAll(() => {
    inThisThread = publishedFigures(exact, geography);
  });

  it('makes the same figures as publishedFigures in this thread, every count, rate and the audit', async () => {
    const figures = await thread.figures(cellsOfExact(exact, geography), geography);
    expect(figures).toEqual(inThisThread);
    expect(figures.audit.secondary).toBeGreaterThan(0);
  });

  it('reads, cell by cell of every area, as the figures made in this thread read', async () => {
    const there = publicationOf(await thread.figures(cellsOfExact(exact, geography), geography), geography);
    const here = publicationOf(inThisThread, geography);
    expect(publicationLines(there)).toEqual(publicationLines(here));
  });

  it('leaves this thread free while it works: timers keep firing until the figures arrive', async () => {
    const nation = syntheticExactCohort(6000, 3);
    const cells = cellsOfExact(nation.exact, nation.geography);
    let ticks = 0;
    let running = true;
    const tick = () => {
      ticks++;
      if (running) setTimeout(tick, 1);
    };
    setTimeout(tick, 1);
    const t0 = performance.now();
    await thread.figures(cells, nation.geography);
    running = false;
    const took = performance.now() - t0;
    // Made in this thread, the build would hold the timers until it ended: one tick at most.
    expect(took).toBeGreaterThan(200);
    expect(ticks).toBeGreaterThan(20);
  });

  it('keeps a process alive while it publishes, and lets it end once idle', async () => {
    const script = fileURLToPath(new URL('../fixtures/publish-once.ts', import.meta.url));
    const run = await promisify(execFile)(process.execPath, ['--no-warnings', '--import', '@swc-node/register/esm-register', script], {
      timeout: 60_000,
    });
    expect(run.stdout).toMatch(/^published \d+ counts/);
  });

  it('starts a new thread for the next publication after it was closed', async () => {
    await thread.close();
    const figures = await thread.figures(cellsOfExact(exact, geography), geography);
    expect(figures).toEqual(inThisThread);
  });
});

describe('cells by place', () => {
  const { exact, geography } = syntheticExactCohort(500, 11, ['1081', '1082']);

  it('gives back the exact figures they were made from', () => {
    expect(exactOfCells(cellsOfExact(exact, geography), geography)).toEqual(exact);
  });

  it('refuses a figure the publication has no cell for', () => {
    const odd = new Map([[cellKey('first_contact', '751', 'sex:other'), 1]]);
    expect(() => cellsOfExact(odd, geography)).toThrow('no published cell for first_contact@751#sex:other');
    expect(() => cellsOfExact(new Map([[cellKey('first_contact', '101', 'all'), 1]]), geography)).toThrow('first_contact@101#all');
    expect(() => cellsOfExact(new Map([[cellKey('invented', '751', 'all'), 1]]), geography)).toThrow('invented');
  });
});
