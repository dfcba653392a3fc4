import { startTestApp, type TestApp } from '../support/test-app.js';

describe('health', () => {
  let sut: TestApp;
  beforeAll(async () => {
    sut = await startTestApp();
  });
  afterAll(() => sut.close());

  it('reports live without a token', async () => {
    const res = await sut.http.get('/health/live').expect(200);
    expect(res.body.status).toBe('ok');
  });

  it('reports ready when the database answers and every migration is applied', async () => {
    const res = await sut.http.get('/health/ready').expect(200);
    expect(res.body.info.database.status).toBe('up');
    expect(res.body.info.migrations.status).toBe('up');
  });
});
