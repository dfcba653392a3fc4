/**
 * Extracts as background jobs (issue 11, "Extracts"): POST answers 202 with Location and the
 * status; the job's progress, cancel, a failed job, the file only when ready, who may see them;
 * and a restart of the service mid-extract (kill -9 of a real process) ending ready with the file
 * an uninterrupted run makes, never ready with part of it.
 *
 * To hold a job at a known point, the test takes a SHARE lock on `extract_chunk` as the owner
 * before asking for the extract: the job's first chunk waits for it (a real lock, as another
 * writer's would be) after it has recorded its first progress, so the job is seen running, and
 * can be cancelled or killed there.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { AppConfig, CryptoSettings } from '../../src/config/app-config.js';
import { addDays, todayInDenmark } from '../../src/kernel/local-date.js';
import { seedSynthetic } from '../../src/synthetic/seed.js';
import { CprVault } from '../../src/children/cpr-vault.js';
import { openAesGcm } from '../../src/common/aes-gcm.js';
import { coursesExtractSql, type ExtractSqlRow } from '../../src/extracts/extract-sql.js';
import { ExtractsService, MAX_EXTRACT_RUNS } from '../../src/extracts/extracts.service.js';
import { pseudonymousChildKey, pseudonymousChildKeyOfIndex, type PseudonymScheme } from '../../src/extracts/pseudonym.js';
import { PseudonymScheme1764601875000 } from '../../migrations/1764601875000-PseudonymScheme.js';
import type { QueryRunner } from 'typeorm';
import { ServiceProcess } from '../reliability/support/service-process.js';
import { awaitExtract, makeExtract, type ExtractStatusBody } from '../support/extracts.js';
import { ownerQuery, waitFor } from '../support/kl-delivery.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

// Today as the service sees it: the restart test compares a file made by a service process (with
// the real clock) with one made in this process, so neither pins the date.
const TODAY = todayInDenmark(new Date());
const RECIPIENT = 'sst-jobs';
/** About 7,000 courses and 50,000 contacts: a contacts file of several 1 MiB chunks. */
const SEED = { scale: 'national-1y' as const, seed: 11, today: TODAY, reset: false, municipalities: ['101', '751'] };
const REQUEST = { recipient: RECIPIENT, from: addDays(TODAY, -364), to: TODAY, kind: 'contacts', format: 'csv' };
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const key = () => randomBytes(32);
const crypto: CryptoSettings = {
  cprKeys: new Map([['k1', key()]]),
  currentKeyId: 'k1',
  cprIndexKey: key(),
  extractKeyEncryptionKey: key(),
};

/** Holds every job at its first chunk: a SHARE lock on extract_chunk from now until `release`. */
async function holdChunks(ownerUrl: string): Promise<{ release(): Promise<void> }> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  await client.query(`BEGIN; LOCK TABLE extract_chunk IN SHARE MODE`);
  return {
    async release() {
      await client.query('ROLLBACK');
      await client.end();
    },
  };
}

const chunksOf = async (ownerUrl: string, id: string) =>
  (await ownerQuery<{ n: number }>(ownerUrl, `SELECT count(*)::int AS n FROM extract_chunk WHERE extract_id = $1`, [id]))[0].n;
const jobsOf = async (ownerUrl: string, id: string) =>
  (
    await ownerQuery<{ n: number }>(
      ownerUrl,
      `SELECT count(*)::int AS n FROM graphile_worker._private_jobs WHERE payload->>'extractId' = $1`,
      [id],
    )
  )[0].n;

describe('extracts as background jobs', () => {
  let db: TestDatabase;
  let sut: TestApp;
  let admin: string;
  let evaluator: string;
  let reference: ExtractStatusBody;

  const get = (path: string, token = evaluator) => sut.http.get(path).set('Authorization', token);
  const post = (path: string, token = evaluator) => sut.http.post(path).set('Authorization', token);
  const download = (id: string, token = evaluator) =>
    get(`/api/v1/extracts/${id}/file`, token)
      .buffer(true)
      .parse((res, cb) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('end', () => cb(null, Buffer.concat(parts)));
      });
  const auditOf = async (id: string) =>
    (await get(`/api/v1/audit?resourceType=extract&resourceId=${id}&pageSize=500`, admin).expect(200)).body.items as {
      action: string;
      actorSub: string;
      outcome: string;
      details: Record<string, unknown> | null;
    }[];

  beforeAll(async () => {
    db = await createTestDatabase();
    sut = await startTestApp({ database: db, crypto });
    admin = await sut.bearer({ sub: 'adm-1', roles: ['admin'], municipalities: [] });
    evaluator = await sut.bearer({ sub: 'ev-sst', roles: ['evaluator'], municipalities: [] });
    await seedSynthetic({ ...SEED, ownerUrl: db.ownerUrl, config: { crypto } as AppConfig });
    await post('/api/v1/extract-recipients', admin).send({ id: RECIPIENT, name: 'Evaluering' }).expect(201);
    reference = await makeExtract(sut.http, evaluator, REQUEST);
  }, 240_000);
  let closed = false;
  afterAll(async () => {
    if (!closed) await sut?.close();
    await db?.drop();
  });

  it('answers 202 with Location and the queued status, and the job makes the file with its SHA-256', async () => {
    const res = await post('/api/v1/extracts')
      .send({ ...REQUEST, kind: 'courses' })
      .expect(202);
    expect(res.headers.location).toBe(`/api/v1/extracts/${res.body.id}`);
    expect(res.body).toMatchObject({
      status: 'queued',
      progress: { rowsDone: 0, rowsExpected: null },
      rowCount: null,
      sha256: null,
      file: null,
      parameters: { kind: 'courses', format: 'csv' },
    });
    const done = await awaitExtract(sut.http, evaluator, res.body.id);
    expect(done).toMatchObject({ status: 'ready', error: null, file: `/api/v1/extracts/${res.body.id}/file` });
    expect(done.progress).toEqual({ rowsDone: done.rowCount, rowsExpected: done.rowCount });
    expect(done.rowCount).toBeGreaterThan(5000);
    const file = (await download(res.body.id).expect(200)).body as Buffer;
    expect(sha256(file)).toBe(done.sha256);
    expect(file.length).toBe(done.byteCount);
  });

  it('shows the running job’s progress: rows done so far, of about how many; the file only once ready (409 naming the state)', async () => {
    const hold = await holdChunks(db.ownerUrl);
    const res = await post('/api/v1/extracts').send(REQUEST).expect(202);
    try {
      const running = await waitFor('progress recorded', async () => {
        const body = (await get(res.headers.location).expect(200)).body as ExtractStatusBody;
        return body.progress.rowsDone > 0 && body;
      });
      expect(running.status).toBe('running');
      expect(running.progress.rowsExpected).toBe(reference.rowCount);
      expect(running.progress.rowsDone).toBeLessThan(running.progress.rowsExpected!);
      expect(running.progress.rowsDone).toBeGreaterThanOrEqual(5000);
      const refused = await download(res.body.id).expect(409);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(refused.body.toString())).toMatchObject({ status: 409, detail: expect.stringContaining('is running') });
    } finally {
      await hold.release();
    }
    const done = await awaitExtract(sut.http, evaluator, res.body.id);
    expect(done.status).toBe('ready');
    // The same request over the same data: the same bytes as the reference run.
    expect(done.sha256).toBe(reference.sha256);
    const audit = await auditOf(res.body.id);
    expect(audit.filter((e) => e.action === 'download').map((e) => e.outcome)).toEqual(['failed']);
  });

  it('cancels a running job: it stops, writes no file, and the extract cannot be downloaded or cancelled again', async () => {
    const hold = await holdChunks(db.ownerUrl);
    const res = await post('/api/v1/extracts').send(REQUEST).expect(202);
    let cancelled: ExtractStatusBody;
    try {
      await waitFor(
        'the job running, its progress recorded',
        async () => (await get(res.headers.location).expect(200)).body.progress.rowsDone > 0,
      );
      cancelled = (await post(`/api/v1/extracts/${res.body.id}/cancel`).expect(200)).body;
    } finally {
      await hold.release();
    }
    expect(cancelled).toMatchObject({ status: 'cancelled', sha256: null, file: null });
    // The job sees it at its next progress record, stops, and deletes what it had written.
    await waitFor(
      'the job gone and its chunks deleted',
      async () => (await jobsOf(db.ownerUrl, res.body.id)) === 0 && (await chunksOf(db.ownerUrl, res.body.id)) === 0,
    );
    const after = (await get(res.headers.location).expect(200)).body as ExtractStatusBody;
    expect(after).toMatchObject({ status: 'cancelled', sha256: null, rowCount: null, file: null });
    expect(after.progress.rowsDone).toBeLessThan(reference.rowCount!);
    const refused = await download(res.body.id).expect(409);
    expect(JSON.parse(refused.body.toString()).detail).toContain('is cancelled');
    const again = await post(`/api/v1/extracts/${res.body.id}/cancel`).expect(409);
    expect(again.body).toMatchObject({
      type: expect.stringMatching(/extract_not_cancellable$/),
      detail: expect.stringContaining('is cancelled'),
    });
    const audit = await auditOf(res.body.id);
    expect(
      audit
        .filter((e) => e.outcome === 'succeeded')
        .map((e) => `${e.action}:${e.details?.status ?? ''}`)
        .sort(),
    ).toEqual(['create:queued', 'update:cancelled', 'update:running']);
  });

  it('refuses to cancel a ready extract (409), and leaves it ready', async () => {
    const res = await post(`/api/v1/extracts/${reference.id}/cancel`).expect(409);
    expect(res.body.detail).toBe('The extract is ready: only a queued or running extract can be cancelled');
    expect((await get(`/api/v1/extracts/${reference.id}`).expect(200)).body.status).toBe('ready');
  });

  it('shows a job that failed as failed, with no file', async () => {
    // A recipient whose stored key cannot be opened (sealed under another key-encryption key): the build fails.
    await post('/api/v1/extract-recipients', admin).send({ id: 'sst-broken', name: 'Brudt nøgle' }).expect(201);
    await ownerQuery(db.ownerUrl, `UPDATE extract_recipient SET key_ciphertext = $1 WHERE id = 'sst-broken'`, [randomBytes(60)]);
    const res = await post('/api/v1/extracts')
      .send({ ...REQUEST, recipient: 'sst-broken', kind: 'courses' })
      .expect(202);
    const done = await awaitExtract(sut.http, evaluator, res.body.id);
    expect(done).toMatchObject({ status: 'failed', error: 'build_failed', sha256: null, file: null });
    expect(await chunksOf(db.ownerUrl, res.body.id)).toBe(0);
    const refused = await download(res.body.id).expect(409);
    expect(JSON.parse(refused.body.toString()).detail).toContain('is failed');
    expect((await auditOf(res.body.id)).map((e) => `${e.action}:${e.details?.status ?? ''}`)).toContain('update:failed');
  });

  it.each([
    ['a caseworker of another municipality', { sub: 'cw-101', roles: ['caseworker'], municipalities: ['101'] }],
    ['a manager', { sub: 'mgr-751', roles: ['manager'], municipalities: ['751'] }],
    ['an administrator', { sub: 'adm-2', roles: ['admin'], municipalities: [] }],
  ])('refuses %s the status, cancel and file (403)', async (_who, claims) => {
    const who = await sut.bearer(claims);
    await get(`/api/v1/extracts/${reference.id}`, who).expect(403);
    await post(`/api/v1/extracts/${reference.id}/cancel`, who).expect(403);
    await download(reference.id, who).expect(403);
    await post('/api/v1/extracts', who).send(REQUEST).expect(403);
  });

  it('answers 404 for the status, cancel and file of an extract that does not exist', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    await get(`/api/v1/extracts/${unknown}`).expect(404);
    await post(`/api/v1/extracts/${unknown}/cancel`).expect(404);
    await download(unknown).expect(404);
  });

  it('keeps validation synchronous: a bad request is 4xx and queues nothing', async () => {
    const before = await ownerQuery<{ n: number }>(db.ownerUrl, `SELECT count(*)::int AS n FROM extract`);
    await post('/api/v1/extracts')
      .send({ ...REQUEST, from: '2026-02-01', to: '2026-01-01' })
      .expect(400);
    await post('/api/v1/extracts')
      .send({ ...REQUEST, recipient: 'nobody-here' })
      .expect(422);
    expect(await ownerQuery<{ n: number }>(db.ownerUrl, `SELECT count(*)::int AS n FROM extract`)).toEqual(before);
  });

  it('fails an extract visibly (interrupted) once its job has been cut off as often as it is run, and deletes what those runs left', async () => {
    // An extract as three killed runs leave it: running, at its third attempt, that attempt's chunk written.
    const [{ id }] = await ownerQuery<{ id: string }>(
      db.ownerUrl,
      `INSERT INTO extract (recipient_id, kind, format, from_date, to_date, reference_date, schema_version, created_by, status, attempt)
       VALUES ($1, 'courses', 'csv', $2, $3, $3, '1.0', 'ev-sst', 'running', $4) RETURNING id`,
      [RECIPIENT, REQUEST.from, REQUEST.to, MAX_EXTRACT_RUNS],
    );
    await ownerQuery(db.ownerUrl, `INSERT INTO extract_chunk (extract_id, attempt, seq, data) VALUES ($1, $2, 0, '\\x2c')`, [
      id,
      MAX_EXTRACT_RUNS,
    ]);
    // The job freed by the sweep runs once more:
    await sut.app.get(ExtractsService).build(id);
    const after = (await get(`/api/v1/extracts/${id}`).expect(200)).body as ExtractStatusBody;
    expect(after).toMatchObject({ status: 'failed', error: 'interrupted', sha256: null, file: null });
    expect(await chunksOf(db.ownerUrl, id)).toBe(0);
    expect((await auditOf(id)).map((e) => `${e.action}:${e.details?.status}:${e.details?.error}`)).toEqual(['update:failed:interrupted']);
  });

  describe('pseudonym schemes: a recipient keeps its scheme for good', () => {
    /** The extract SQL of `scheme` run directly as the owner: the identities of the file's rows, in its order. */
    async function identities(scheme: PseudonymScheme): Promise<ExtractSqlRow[]> {
      const client = new pg.Client({ connectionString: db.ownerUrl });
      await client.connect();
      try {
        await client.query(`SET app.scope = 'all'`);
        return (await client.query(coursesExtractSql(scheme), [REQUEST.from, REQUEST.to, TODAY, null])).rows;
      } finally {
        await client.end();
      }
    }
    const recipientKey = async (id: string) =>
      openAesGcm(
        crypto.extractKeyEncryptionKey,
        (await ownerQuery<{ k: Buffer }>(db.ownerUrl, `SELECT key_ciphertext AS k FROM extract_recipient WHERE id = $1`, [id]))[0].k,
      );
    const childKeys = async (recipient: string) => {
      const made = await makeExtract(sut.http, evaluator, { ...REQUEST, recipient, kind: 'courses' });
      const text = ((await download(made.id).expect(200)).body as Buffer).toString('utf8');
      return text
        .split('\r\n')
        .slice(1)
        .filter(Boolean)
        .map((line) => line.slice(0, line.indexOf(',')));
    };

    it('registers a new recipient with cpr_index: its child keys are HMAC-SHA-256 of each child’s blind index', async () => {
      const res = await post('/api/v1/extract-recipients', admin).send({ id: 'sst-index', name: 'Ny modtager' }).expect(201);
      expect(res.body.pseudonymScheme).toBe('cpr_index');
      const key = await recipientKey('sst-index');
      const expected = (await identities('cpr_index')).map((r) => pseudonymousChildKeyOfIndex(r.cpr_index!, key));
      expect(await childKeys('sst-index')).toEqual(expected);
    });

    it('keeps a recipient registered before the scheme on cpr: its child keys are HMAC-SHA-256 of each CPR, as before', async () => {
      await post('/api/v1/extract-recipients', admin).send({ id: 'sst-earlier', name: 'Tidligere modtager' }).expect(201);
      // As the migration leaves every recipient registered before it (proved below).
      await ownerQuery(db.ownerUrl, `UPDATE extract_recipient SET pseudonym_scheme = 'cpr' WHERE id = 'sst-earlier'`);
      const listed = (await get('/api/v1/extract-recipients').expect(200)).body.items as { id: string; pseudonymScheme: string }[];
      expect(listed.find((r) => r.id === 'sst-earlier')?.pseudonymScheme).toBe('cpr');
      const key = await recipientKey('sst-earlier');
      const vault = new CprVault({ crypto } as AppConfig);
      const expected = (await identities('cpr')).map((r) => pseudonymousChildKey(vault.open(r.cpr_ciphertext!, r.cpr_key_id!), key));
      const keys = await childKeys('sst-earlier');
      expect(keys).toEqual(expected);
      // The same children, another key each: the two schemes never give the same key.
      const other = new Set(await childKeys('sst-index'));
      expect(keys.some((k) => other.has(k))).toBe(false);
    });

    it('migrates recipients registered before it to cpr, and gives those registered after it cpr_index', async () => {
      const fresh = await createTestDatabase();
      const client = new pg.Client({ connectionString: fresh.ownerUrl });
      await client.connect();
      try {
        const migration = new PseudonymScheme1764601875000();
        const runner = { query: (sql: string) => client.query(sql) } as unknown as QueryRunner;
        await migration.down(runner);
        const insert = (id: string) =>
          client.query(`INSERT INTO extract_recipient (id, name, key_ciphertext, created_by) VALUES ($1, $1, '\\x00', 'adm')`, [id]);
        await insert('before-1');
        await migration.up(runner);
        await insert('after-1');
        const { rows } = await client.query(`SELECT id, pseudonym_scheme AS scheme FROM extract_recipient ORDER BY id`);
        expect(rows).toEqual([
          { id: 'after-1', scheme: 'cpr_index' },
          { id: 'before-1', scheme: 'cpr' },
        ]);
      } finally {
        await client.end();
        await fresh.drop();
      }
    });
  });

  describe('a restart of the service mid-extract (kill -9)', () => {
    let service: ServiceProcess;
    let dataDir: string;
    afterAll(async () => {
      await service?.stop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    it('runs the job again from scratch: ready with the SHA-256 of an uninterrupted run, never ready with part of the file', async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'ltt-extract-kill-'));
      const b64 = (b: Buffer) => b.toString('base64');
      service = new ServiceProcess({
        databaseUrl: db.appUrl,
        migrationDatabaseUrl: db.ownerUrl,
        dataDir,
        env: {
          LOG_LEVEL: 'warn',
          KL_DELIVERY_WORKER: 'false',
          JOB_WORKER_HEARTBEAT_SECONDS: '1',
          JOB_WORKER_STALE_SECONDS: '3',
          CPR_ENCRYPTION_KEYS: `k1:${b64(crypto.cprKeys.get('k1')!)}`,
          CPR_INDEX_KEY: b64(crypto.cprIndexKey),
          EXTRACT_KEY_ENCRYPTION_KEY: b64(crypto.extractKeyEncryptionKey),
        },
      });
      // The in-process app stops making extracts: the service process alone runs the job.
      await sut.close();
      closed = true;
      await service.start();
      const token = await service.token({ sub: 'ev-sst', roles: ['evaluator'], municipalities: [] });
      const call = async (method: string, path: string, body?: unknown) => {
        const res = await fetch(`http://127.0.0.1:${service.port}${path}`, {
          method,
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
        return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
      };
      const status = async (id: string) => JSON.parse((await call('GET', `/api/v1/extracts/${id}`)).bytes.toString()) as ExtractStatusBody;

      const hold = await holdChunks(db.ownerUrl);
      const created = await call('POST', '/api/v1/extracts', { ...REQUEST, format: 'jsonl' });
      expect(created.status).toBe(202);
      const id = (JSON.parse(created.bytes.toString()) as ExtractStatusBody).id;
      // Running, its rows counted, its first chunk of JSON Lines waiting for the lock.
      const atKill = await waitFor('the job running', async () => {
        const s = await status(id);
        return s.status === 'running' && s.progress.rowsExpected !== null && s;
      });
      expect(atKill.progress.rowsExpected).toBe(reference.rowCount);
      await service.kill9();
      await hold.release();
      // Killed mid-file: the extract is still running, never ready, and nothing of its file is kept
      // (the run's chunks were in its transaction, gone with its connection).
      expect(
        (
          await ownerQuery<{ status: string; sha256: string | null }>(db.ownerUrl, `SELECT status, sha256 FROM extract WHERE id = $1`, [id])
        )[0],
      ).toEqual({ status: 'running', sha256: null });
      expect(await chunksOf(db.ownerUrl, id)).toBe(0);

      await service.start();
      const done = await waitFor(
        'the extract made again',
        async () => {
          const s = await status(id);
          return s.status !== 'running' && s.status !== 'queued' && s;
        },
        120_000,
      );
      expect(done.status).toBe('ready');
      expect(done.rowCount).toBe(reference.rowCount);
      const file = await call('GET', `/api/v1/extracts/${id}/file`);
      expect(file.status).toBe(200);
      expect(sha256(file.bytes)).toBe(done.sha256);
      // An uninterrupted run of the same request: the same bytes.
      const again = JSON.parse(
        (await call('POST', '/api/v1/extracts', { ...REQUEST, format: 'jsonl' })).bytes.toString(),
      ) as ExtractStatusBody;
      const uninterrupted = await waitFor('an uninterrupted run', async () => {
        const st = await status(again.id);
        return st.status === 'ready' && st;
      });
      expect(done.sha256).toBe(uninterrupted.sha256);
      const againFile = await call('GET', `/api/v1/extracts/${again.id}/file`);
      expect(file.bytes.equals(againFile.bytes)).toBe(true);
      // Two runs, and only the second one's chunks are left.
      const [row] = await ownerQuery<{ attempt: number; file_attempt: number; loose: number }>(
        db.ownerUrl,
        `SELECT attempt, file_attempt, (SELECT count(*)::int FROM extract_chunk c WHERE c.extract_id = e.id AND c.attempt <> e.file_attempt) AS loose
           FROM extract e WHERE id = $1`,
        [id],
      );
      expect(row).toEqual({ attempt: 2, file_attempt: 2, loose: 0 });
    }, 240_000);
  });
});
