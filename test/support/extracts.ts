/**
 * Extracts are made by a background job: POST answers 202 with the status, and the extract is
 * polled until its job has finished. For the large tests that need a made extract.
 */
import type request from 'supertest';

type Http = ReturnType<typeof request>;

export interface ExtractStatusBody {
  id: string;
  status: 'queued' | 'running' | 'ready' | 'failed' | 'cancelled';
  progress: { rowsDone: number; rowsExpected: number | null };
  error: string | null;
  rowCount: number | null;
  byteCount: number | null;
  sha256: string | null;
  file: string | null;
  [field: string]: unknown;
}

const FINISHED = new Set(['ready', 'failed', 'cancelled']);

/** Polls the extract until its job has finished (ready, failed or cancelled); fails after `timeoutMs`. */
export async function awaitExtract(http: Http, authorization: string, id: string, timeoutMs = 60_000): Promise<ExtractStatusBody> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await http.get(`/api/v1/extracts/${id}`).set('Authorization', authorization);
    if (res.status !== 200) throw new Error(`GET /extracts/${id} answered ${res.status}: ${JSON.stringify(res.body)}`);
    const body = res.body as ExtractStatusBody;
    if (FINISHED.has(body.status)) return body;
    if (Date.now() > until) throw new Error(`extract ${id} still ${body.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** POSTs the extract (202 expected), waits for its job, and answers the finished extract, which must be ready. */
export async function makeExtract(
  http: Http,
  authorization: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<ExtractStatusBody> {
  let req = http.post('/api/v1/extracts').set('Authorization', authorization);
  for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
  const created = await req.send(body);
  if (created.status !== 202)
    throw new Error(`POST /extracts ${JSON.stringify(body)} answered ${created.status}: ${JSON.stringify(created.body)}`);
  const done = await awaitExtract(http, authorization, created.body.id);
  if (done.status !== 'ready') throw new Error(`extract ${done.id} ended ${done.status} (${done.error})`);
  return done;
}
