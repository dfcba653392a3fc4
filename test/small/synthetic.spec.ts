import { SyntheticGenerator } from '../../src/synthetic/synthetic.generator.js';
import { parseCpr } from '../../src/kernel/cpr.rules.js';

const take = (seed: number) => [...new SyntheticGenerator(seed, '2026-06-30').municipality('751', 378_361, '2025-07-01', '2026-06-30')];

describe(SyntheticGenerator.name, () => {
  it('gives the same courses for the same seed', () => {
    expect(JSON.stringify(take(7))).toBe(JSON.stringify(take(7)));
  });

  it('gives other courses for another seed', () => {
    expect(JSON.stringify(take(7))).not.toBe(JSON.stringify(take(8)));
  });

  it('makes about 40,000 courses a year nationally, in proportion to population', () => {
    // Aarhus has 378,361 of 6,025,511 citizens: about 2,512 courses a year.
    expect(take(1).length).toBeGreaterThan(2_400);
    expect(take(1).length).toBeLessThan(2_650);
  });

  it('issues valid, distinct synthetic CPR numbers whose birth date and sex match the child', () => {
    const children = take(3).flatMap((c) => (c.child?.isNew ? [c.child] : []));
    expect(new Set(children.map((c) => c.cpr)).size).toBe(children.length);
    for (const child of children) {
      const cpr = parseCpr(child.cpr);
      expect(cpr).toMatchObject({ birthDate: child.birthDate, sex: child.sex });
    }
  });

  it('keeps every contact on or after the first contact, held ones not after today, and closes only in the past', () => {
    for (const course of take(4)) {
      for (const contact of course.contacts) {
        expect(contact.date >= course.firstContactDate).toBe(true);
        if (contact.status === 'held') expect(contact.date <= '2026-06-30').toBe(true);
        if (contact.status === 'planned') expect(contact.date > '2026-06-30').toBe(true);
      }
      if (course.closureDate) expect(course.closureDate <= '2026-06-30').toBe(true);
      expect(course.status === 'closed').toBe(course.closureDate !== null);
    }
  });
});
