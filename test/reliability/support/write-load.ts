import { randomUUID } from 'node:crypto';
import { addDays, todayInDenmark } from '../../../src/kernel/local-date.js';
import type { HttpClient, HttpReply, HttpRequest } from './http.js';

export type AttemptKind = 'course' | 'referral' | 'patch' | 'read';

/** One request of the load and what became of it. */
export interface Attempt {
  kind: AttemptKind;
  worker: number;
  request: HttpRequest;
  /** The course it created or addressed. */
  courseId?: string;
  /** The referral it created. */
  resourceId?: string;
  /** What a PATCH set, and the version it answered with. */
  focusAreas?: string[];
  version?: number;
  /** `acknowledged`: 2xx; `refused`: 4xx, nothing done; `unknown`: no answer or a 5xx: done or not. */
  outcome: 'acknowledged' | 'refused' | 'unknown';
  status?: number;
  reply?: HttpReply;
  error?: string;
  sentAt: number;
  answeredAt: number;
}

const FOCUS = [
  'behaviour',
  'worry',
  'body_and_food',
  'self_harm',
  'sadness',
  'obsessions_compulsions',
  'restlessness_inattention',
  'other',
];

/**
 * Write load on the course routes from `connections` workers at once, each with its own courses:
 * new courses and referrals (POST, each with its own Idempotency-Key, so a retry is safe) and
 * focus-area changes (PATCH with If-Match), with a read now and then. Every attempt is kept
 * with its outcome, so that after a crash or an outage the suite can check that every
 * acknowledged write is there and retry every other one with its key.
 */
export class WriteLoad {
  readonly attempts: Attempt[] = [];
  private stopped = false;
  private workers: Promise<void>[] = [];
  private readonly today = todayInDenmark();
  readonly started = performance.now();

  constructor(
    private readonly http: HttpClient,
    private readonly authorization: string,
    private readonly municipality: string,
    private readonly connections = 16,
    private readonly options: { readShare?: number; pauseAfterFailureMs?: number; timeoutMs?: number } = {},
  ) {}

  start(): this {
    this.workers = Array.from({ length: this.connections }, (_, i) => this.worker(i));
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.workers);
  }

  count(kind: AttemptKind | 'write', outcome: Attempt['outcome']): number {
    return this.attempts.filter((a) => (kind === 'write' ? a.kind !== 'read' : a.kind === kind) && a.outcome === outcome).length;
  }

  private async worker(index: number): Promise<void> {
    const own: { id: string; version: number }[] = [];
    let n = 0;
    while (!this.stopped) {
      n++;
      const roll = (index * 7919 + n * 104729) % 100;
      const course = own.length ? own[(n * 31) % own.length] : undefined;
      let kind: AttemptKind = 'course';
      if (course && roll < (this.options.readShare ?? 10)) kind = 'read';
      else if (course && roll < 45) kind = 'referral';
      else if (course && roll < 65) kind = 'patch';
      const attempt = await this.send(index, kind, course, n);
      if (attempt.outcome === 'acknowledged') {
        if (kind === 'course') own.push({ id: attempt.courseId!, version: 1 });
        // A referral changes the course's version without saying which: read it before the next change.
        if (kind === 'referral') course!.version = -1;
        if (kind === 'patch' || kind === 'read') course!.version = attempt.version ?? course!.version;
      } else if (attempt.outcome === 'unknown' && course && kind !== 'read') {
        // Its version is now unknown: read it before the next change.
        course.version = -1;
      }
      if (attempt.outcome !== 'acknowledged') await new Promise((r) => setTimeout(r, this.options.pauseAfterFailureMs ?? 100));
      if (course && course.version === -1 && !this.stopped) {
        const fresh = await this.send(index, 'read', course, n);
        if (fresh.outcome === 'acknowledged') course.version = fresh.version!;
      }
    }
  }

  private request(
    kind: AttemptKind,
    course: { id: string; version: number } | undefined,
    worker: number,
    n: number,
  ): { request: HttpRequest; focusAreas?: string[] } {
    const headers: Record<string, string> = { authorization: this.authorization, 'content-type': 'application/json' };
    if (kind === 'course') {
      headers['idempotency-key'] = randomUUID();
      const body = {
        municipalityCode: this.municipality,
        firstContact: { date: addDays(this.today, -((worker + n) % 20)), channel: 'phone', contactedBy: 'parent' },
        clearlyInTargetGroup: n % 2 === 0,
        focusAreas: [FOCUS[n % FOCUS.length]],
      };
      return { request: { method: 'POST', path: '/api/v1/courses', headers, body: JSON.stringify(body) } };
    }
    if (kind === 'referral') {
      headers['idempotency-key'] = randomUUID();
      const body = { date: this.today, destination: 'gp', note: `load ${worker}.${n}` };
      return { request: { method: 'POST', path: `/api/v1/courses/${course!.id}/referrals`, headers, body: JSON.stringify(body) } };
    }
    if (kind === 'patch') {
      headers['if-match'] = `"${course!.version}"`;
      const focusAreas = [FOCUS[(worker + n) % FOCUS.length], FOCUS[(worker + n + 3) % FOCUS.length]];
      return {
        request: { method: 'PATCH', path: `/api/v1/courses/${course!.id}`, headers, body: JSON.stringify({ focusAreas }) },
        focusAreas,
      };
    }
    return { request: { method: 'GET', path: `/api/v1/courses/${course!.id}`, headers: { authorization: this.authorization } } };
  }

  private async send(worker: number, kind: AttemptKind, course: { id: string; version: number } | undefined, n: number): Promise<Attempt> {
    const { request, focusAreas } = this.request(kind, course, worker, n);
    const attempt: Attempt = {
      kind,
      worker,
      request,
      courseId: course?.id,
      focusAreas,
      outcome: 'unknown',
      sentAt: performance.now(),
      answeredAt: 0,
    };
    this.attempts.push(attempt);
    try {
      const reply = await this.http.request({ ...request, timeoutMs: this.options.timeoutMs ?? 30_000 });
      attempt.reply = reply;
      attempt.status = reply.status;
      const body = reply.json as { id?: string; version?: number; courseVersion?: number } | undefined;
      if (reply.status < 300) {
        attempt.outcome = 'acknowledged';
        if (kind === 'course') attempt.courseId = body?.id;
        if (kind === 'referral') attempt.resourceId = body?.id;
        attempt.version = kind === 'referral' ? undefined : body?.version;
      } else {
        // A 5xx may come after the commit (a connection lost on COMMIT): done or not, a retry tells.
        attempt.outcome = reply.status < 500 ? 'refused' : 'unknown';
      }
    } catch (error) {
      attempt.error = String(error);
    }
    attempt.answeredAt = performance.now();
    return attempt;
  }
}
