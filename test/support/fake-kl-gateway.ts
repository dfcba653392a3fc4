/**
 * A fake FK Gateway on loopback for the delivery tests: an OAuth 2.0 token endpoint (client
 * credentials, HTTP Basic) and `PUT /fhir/Bundle/{id}`, which validates each report with KL's
 * profiles (`validateReport`) and decides by Bundle id: the same id PUT again is the same report.
 *
 * With `chaos`, each PUT at random (seeded) answers 500, times out (holds the request and never
 * answers), resets the connection, or accepts the report and then loses the answer (resets the
 * connection, or never answers) — what a real network and gateway do.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Bundle, Patient } from '@medplum/fhirtypes';
import { validateReport } from '../../src/kl-reporting/validation/kl-validation.js';

export type Outcome = 'accept' | 'error500' | 'timeout' | 'reset' | 'acceptThenReset' | 'acceptThenHang';

export interface Chaos {
  /** Probability of each outcome but `accept` (the rest is accepted). */
  error500?: number;
  timeout?: number;
  reset?: number;
  acceptThenReset?: number;
  acceptThenHang?: number;
  seed?: number;
}

export interface Accepted {
  id: string;
  /** The Citizen's id: which child the report is for. */
  citizenId: string;
  /** Order of first acceptance across the gateway. */
  order: number;
  bundle: Bundle;
}

export interface FakeGateway {
  url: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** First acceptances, in order. */
  accepted: Accepted[];
  acceptedIds: Set<string>;
  /** PUTs of an id already accepted (a retry after a lost answer): answered 200, counted once. */
  repeats: number;
  puts: number;
  /** Every PUT with a valid token, in arrival order: its Bundle id and what the gateway did with it. */
  log: { id: string; outcome: Outcome | 'rejected' | 'invalid' | 'repeat' }[];
  tokensIssued: number;
  outcomes: Record<Outcome, number>;
  /** Reports that failed KL's profiles here (422). */
  invalid: { id: string; issues: unknown[] }[];
  /** Answer these reports with a 4xx OperationOutcome (a rejection), by Bundle id or Citizen id. */
  reject: (bundle: Bundle) => boolean;
  chaos: Chaos;
  /** Forgets every token it issued: the next PUT with one is a 401. */
  revokeTokens(): void;
  close(): Promise<void>;
}

/** mulberry32: a small seeded random, so a failing run can be replayed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const read = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });

export async function startFakeGateway(
  options: { chaos?: Chaos; tokenLifetimeSeconds?: number; validateBase?: boolean } = {},
): Promise<FakeGateway> {
  const clientId = 'ltt-test-client';
  const clientSecret = 'test-secret-æøå:/';
  const tokens = new Set<string>();
  const sockets = new Set<Socket>();
  const hanging = new Set<ServerResponse>();
  const state = {
    accepted: [] as Accepted[],
    acceptedIds: new Set<string>(),
    repeats: 0,
    puts: 0,
    log: [] as { id: string; outcome: Outcome | 'rejected' | 'invalid' | 'repeat' }[],
    tokensIssued: 0,
    outcomes: { accept: 0, error500: 0, timeout: 0, reset: 0, acceptThenReset: 0, acceptThenHang: 0 } as Record<Outcome, number>,
    invalid: [] as { id: string; issues: unknown[] }[],
    reject: (() => false) as (bundle: Bundle) => boolean,
    chaos: options.chaos ?? {},
  };
  let random = seeded(state.chaos.seed ?? 1);
  let lastSeed = state.chaos.seed;

  const pick = (): Outcome => {
    if (state.chaos.seed !== lastSeed) {
      random = seeded(state.chaos.seed ?? 1);
      lastSeed = state.chaos.seed;
    }
    let r = random();
    for (const outcome of ['error500', 'timeout', 'reset', 'acceptThenReset', 'acceptThenHang'] as const) {
      r -= state.chaos[outcome] ?? 0;
      if (r < 0) return outcome;
    }
    return 'accept';
  };

  const json = (res: ServerResponse, status: number, body: unknown, type = 'application/json') => {
    res.writeHead(status, { 'Content-Type': type });
    res.end(JSON.stringify(body));
  };
  const outcome = (res: ServerResponse, status: number, code: string, diagnostics: string) =>
    json(res, status, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] }, 'application/fhir+json');

  const server: Server = createServer(async (req, res) => {
    const body = await read(req);
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'POST' && url.pathname === '/token') {
      const basic = (req.headers.authorization ?? '').replace(/^Basic /, '');
      const [id, secret] = Buffer.from(basic, 'base64').toString('utf8').split(':').map(decodeURIComponent);
      const form = new URLSearchParams(body);
      if (id !== clientId || secret !== clientSecret || form.get('grant_type') !== 'client_credentials') {
        return json(res, 401, { error: 'invalid_client' });
      }
      const token = `token-${++state.tokensIssued}-${Math.random().toString(36).slice(2)}`;
      tokens.add(token);
      return json(res, 200, { access_token: token, token_type: 'Bearer', expires_in: options.tokenLifetimeSeconds ?? 3600 });
    }
    const match = /^\/fhir\/Bundle\/([^/]+)$/.exec(url.pathname);
    if (req.method !== 'PUT' || !match) return json(res, 404, { error: 'not found' });
    state.puts++;
    if (!tokens.has((req.headers.authorization ?? '').replace(/^Bearer /, ''))) return outcome(res, 401, 'login', 'invalid token');
    const id = decodeURIComponent(match[1]);
    const chosen = pick();
    state.outcomes[chosen]++;
    const entry = { id, outcome: chosen as FakeGateway['log'][number]['outcome'] };
    state.log.push(entry);
    if (chosen === 'error500') return outcome(res, 500, 'exception', 'the gateway is having a bad day');
    if (chosen === 'timeout') return void hanging.add(res);
    if (chosen === 'reset') return void req.socket.destroy();

    let bundle: Bundle;
    try {
      bundle = JSON.parse(body) as Bundle;
    } catch {
      return outcome(res, 400, 'structure', 'not JSON');
    }
    if (bundle.id !== id) return outcome(res, 400, 'invalid', 'the Bundle id is not the id in the URL');
    if (state.acceptedIds.has(id)) {
      // The gateway decides by id: the same report again.
      state.repeats++;
      entry.outcome = 'repeat';
    } else {
      const validation = validateReport(bundle, { baseSpecification: options.validateBase ?? false });
      if (!validation.valid) {
        state.invalid.push({ id, issues: validation.issues });
        entry.outcome = 'invalid';
        return outcome(res, 422, 'invalid', validation.issues.map((i) => `${i.rule} ${i.path}`).join('; '));
      }
      if (state.reject(bundle)) {
        entry.outcome = 'rejected';
        return outcome(res, 422, 'business-rule', 'SOR code 451000016003 is not registered for this sender');
      }
      const citizen = bundle.entry!.find((e) => e.resource?.resourceType === 'Patient')!.resource as Patient;
      state.acceptedIds.add(id);
      state.accepted.push({ id, citizenId: citizen.id!, order: state.accepted.length, bundle });
    }
    if (chosen === 'acceptThenReset') return void req.socket.destroy();
    if (chosen === 'acceptThenHang') return void hanging.add(res);
    json(res, 201, { resourceType: 'Bundle', id, type: 'collection' }, 'application/fhir+json');
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return Object.assign(state, {
    url: `${base}/fhir`,
    tokenUrl: `${base}/token`,
    clientId,
    clientSecret,
    revokeTokens: () => tokens.clear(),
    async close() {
      for (const res of hanging) res.destroy();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

/** The environment that points the service at this gateway. */
export function gatewayEnv(gateway: FakeGateway, extra: Record<string, string> = {}): Record<string, string> {
  return {
    KL_GATEWAY_URL: gateway.url,
    KL_TOKEN_URL: gateway.tokenUrl,
    KL_CLIENT_ID: gateway.clientId,
    KL_CLIENT_SECRET: gateway.clientSecret,
    KL_REQUEST_TIMEOUT_MS: '1000',
    KL_RETRY_BASE_MS: '50',
    KL_RETRY_MAX_MS: '400',
    JOB_POLL_INTERVAL_MS: '100',
    ...extra,
  };
}
