/**
 * What to send to KL for one course now, given what was sent: the one function the outbox, the
 * delivery and the backfill call (docs/kl-reporting.md, "Reports and corrections").
 *
 * A course is mapped to the resources KL should hold for it now (the live set); comparing their
 * content hashes with what was last reported gives what is new or changed, and what was reported
 * but is no longer live is withdrawn (`entered-in-error`). Each delivery report carries one
 * Citizen, the course's CarePlan (changed or not: an Encounter or Referral always travels with the
 * CarePlan it references, KL-LTT "Shape of a delivery") and what is new, changed or withdrawn.
 */
import type { Bundle, BundleEntry } from '@medplum/fhirtypes';
import { KL_PROFILE } from './kl-codes.js';
import type { KlCourse, KlReportingSettings } from './kl-course.js';
import { contentHash, klIds } from './kl-ids.js';
import {
  carePlanResource,
  citizenResource,
  closureEncounter,
  contactEncounter,
  firstContactEncounter,
  isCourseCarePlan,
  isWithdrawn,
  referralResource,
  withdrawn,
  type KlResource,
} from './kl-resources.js';
import { fhirInstant } from './kl-time.js';

/**
 * One resource as last reported: its content hash, the child it was reported under, its type,
 * whether it went withdrawn, and the content itself.
 */
export interface ReportedResource {
  hash: string;
  childId: string;
  resourceType: KlResource['resourceType'];
  /** Sent with status `entered-in-error` (a Citizen never is: it is withdrawn with `active=false`). */
  withdrawn: boolean;
  /**
   * The content as sent. Needed only where a withdrawal re-sends exactly what KL holds with status
   * `entered-in-error`, also where the course no longer says it (the Afslutning of a closure
   * undone by reopening, the Citizen of a CPR corrected away). A state read without contents
   * (the outbox reads only the rest on every change) leaves it out; planning that needs one of
   * them throws `KlContentsNeeded`, and the caller plans again with the contents.
   */
  resource?: KlResource;
}

/** What was last reported for one course, by FHIR resource id. */
export type KlReportedState = Readonly<Record<string, ReportedResource>>;

/** Thrown by `planKlReports` given a state without the contents it needs (a correction): plan again with them. */
export class KlContentsNeeded extends Error {
  constructor(readonly courseId: string) {
    super(`Planning course ${courseId} needs the contents of what was last reported`);
  }
}

export interface KlReportOptions {
  /** When the reports are made: `Bundle.timestamp`. */
  now: Date;
  /** The sender's FHIR base; each entry's `fullUrl` is `<base>/<type>/<id>`, as in the guide's Josefine reports. */
  fullUrlBase: string;
  /**
   * How many reports were made for this course before (`KlReportPlan.reportsMade` of the last plan;
   * 0 for a course never reported). Part of every Bundle id, so that a content that comes back
   * (A → B → A → B) is never sent under an id already used: FK Gateway decides by id.
   */
  reportsMade: number;
  /**
   * Re-delivery: send everything KL should hold for the course now, changed or not — every live
   * resource, and every one reported and no longer live as withdrawn (again) — under new Bundle ids.
   * For a report KL refused or lost: the current picture replaces whatever it carried.
   */
  resendAll?: boolean;
}

export type KlHeldBack = 'missing_sor' | 'missing_cpr';

export interface KlDeliveryReport {
  /** The Bundle's id: `PUT {gateway}/Bundle/{id}`. */
  id: string;
  /** The child whose Citizen the report carries: reports for one child are sent in order. */
  childId: string;
  bundle: Bundle;
  /** What this report sends, by resource id: record it in the state once the report is queued. */
  sent: Record<string, ReportedResource>;
}

export interface KlReportPlan {
  /** In sending order: withdrawals under a former Citizen first, then the course under its Citizen. */
  reports: KlDeliveryReport[];
  /** Why (part of) the course cannot be reported now; reported in full once the reason is gone. */
  heldBack: KlHeldBack | null;
  /** The state once these reports are queued. */
  reported: Record<string, ReportedResource>;
  /** `reportsMade` once these reports are queued: pass it to the next plan of the course. */
  reportsMade: number;
}

/**
 * The delivery reports to send for this course now.
 *
 * - No SOR code for the municipality: nothing (held back, `missing_sor`).
 * - Resources reported under a child the course no longer has (a CPR corrected or removed): one
 *   report under that former Citizen withdrawing them, with `active=false` when that child has no
 *   other course (it should never have been in the system).
 * - No CPR: nothing more (held back, `missing_cpr`); once it is added, everything held so far.
 * - Otherwise one report when anything changed: the Citizen, the CarePlan, and every Encounter and
 *   Referral that is new, changed or withdrawn.
 */
export function planKlReports(
  course: KlCourse,
  lastReported: KlReportedState,
  settings: KlReportingSettings,
  options: KlReportOptions,
): KlReportPlan {
  const reported: Record<string, ReportedResource> = { ...lastReported };
  const contentOf = (entry: ReportedResource): KlResource => {
    if (!entry.resource) throw new KlContentsNeeded(course.id);
    return entry.resource;
  };
  const done = (heldBack: KlHeldBack | null) => ({ reports, heldBack, reported, reportsMade: options.reportsMade + reports.length });
  const reports: KlDeliveryReport[] = [];
  if (!settings.sorCode) return done('missing_sor');
  const sorCode = settings.sorCode;
  // One content hash per resource: it decides what changed, is kept in the state, and names the Bundle.
  const hashes = new Map<KlResource, string>();
  const hashOf = (resource: KlResource) => {
    let hash = hashes.get(resource);
    if (hash === undefined) hashes.set(resource, (hash = contentHash(resource)));
    return hash;
  };
  const make = (childId: string, resources: KlResource[]) => {
    const report = deliveryReport(childId, resources, lastReported, options.reportsMade + reports.length, hashOf, options);
    reports.push(report);
    Object.assign(reported, report.sent);
  };

  for (const [childId, entries] of formerChildEntries(course, lastReported)) {
    const former = course.formerChildren?.[childId];
    if (!former) throw new Error(`Course ${course.id} was reported under child ${childId}: pass formerChildren[${childId}]`);
    const lastCitizen = entries.find(([, e]) => e.resourceType === 'Patient')?.[1];
    if (!lastCitizen) throw new Error(`The state of course ${course.id} has resources under child ${childId} but not its Citizen`);
    // The former Citizen as KL holds it (its CPR is the wrong one: the course no longer knows it), now
    // from the municipality's current SOR code, and inactive if that child has no other course.
    const formerCpr = (contentOf(lastCitizen) as ReturnType<typeof citizenResource>).identifier![0].value!;
    const live = citizenResource(childId, formerCpr, sorCode, former.hasOtherCourses);
    const changes = withdrawals(entries, new Set(), contentOf, options.resendAll);
    const citizenChanged = options.resendAll || hashOf(live) !== lastCitizen.hash;
    if (changes.length === 0 && !citizenChanged) continue;
    make(childId, [live, ...withCarePlan(changes, entries, klIds.carePlan(course.id, childId), contentOf)]);
  }

  if (!course.child) return done('missing_cpr');
  const child = course.child;
  const withdrawnCourse = course.status === 'entered_in_error';
  const citizen = citizenResource(child.id, child.cpr, sorCode, !withdrawnCourse || child.hasOtherCourses);
  const live = withdrawnCourse ? [] : liveResources(course, child.id);
  const liveIds = new Set(live.map((r) => r.id!));
  const mine = Object.entries(lastReported).filter(([, e]) => e.childId === child.id && e.resourceType !== 'Patient');
  const changed = options.resendAll ? live : live.filter((r) => lastReported[r.id!]?.hash !== hashOf(r));
  const changes = [...changed.filter((r) => r.resourceType !== 'Patient'), ...withdrawals(mine, liveIds, contentOf, options.resendAll)];
  const citizenChanged = options.resendAll || lastReported[citizen.id!]?.hash !== hashOf(citizen);
  if (changes.length > 0 || citizenChanged) {
    const carePlanId = klIds.carePlan(course.id, child.id);
    const lastCarePlan = lastReported[carePlanId];
    const carePlan =
      changes.find((r) => r.id === carePlanId) ?? live.find((r) => r.id === carePlanId) ?? (lastCarePlan && contentOf(lastCarePlan));
    // A course never reported and withdrawn before it was: KL never knew it, so there is nothing to say.
    if (carePlan) make(child.id, [citizen, carePlan, ...changes.filter((r) => r.id !== carePlanId)]);
  }
  return done(null);
}

/** Everything KL should hold for the course now, in report order: CarePlan, encounters by contact order, referrals. */
function liveResources(course: KlCourse, childId: string): KlResource[] {
  const resources: KlResource[] = [carePlanResource(course, childId), firstContactEncounter(course, childId)];
  // KL-LTT, last section: only contacts actually held; planned, cancelled and no-show contacts stay out.
  for (const contact of course.contacts) if (contact.status === 'held') resources.push(contactEncounter(course, contact, childId));
  if (course.status === 'closed' && course.closure) resources.push(closureEncounter(course, course.closure, childId));
  for (const referral of course.referrals) if (!referral.enteredInError) resources.push(referralResource(course, referral, childId));
  return resources;
}

/** Reported resources that are no longer live and not yet withdrawn (`again`: also those already withdrawn), withdrawn, in a stable order. */
function withdrawals(
  entries: [string, ReportedResource][],
  liveIds: ReadonlySet<string>,
  contentOf: (entry: ReportedResource) => KlResource,
  again = false,
): KlResource[] {
  return entries
    .filter(([id, e]) => e.resourceType !== 'Patient' && !liveIds.has(id) && (again || !e.withdrawn))
    .map(([, e]) => withdrawn(contentOf(e)))
    .sort(byReportOrder);
}

/** The course CarePlan first, then encounters by start, then referrals, each by id within a tie. */
function byReportOrder(a: KlResource, b: KlResource): number {
  const rank = (r: KlResource) => (isCourseCarePlan(r) ? 0 : r.resourceType === 'Encounter' ? 1 : 2);
  const start = (r: KlResource) => ('period' in r ? (r.period?.start ?? '') : '');
  return rank(a) - rank(b) || start(a).localeCompare(start(b)) || a.id!.localeCompare(b.id!);
}

/** Withdrawn encounters and referrals travel with the CarePlan they reference, withdrawn or not. */
function withCarePlan(
  changes: KlResource[],
  entries: [string, ReportedResource][],
  carePlanId: string,
  contentOf: (entry: ReportedResource) => KlResource,
): KlResource[] {
  if (changes.some((r) => r.id === carePlanId)) return changes;
  const carePlan = entries.find(([id]) => id === carePlanId)?.[1];
  if (!carePlan) throw new Error(`The state has resources of CarePlan ${carePlanId} but not the CarePlan`);
  return [contentOf(carePlan), ...changes];
}

function formerChildEntries(course: KlCourse, lastReported: KlReportedState): Map<string, [string, ReportedResource][]> {
  const byChild = new Map<string, [string, ReportedResource][]>();
  for (const [id, entry] of Object.entries(lastReported)) {
    if (entry.childId === course.child?.id) continue;
    byChild.set(entry.childId, [...(byChild.get(entry.childId) ?? []), [id, entry]]);
  }
  return new Map([...byChild].sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * A delivery report (profile `klgateway-ltt-delivery-report`): a collection Bundle with a
 * timestamp and entries of `fullUrl` and `resource` only. Its id is a name hash of the entries'
 * content hashes, of the hashes last reported for them and of the report's number in the course's
 * series, never of the timestamp.
 */
function deliveryReport(
  childId: string,
  resources: KlResource[],
  lastReported: KlReportedState,
  number: number,
  hashOf: (resource: KlResource) => string,
  options: KlReportOptions,
): KlDeliveryReport {
  const base = options.fullUrlBase.replace(/\/+$/, '');
  const contents = resources.map(hashOf);
  const id = klIds.bundle(contentHash({ contents, before: resources.map((r) => lastReported[r.id!]?.hash ?? null), number }));
  const entry: BundleEntry[] = resources.map((resource) => ({ fullUrl: `${base}/${resource.resourceType}/${resource.id}`, resource }));
  const sent = Object.fromEntries(
    resources.map((resource, i): [string, ReportedResource] => [
      resource.id!,
      { hash: contents[i], childId, resourceType: resource.resourceType, withdrawn: isWithdrawn(resource), resource },
    ]),
  );
  return {
    id,
    childId,
    bundle: {
      resourceType: 'Bundle',
      id,
      meta: { profile: [KL_PROFILE.deliveryReport] },
      type: 'collection',
      timestamp: fhirInstant(options.now),
      entry,
    },
    sent,
  };
}
