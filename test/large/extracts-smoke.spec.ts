import { createHash } from 'node:crypto';
import { makeExtract } from '../support/extracts.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { dayOffset } from '../support/dates.js';
import { findIdentifyingPatterns } from '../support/identifying-patterns.js';

describe('extracts (smoke)', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await startTestApp();
  });
  afterAll(() => sut.close());

  it('creates and downloads a courses extract with no identifying data', async () => {
    const cw = await sut.bearer({ sub: 'cw', roles: ['caseworker'], municipalities: ['751'] });
    const admin = await sut.bearer({ sub: 'adm', roles: ['admin'], municipalities: [] });
    const ev = await sut.bearer({ sub: 'ev', roles: ['evaluator'], municipalities: [] });
    const { body: c } = await sut.http
      .post('/api/v1/courses')
      .set('Authorization', cw)
      .send({
        municipalityCode: '751',
        cpr: '0505149996',
        firstContact: { date: dayOffset(-40), channel: 'phone', contactedBy: 'parent' },
        clearlyInTargetGroup: true,
        focusAreas: ['worry'],
      })
      .expect(201);
    await sut.http
      .post(`/api/v1/courses/${c.id}/contacts`)
      .set('Authorization', cw)
      .send({ type: 'pre_conversation', date: dayOffset(-30), status: 'held', outcome: 'proceed_to_screening' })
      .expect(201);
    await sut.http
      .post('/api/v1/extract-recipients')
      .set('Authorization', admin)
      .send({ id: 'sst-evaluation-2026', name: 'SST' })
      .expect(201);
    for (const kind of ['courses', 'contacts', 'aggregates']) {
      for (const format of ['csv', 'csv-excel-da', 'jsonl']) {
        const m = {
          body: await makeExtract(sut.http, ev, { recipient: 'sst-evaluation-2026', from: dayOffset(-60), to: dayOffset(0), kind, format }),
        };
        const file = await sut.http
          .get(`/api/v1/extracts/${m.body.id}/file`)
          .set('Authorization', ev)
          .buffer(true)
          .parse((res, cb) => {
            const parts: Buffer[] = [];
            res.on('data', (d: Buffer) => parts.push(d));
            res.on('end', () => cb(null, Buffer.concat(parts)));
          })
          .expect(200);
        const bytes = file.body as Buffer;
        expect(createHash('sha256').update(bytes).digest('hex')).toBe(m.body.sha256);
        expect(findIdentifyingPatterns(bytes.toString('utf8'), ['0505149996'])).toEqual([]);
        if (kind === 'courses') expect(m.body.rowCount).toBe(1);
        if (kind === 'contacts') expect(m.body.rowCount).toBe(2);
      }
    }
  });
});
