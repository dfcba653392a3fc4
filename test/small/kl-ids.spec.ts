import { canonicalJson, contentHash, klIds } from '../../src/kl-reporting/kl-ids.js';

const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const course = '5d0c0f0e-3c61-4a0e-9b43-2d3c0a8c8f21';
const child = '9b2f4c1e-8d7a-4e3b-a1c2-0f9e8d7c6b5a';
const otherChild = '1a2b3c4d-5e6f-4a0b-8c9d-0e1f2a3b4c5d';

describe('klIds', () => {
  const all = {
    citizen: klIds.citizen(child),
    carePlan: klIds.carePlan(course, child),
    firstContact: klIds.firstContact(course, child),
    contact: klIds.contact(course, child),
    closure: klIds.closure(course, '2025-11-08', child),
    referral: klIds.referral(course, child),
  };

  it.each(Object.entries(all))('%s is a UUID v5 that names no internal id', (_kind, id) => {
    expect(id).toMatch(UUID_V5);
    expect(id).not.toContain(course);
    expect(id).not.toContain(child);
  });

  it('is the same every time for the same thing', () => {
    expect(klIds.carePlan(course, child)).toBe(all.carePlan);
    expect(klIds.citizen(child)).toBe(all.citizen);
  });

  it('differs between kinds for the same internal id, between children, and between closure dates', () => {
    expect(new Set(Object.values(all)).size).toBe(6);
    expect(klIds.carePlan(course, otherChild)).not.toBe(all.carePlan);
    expect(klIds.closure(course, '2025-11-20', child)).not.toBe(all.closure);
  });

  it('names a Bundle by its content hash', () => {
    expect(klIds.bundle(contentHash({ a: 1, b: 2 }))).toBe(klIds.bundle(contentHash({ b: 2, a: 1 })));
    expect(klIds.bundle(contentHash({ a: 1 }))).not.toBe(klIds.bundle(contentHash({ a: 2 })));
  });
});

describe(canonicalJson.name, () => {
  it('sorts keys at every depth', () => {
    expect(canonicalJson({ b: [{ d: 1, c: 2 }], a: 'x' })).toBe('{"a":"x","b":[{"c":2,"d":1}]}');
  });
});
