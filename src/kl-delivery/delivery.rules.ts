/**
 * The delivery's rules as plain functions (docs/kl-reporting.md, "Delivery"): what a gateway's
 * answer means for a report, and how long to wait before trying again. No Nest, no database, no
 * network.
 */
import { scrubCpr } from '../common/logging.js';

/** A report's delivery state. Held back is a course's state, not a report's: nothing is made for it. */
export const REPORT_STATES = ['pending', 'sent', 'accepted', 'rejected', 'exported', 'superseded'] as const;
export type ReportState = (typeof REPORT_STATES)[number];

/** One issue of the gateway's OperationOutcome, or of the validator's before sending, as kept and shown. */
export interface RejectionIssue {
  severity: string;
  code: string;
  diagnostics?: string;
  expression?: string[];
}

export interface Rejection {
  /** `gateway`: FK Gateway answered 4xx with an OperationOutcome; `validator`: the report failed KL's profiles here and was never sent. */
  source: 'gateway' | 'validator';
  status?: number;
  issues: RejectionIssue[];
}

/** What one try of a report came to. */
export type Verdict =
  | { kind: 'accepted'; status: number }
  | { kind: 'rejected'; status: number; rejection: Rejection }
  /** Try again later with the same Bundle id; `refreshToken`: the token was refused, fetch a new one first. */
  | { kind: 'retry'; status?: number; error: string; retryAfterMs?: number; refreshToken?: boolean };

/** At most this many issues and characters are kept from a gateway's answer. */
const MAX_ISSUES = 50;
const MAX_TEXT = 500;

const clip = (text: string) => scrubCpr(text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text);

/**
 * What a gateway's HTTP answer to `PUT /Bundle/{id}` means:
 *
 * - 2xx: accepted (FK Gateway decides by id, so a repeated PUT of an accepted report is accepted again).
 * - 4xx with an OperationOutcome: rejected, with its issues kept — the report itself is refused and
 *   sending it again would change nothing. Except 401 (the token: fetched anew, then retried), 408
 *   (a timeout) and 429 (too many requests), which say nothing about the report.
 * - Any other answer (5xx, a 4xx without an OperationOutcome such as a proxy's 404 or 403 page,
 *   a 3xx): retried, since it is the transport or the configuration, not the report, that failed.
 *
 * Diagnostics are kept without anything shaped like a CPR number: the gateway may echo one.
 */
export function verdictOfResponse(status: number, body: string, retryAfter: string | null, now: Date): Verdict {
  if (status >= 200 && status < 300) return { kind: 'accepted', status };
  const retryAfterMs = parseRetryAfter(retryAfter, now);
  const outcome = status >= 400 && status < 500 ? operationOutcome(body) : undefined;
  if (outcome && ![401, 408, 429].includes(status)) {
    return { kind: 'rejected', status, rejection: { source: 'gateway', status, issues: outcome } };
  }
  const summary = outcome?.map((i) => i.diagnostics ?? i.code).join('; ') || body.trim().slice(0, 200);
  return {
    kind: 'retry',
    status,
    error: clip(`HTTP ${status}${summary ? `: ${summary}` : ''}`),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(status === 401 ? { refreshToken: true } : {}),
  };
}

/** A try that got no HTTP answer at all: a timeout, a reset or refused connection, a DNS failure. Always retried. */
export function verdictOfFailure(error: unknown): Verdict {
  return { kind: 'retry', error: clip(describeFailure(error)) };
}

/**
 * Read by shape, not `instanceof`: the errors of Node's HTTP client (a `code` such as ECONNRESET,
 * an AbortError when the time is up) and of fetch (undici's TypeError with a `cause`, the
 * DOMException of a timeout) may come from another realm than this module's `Error`.
 */
function describeFailure(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const { name, message, code, cause } = error as {
    name?: unknown;
    message?: unknown;
    code?: unknown;
    cause?: { code?: unknown; message?: unknown };
  };
  if (name === 'TimeoutError' || name === 'AbortError') return 'timeout: no answer in time';
  if (typeof code === 'string') return `connection failed: ${code}${typeof message === 'string' ? ` (${message})` : ''}`;
  if (typeof cause?.code === 'string')
    return `connection failed: ${cause.code}${typeof cause.message === 'string' ? ` (${cause.message})` : ''}`;
  return typeof message === 'string' ? message : String(error);
}

/** The issues of an OperationOutcome body, or undefined when the body is not one. */
export function operationOutcome(body: string): RejectionIssue[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!isRecord(parsed) || parsed.resourceType !== 'OperationOutcome') return undefined;
  const issues = Array.isArray(parsed.issue) ? parsed.issue.filter(isRecord) : [];
  return issues.slice(0, MAX_ISSUES).map((issue) => {
    const details = isRecord(issue.details) && typeof issue.details.text === 'string' ? issue.details.text : undefined;
    const diagnostics = typeof issue.diagnostics === 'string' ? issue.diagnostics : details;
    const where = Array.isArray(issue.expression) ? issue.expression : Array.isArray(issue.location) ? issue.location : [];
    const expression = where.filter((e): e is string => typeof e === 'string').map(clip);
    return {
      severity: typeof issue.severity === 'string' ? clip(issue.severity) : 'error',
      code: typeof issue.code === 'string' ? clip(issue.code) : 'unknown',
      ...(diagnostics ? { diagnostics: clip(diagnostics) } : {}),
      ...(expression.length ? { expression } : {}),
    };
  });
}

/** Retry-After (RFC 9110 section 10.2.3): seconds, or an HTTP date; milliseconds from `now`. */
export function parseRetryAfter(value: string | null, now: Date): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
}

/**
 * How long to wait before try `tries + 1` after `tries` failed tries: exponential (base × 2^(tries −
 * 1), capped at max) with "equal jitter" — half of it fixed, half random — so that reports failed
 * together do not come back together, and a wait never collapses to nothing. A Retry-After from the
 * gateway is honoured when it asks for longer (and capped like the rest).
 */
export function retryDelayMs(tries: number, policy: RetryPolicy, random: () => number = Math.random, retryAfterMs?: number): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(Math.max(tries - 1, 0), 40));
  const jittered = exponential / 2 + random() * (exponential / 2);
  return Math.round(Math.min(policy.maxMs, Math.max(jittered, retryAfterMs ?? 0)));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
