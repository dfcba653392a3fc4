import { OFFER_AGES } from '../../src/kernel/course.model.js';
import { AGE_BANDS, AGE_GROUPS, ageGroupOf, ageGroupSql } from '../../src/statistics/age-bands.js';

describe('AGE_BANDS', () => {
  it("tile the offer's age range 5–17 without gap or overlap", () => {
    expect(AGE_BANDS[0].from).toBe(OFFER_AGES.from);
    expect(AGE_BANDS[AGE_BANDS.length - 1].to).toBe(OFFER_AGES.to);
    for (let i = 1; i < AGE_BANDS.length; i++) expect(AGE_BANDS[i].from).toBe(AGE_BANDS[i - 1].to + 1);
  });

  it('give the age groups of a grouping with courses without a CPR', () => {
    expect(AGE_GROUPS).toEqual(['5-9', '10-13', '14-17', 'outside_range', 'unknown']);
  });
});

describe(ageGroupOf.name, () => {
  it.each<[number, ReturnType<typeof ageGroupOf>]>([
    [4, 'outside_range'],
    [5, '5-9'],
    [9, '5-9'],
    [10, '10-13'],
    [13, '10-13'],
    [14, '14-17'],
    [17, '14-17'],
    [18, 'outside_range'],
    [0, 'outside_range'],
  ])('age %i is in age group %s', (age, group) => {
    expect(ageGroupOf(age)).toBe(group);
  });
});

describe(ageGroupSql.name, () => {
  it('writes the same bands as ageGroupOf, with labels, unknown and outside_range', () => {
    expect(ageGroupSql('a', (g) => g.replace('-', '_'), 'unknown')).toBe(
      "CASE WHEN a IS NULL THEN 'unknown' WHEN a BETWEEN 5 AND 9 THEN '5_9' WHEN a BETWEEN 10 AND 13 THEN '10_13' WHEN a BETWEEN 14 AND 17 THEN '14_17' ELSE 'outside_range' END",
    );
    expect(ageGroupSql('a')).toBe(
      "CASE WHEN a BETWEEN 5 AND 9 THEN '5-9' WHEN a BETWEEN 10 AND 13 THEN '10-13' WHEN a BETWEEN 14 AND 17 THEN '14-17' ELSE 'outside_range' END",
    );
  });
});
