import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { findIdentifyingPatterns } from '../../support/identifying-patterns.js';
import type { ExchangeObserver, HttpReply, HttpRequest } from './http.js';

/** A JSON Web Token: three base64url parts, the first two JSON objects (`eyJ` is `{"`). */
const JWT = /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;
/** A URL with a query string: `?name=` (the logs keep only the path, docs/architecture.md). */
const QUERY = /\?[A-Za-z][A-Za-z0-9_.[\]-]*=/;

/** The CPR-shaped `example` values of docs/openapi.json. */
function documentCprExamples(): string[] {
  const found = new Set<string>();
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        if (key === 'example' && typeof v === 'string' && /^\d{6}-?\d{4}$/.test(v)) found.add(v);
        else walk(v);
      }
    }
  };
  walk(JSON.parse(readFileSync(resolve('docs/openapi.json'), 'utf8')));
  return [...found];
}

export type Where = 'log' | 'response' | 'extract' | 'audit';

export interface Finding {
  where: Where;
  kind: string;
  label: string;
  excerpt: string;
}

/**
 * The log and output scan (issue 11): no CPR, token or query string in any log line, response,
 * extract or audit field. Every part of the suite feeds it what it produced: the service's log
 * lines, every HTTP response (as an observer of the client), every extract file and every
 * audit row. It knows every CPR the part used and every token it minted, and also looks for
 * anything shaped like a CPR or a JWT, and for query strings.
 *
 * Extracts get the full test of test/support/identifying-patterns.ts (no date, timestamp or id
 * either); logs, responses and audit rows hold request ids, dates and timestamps by design, so
 * only the CPR kinds of that scanner apply to them.
 */
export class OutputScan implements ExchangeObserver {
  private readonly cprs = new Set<string>();
  private readonly tokens = new Set<string>();
  readonly findings: Finding[] = [];
  readonly counts: Record<Where, number> = { log: 0, response: 0, extract: 0, audit: 0 };
  /** CPR-shaped examples of docs/openapi.json, which the API documentation serves by design. */
  private readonly documentExamples = documentCprExamples();

  cpr(cpr: string): string {
    this.cprs.add(cpr);
    return cpr;
  }

  token(token: string): string {
    this.tokens.add(token);
    return token;
  }

  /** Every HTTP response of the part. A reveal=cpr answer carries the CPR by design (audited): its `cpr` fields are left out. */
  exchange(request: HttpRequest, reply: HttpReply): void {
    let text = reply.text;
    if (/[?&]reveal=cpr(&|$)/.test(request.path) && reply.status === 200 && reply.json && typeof reply.json === 'object') {
      text = JSON.stringify(reply.json, (key, value) => (key === 'cpr' ? '<revealed>' : value));
    }
    const headers = Object.entries(reply.headers)
      .map(([k, v]) => `${k}: ${String(v)}`)
      .join('\n');
    const label = `${request.method} ${request.path.slice(0, 120)} → ${reply.status}`;
    if (/^\/docs/.test(request.path)) for (const example of this.documentExamples) text = text.split(example).join('<example>');
    this.scan('response', `${headers}\n\n${text}`, label);
    const query = request.path.includes('?') ? request.path.slice(request.path.indexOf('?') + 1) : '';
    if (query.length >= 6 && text.includes(query)) this.add('response', 'query_string', label, query);
  }

  /** One text (a log line, a response, an audit row as JSON, an extract file). */
  scan(where: Where, text: string, label: string): void {
    this.counts[where]++;
    const kinds = where === 'extract' ? undefined : new Set(['known_cpr', 'cpr_like']);
    for (const finding of findIdentifyingPatterns(text, [...this.cprs])) {
      const kind = finding.slice(0, finding.indexOf(':'));
      if (!kinds || kinds.has(kind)) this.add(where, kind, label, finding);
    }
    for (const match of text.matchAll(JWT)) this.add(where, 'token', label, match[0].slice(0, 40));
    for (const token of this.tokens) {
      const signature = token.slice(token.lastIndexOf('.') + 1);
      if (signature.length > 16 && text.includes(signature)) this.add(where, 'token_signature', label, signature.slice(0, 16));
    }
    if (where !== 'response' && where !== 'extract') {
      const query = QUERY.exec(text);
      if (query) this.add(where, 'query_string', label, text.slice(Math.max(0, query.index - 40), query.index + 40));
    }
  }

  lines(where: Where, lines: readonly string[], label: string): void {
    for (const line of lines) this.scan(where, line, label);
  }

  /** Every audit row of the database, every field. */
  async auditRows(superuserUrl: string, label: string): Promise<number> {
    const client = new pg.Client({ connectionString: superuserUrl });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT * FROM audit_log ORDER BY id');
      for (const row of rows) this.scan('audit', JSON.stringify(row), `${label} audit ${row.id}`);
      return rows.length;
    } finally {
      await client.end();
    }
  }

  private add(where: Where, kind: string, label: string, excerpt: string): void {
    if (this.findings.length < 1000) this.findings.push({ where, kind, label, excerpt });
  }

  summary(): string {
    const { log, response, extract, audit } = this.counts;
    return (
      `${log.toLocaleString('en')} log lines, ${response.toLocaleString('en')} responses, ${extract} extracts, ` +
      `${audit.toLocaleString('en')} audit rows scanned: ${this.findings.length} findings`
    );
  }
}
