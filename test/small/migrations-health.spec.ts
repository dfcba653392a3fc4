import { pendingMigrations } from '../../src/health/migrations.health.js';

describe(pendingMigrations.name, () => {
  it.each([
    [['A', 'B'], ['A', 'B'], []],
    [['A', 'B', 'C'], ['A'], ['B', 'C']],
    // A migration the database has and this build does not know (an older build) does not make it unready.
    [['A'], ['A', 'Z'], []],
    [['A', 'B'], [], ['A', 'B']],
  ])('known %j, applied %j: pending %j', (known, applied, pending) => {
    expect(pendingMigrations(known, new Set(applied))).toEqual(pending);
  });
});
