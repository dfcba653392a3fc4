import http from 'node:http';
import https from 'node:https';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { verdictOfFailure, verdictOfResponse, type Verdict } from './delivery.rules.js';

interface CachedToken {
  value: string;
  /** When to fetch a new one: KL_TOKEN_REFRESH_MARGIN_SECONDS before it expires. */
  refreshAt: number;
}

/** A token endpoint's refusal or a broken answer: the try is retried, like any transport failure. */
class TokenError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'TokenError';
  }
}

/**
 * FK Gateway as the delivery sees it: `PUT {KL_GATEWAY_URL}/{KL_BUNDLE_PATH}` with the report as
 * `application/fhir+json`, authorised by an OAuth 2.0 client-credentials token (RFC 6749 section
 * 4.4) from KL_TOKEN_URL, cached until shortly before it expires and fetched once for all
 * concurrent sends. Every answer, and every failure to get one, becomes a `Verdict`
 * (delivery.rules.ts); nothing here throws for the network's sake.
 */
@Injectable()
export class KlGateway implements OnApplicationShutdown {
  private token?: CachedToken;
  private fetching?: Promise<string>;
  /**
   * The reports go out on kept-alive connections through Node's own HTTP client: a PUT costs a
   * third of fetch's CPU here (docs/kl-reporting.md, "Speed"), and a day's reports are hundreds.
   */
  private readonly transports: Record<string, { request: typeof http.request; agent: http.Agent }> = {
    'http:': { request: http.request, agent: new http.Agent({ keepAlive: true }) },
    'https:': { request: https.request, agent: new https.Agent({ keepAlive: true }) },
  };

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  onApplicationShutdown(): void {
    for (const { agent } of Object.values(this.transports)) agent.destroy();
  }

  /** Whether a gateway is configured: without one nothing is sent and reports wait, pending. */
  get configured(): boolean {
    return Boolean(this.config.env.KL_GATEWAY_URL);
  }

  /** The URL one report is PUT to. */
  urlOf(bundleId: string): string {
    const base = this.config.env.KL_GATEWAY_URL!.replace(/\/+$/, '');
    return `${base}/${this.config.env.KL_BUNDLE_PATH.replace('{id}', encodeURIComponent(bundleId))}`;
  }

  /** Sends one report (its Bundle as the exact text validated) and says what came of it. */
  async put(bundleId: string, bundle: string): Promise<Verdict> {
    let token: string | undefined;
    try {
      token = await this.accessToken();
    } catch (error) {
      return { kind: 'retry', error: `token: ${error instanceof Error ? error.message : String(error)}` };
    }
    try {
      const response = await this.send(this.urlOf(bundleId), bundle, token);
      const verdict = verdictOfResponse(response.status, response.body, response.retryAfter, this.clock.now());
      if (verdict.kind === 'retry' && verdict.refreshToken) this.token = undefined;
      return verdict;
    } catch (error) {
      return verdictOfFailure(error);
    }
  }

  /**
   * One PUT and its whole answer, within KL_REQUEST_TIMEOUT_MS from the start to the answer's last
   * byte (an AbortError after that); a connection reset or refused, or an answer cut off, fails.
   */
  private send(url: string, body: string, token: string | undefined): Promise<{ status: number; body: string; retryAfter: string | null }> {
    const target = new URL(url);
    const transport = this.transports[target.protocol];
    if (!transport) return Promise.reject(new Error(`KL_GATEWAY_URL: ${target.protocol} is not http: or https:`));
    const { agent } = transport;
    return new Promise((resolve, reject) => {
      const request = transport.request(
        target,
        {
          method: 'PUT',
          agent,
          headers: {
            'Content-Type': 'application/fhir+json',
            Accept: 'application/fhir+json',
            'Content-Length': Buffer.byteLength(body),
            ...(token ? { Authorization: `Bearer ${token}` } : {}),
          },
          signal: AbortSignal.timeout(this.config.env.KL_REQUEST_TIMEOUT_MS),
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('error', reject);
          response.on('close', () => {
            if (!response.complete) return reject(Object.assign(new Error('the answer was cut off'), { code: 'ECONNRESET' }));
            const retryAfter = response.headers['retry-after'];
            resolve({ status: response.statusCode ?? 0, body: text, retryAfter: typeof retryAfter === 'string' ? retryAfter : null });
          });
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }

  /** The cached token, or a new one (one request for every caller waiting); none when no token endpoint is configured. */
  private async accessToken(): Promise<string | undefined> {
    if (!this.config.env.KL_TOKEN_URL) return undefined;
    if (this.token && this.clock.now().getTime() < this.token.refreshAt) return this.token.value;
    this.fetching ??= this.fetchToken().finally(() => (this.fetching = undefined));
    return this.fetching;
  }

  private async fetchToken(): Promise<string> {
    const env = this.config.env;
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (env.KL_TOKEN_SCOPE) form.set('scope', env.KL_TOKEN_SCOPE);
    const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' };
    if (env.KL_TOKEN_AUTH_METHOD === 'client_secret_basic') {
      // RFC 6749 section 2.3.1: the id and secret form-urlencoded, then joined and base64-encoded.
      const pair = `${encodeURIComponent(env.KL_CLIENT_ID!)}:${encodeURIComponent(env.KL_CLIENT_SECRET!)}`;
      headers.Authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
    } else {
      form.set('client_id', env.KL_CLIENT_ID!);
      form.set('client_secret', env.KL_CLIENT_SECRET!);
    }
    let response: Response;
    try {
      response = await fetch(env.KL_TOKEN_URL!, {
        method: 'POST',
        headers,
        body: form,
        signal: AbortSignal.timeout(env.KL_REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      const verdict = verdictOfFailure(error);
      throw new TokenError(verdict.kind === 'retry' ? verdict.error : 'failed');
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) {
      // RFC 6749 section 5.2: { error, error_description }. Never the request: it carries the secret.
      let reason = '';
      try {
        const body = JSON.parse(text) as { error?: unknown };
        if (typeof body.error === 'string') reason = `: ${body.error.slice(0, 100)}`;
      } catch {
        // not JSON: the status says enough
      }
      throw new TokenError(`HTTP ${response.status}${reason}`, response.status);
    }
    let body: { access_token?: unknown; expires_in?: unknown; token_type?: unknown };
    try {
      body = JSON.parse(text);
    } catch {
      throw new TokenError('the token endpoint did not answer JSON');
    }
    if (typeof body.access_token !== 'string' || body.access_token === '') throw new TokenError('no access_token in the answer');
    if (typeof body.token_type === 'string' && body.token_type.toLowerCase() !== 'bearer') {
      throw new TokenError(`token_type ${body.token_type.slice(0, 20)} is not Bearer`);
    }
    // expires_in is RECOMMENDED (section 5.1); without it, five minutes.
    const lifetime = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 300;
    const margin = Math.min(env.KL_TOKEN_REFRESH_MARGIN_SECONDS, lifetime / 2);
    this.token = { value: body.access_token, refreshAt: this.clock.now().getTime() + (lifetime - margin) * 1000 };
    return body.access_token;
  }
}
