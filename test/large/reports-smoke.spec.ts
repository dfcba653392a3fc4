import { startTestApp, type TestApp } from '../support/test-app.js';
import { dayOffset } from '../support/dates.js';

describe('worklist and reports (smoke)', () => {
  let sut: TestApp;
  let manager: string;
  beforeAll(async () => {
    sut = await startTestApp();
    manager = await sut.bearer({ sub: 'm-751', roles: ['manager'], municipalities: ['751'] });
  });
  afterAll(() => sut.close());

  it('lists a running clock and reports it', async () => {
    const { body: c } = await sut.http
      .post('/api/v1/courses')
      .set('Authorization', manager)
      .send({
        municipalityCode: '751',
        firstContact: { date: dayOffset(-12), channel: 'phone', contactedBy: 'parent' },
        clearlyInTargetGroup: true,
        focusAreas: ['worry', 'sadness'],
      })
      .expect(201);
    expect(c.targets.map((t: { target: string; state: string }) => `${t.target}:${t.state}`)).toEqual([
      'pre_conversation_14d:pending',
      'screening_30d:pending',
    ]);
    const wl = await sut.http.get('/api/v1/worklist?dueWithinDays=3').set('Authorization', manager).expect(200);
    expect(wl.body.items).toEqual([
      expect.objectContaining({
        courseId: c.id,
        target: 'pre_conversation_14d',
        daysLeft: 2,
        flags: ['due_soon', 'not_booked', 'missing_cpr'],
      }),
    ]);
    const rep = await sut.http
      .get(`/api/v1/reports/compliance?from=${dayOffset(-30)}&to=${dayOffset(0)}`)
      .set('Authorization', manager)
      .expect(200);
    expect(rep.body.targets[0]).toMatchObject({ target: 'pre_conversation_14d', groups: [{ key: 'all', pending: 1, met: 0 }] });
    const byFocus = await sut.http
      .get(`/api/v1/reports/compliance?from=${dayOffset(-30)}&to=${dayOffset(0)}&groupBy=focus_area`)
      .set('Authorization', manager)
      .expect(200);
    expect(byFocus.body.targets[0].groups.map((g: { key: string }) => g.key)).toEqual(['sadness', 'worry']);
    const csv = await sut.http
      .get(`/api/v1/reports/compliance?from=${dayOffset(-30)}&to=${dayOffset(0)}`)
      .set('Authorization', manager)
      .set('Accept', 'text/csv')
      .expect(200);
    expect(csv.text.split('\n')[0]).toContain('target,group,met');
    const flow = await sut.http
      .get(`/api/v1/reports/flow?from=${dayOffset(-30)}&to=${dayOffset(0)}`)
      .set('Authorization', manager)
      .expect(200);
    expect(flow.body.groups[0].reached.firstContact).toBe(1);
  });
});
