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
import { v5 as uuidv5 } from 'uuid';

/** This product's namespace for KL ids (a random UUID, fixed forever: changing it re-identifies everything). */
export const KL_ID_NAMESPACE = 'f3b8a0c4-6a51-4e6f-9a57-2d1c0e7b9d43';

const name = (...parts: string[]) => uuidv5(parts.join(':'), KL_ID_NAMESPACE);

export const klIds = {
  citizen: (childId: string) => name('citizen', childId),
  carePlan: (courseId: string, childId: string) => name('careplan', courseId, childId),
  firstContact: (courseId: string, childId: string) => name('encounter', 'first-contact', courseId, childId),
  contact: (contactId: string, childId: string) => name('encounter', contactId, childId),
  /** One per closure date: a course closed again after reopening gets a new Afslutning, unless on the same date. */
  closure: (courseId: string, closureDate: string, childId: string) => name('encounter', 'closure', courseId, closureDate, childId),
  referral: (referralId: string, childId: string) => name('referral', referralId, childId),
  /**
   * A report's Bundle id: a name hash of what it carries and of what had been sent of it before, so
   * the same report computed twice (a retry after a lost answer) is the same PUT, and new content
   * (also a change back to an earlier content) is a new Bundle.
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
