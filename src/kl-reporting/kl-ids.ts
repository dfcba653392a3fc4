/**
 * FHIR ids for the KL delivery: stable (the same child, course, contact or referral always gets the
 * same id, so a later report updates rather than duplicates: KL-LTT "Identity, updates and
 * corrections") and saying nothing (UUID v5, a one-way SHA-1 name hash, over a fixed namespace, so
 * no internal database id leaves the service).
 *
 * Everything but the Citizen is also keyed by the child it is reported under: when a wrong CPR is
 * corrected, the reports under the wrong Citizen are withdrawn and the course is reported anew
 * under the right one, and the new resources must not reuse the ids just withdrawn.
 */
import { createHash } from 'node:crypto';
import { stringify } from 'safe-stable-stringify';
import { parse as uuidParse, v5 as uuidv5 } from 'uuid';

/** This product's namespace for KL ids (a random UUID, fixed forever: changing it re-identifies everything). */
export const KL_ID_NAMESPACE = 'f3b8a0c4-6a51-4e6f-9a57-2d1c0e7b9d43';

// The namespace as bytes once: uuid parses a namespace given as text on every call.
const NAMESPACE_BYTES = uuidParse(KL_ID_NAMESPACE);
const name = (...parts: string[]) => uuidv5(parts.join(':'), NAMESPACE_BYTES);

/**
 * The last answer of a one- or two-argument id function: the Citizen and CarePlan ids are asked for
 * by every resource of a course (its subject and based-on references), always with the same arguments.
 */
function lastOf(f: (a: string, b: string) => string): (a: string, b?: string) => string {
  let a0: string | undefined;
  let b0: string | undefined;
  let last = '';
  return (a: string, b = '') => {
    if (a !== a0 || b !== b0) {
      last = f(a, b);
      a0 = a;
      b0 = b;
    }
    return last;
  };
}

const citizenId = lastOf((childId) => name('citizen', childId));
const carePlanId = lastOf((courseId, childId) => name('careplan', courseId, childId));

export const klIds = {
  citizen: (childId: string) => citizenId(childId),
  carePlan: (courseId: string, childId: string) => carePlanId(courseId, childId),
  firstContact: (courseId: string, childId: string) => name('encounter', 'first-contact', courseId, childId),
  contact: (contactId: string, childId: string) => name('encounter', contactId, childId),
  /** One per closure date: a course closed again after reopening gets a new Afslutning, unless on the same date. */
  closure: (courseId: string, closureDate: string, childId: string) => name('encounter', 'closure', courseId, closureDate, childId),
  referral: (referralId: string, childId: string) => name('referral', referralId, childId),
  /**
   * A report's Bundle id: a name hash of what it carries, of what had been sent of it before and of
   * its place in the course's series, so the same report computed twice (a retry after a lost
   * answer) is the same PUT, and new content (also a change back to an earlier content, A → B → A →
   * B) is a new Bundle.
   */
  bundle: (contentHash: string) => name('bundle', contentHash),
};

/** The canonical JSON (sorted keys) of a value: the same content always gives the same text. */
export function canonicalJson(value: unknown): string {
  return stringify(value) ?? 'null';
}

/** SHA-256 of the canonical JSON, hex: the content hash kept per reported resource. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
