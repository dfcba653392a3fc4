import { checkMunicipalTargets, type TargetDefinition } from '../../src/service-targets/target-definitions.js';

type Entry = Pick<TargetDefinition, 'name' | 'kind' | 'validFrom' | 'validTo'>;
const start: Entry = { name: 'treatment_start_28d', kind: 'treatment_start_after_screening', validFrom: '2026-01-01' };

describe(checkMunicipalTargets.name, () => {
  it('accepts several versions of one target and several targets', () => {
    expect(() =>
      checkMunicipalTargets([
        start,
        { ...start, validFrom: '2026-07-01' },
        { name: 'session_gap_14d', kind: 'max_days_between_treatment_sessions', validFrom: '2026-01-01', validTo: '2026-12-31' },
      ]),
    ).not.toThrow();
  });

  it.each<[string, Entry[], string, string]>([
    ['a national target’s name', [{ ...start, name: 'screening_30d' }], 'reserved_target_name', 'targets.0.name'],
    ['validTo before validFrom', [{ ...start, validTo: '2025-12-31' }], 'valid_to_before_valid_from', 'targets.0.validTo'],
    ['two versions from the same date', [start, { ...start }], 'duplicate_target_version', 'targets.1'],
    [
      'a version of another kind',
      [start, { ...start, kind: 'max_days_between_treatment_sessions', validFrom: '2026-07-01' }],
      'target_kind_changed',
      'targets.1.kind',
    ],
  ])('refuses %s', (_what, targets, code, field) => {
    expect(() => checkMunicipalTargets(targets)).toThrow(expect.objectContaining({ code, errors: [expect.objectContaining({ field })] }));
  });
});
