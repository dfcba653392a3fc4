import http from 'node:http';

export interface HttpRequest {
  method: string;
  /** Path with its query string, already encoded as it should go on the wire. */
  path: string;
  headers?: Record<string, string | undefined>;
  /** Sent as is (a string is UTF-8). */
  body?: string | Buffer;
  /** Milliseconds before the request is abandoned (default 30 s). */
  timeoutMs?: number;
}

export interface HttpReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON, when it is JSON. */
  json?: unknown;
  ms: number;
}

/** Something that wants to see every exchange (the output scan). */
export interface ExchangeObserver {
  exchange(request: HttpRequest, reply: HttpReply): void;
}

/**
 * A small HTTP client over node:http with a keep-alive pool of its own, loopback only, that sends
 * bytes exactly as given (hostile headers, bodies and paths included) and hands every exchange to
 * the observers (the output scan sees every response of the run).
 */
export class HttpClient {
  private readonly agent: http.Agent;

  constructor(
    readonly port: number,
    private readonly observers: ExchangeObserver[] = [],
    connections = 16,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  }

  request(req: HttpRequest): Promise<HttpReply> {
    const started = performance.now();
    return new Promise((done, fail) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers ?? {})) if (value !== undefined) headers[name] = value;
      if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
      const outgoing = http.request(
        { host: '127.0.0.1', port: this.port, method: req.method, path: req.path, headers, agent: this.agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', fail);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json: unknown;
            if (/json/.test(res.headers['content-type'] ?? '')) {
              try {
                json = JSON.parse(text);
              } catch {
                json = undefined;
              }
            }
            const reply = { status: res.statusCode ?? 0, headers: res.headers, text, json, ms: performance.now() - started };
            for (const observer of this.observers) observer.exchange(req, reply);
            done(reply);
          });
        },
      );
      outgoing.setTimeout(req.timeoutMs ?? 30_000, () => outgoing.destroy(new Error(`${req.method} ${req.path}: no answer in time`)));
      outgoing.on('error', fail);
      if (req.body !== undefined) outgoing.write(req.body);
      outgoing.end();
    });
  }

  /** JSON in, JSON out, for fixtures and checks. */
  async json(method: string, path: string, authorization: string | undefined, body?: unknown, headers: Record<string, string> = {}) {
    return this.request({
      method,
      path,
      headers: {
        ...(authorization ? { authorization } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Throws unless the reply has the status; for fixtures, with the answer in the message. */
export function expectStatus(reply: HttpReply, status: number, what: string): HttpReply {
  if (reply.status !== status) throw new Error(`${what}: expected ${status}, got ${reply.status}: ${reply.text.slice(0, 500)}`);
  return reply;
}
