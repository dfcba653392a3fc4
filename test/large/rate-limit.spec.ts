import { startTestApp, type TestApp } from '../support/test-app.js';

describe('rate limiting', () => {
  const call = (sut: TestApp, auth: string, forwardedFor: string) =>
    sut.http.get('/api/v1/municipalities/751').set('Authorization', auth).set('X-Forwarded-For', forwardedFor);

  it('limits each client behind a trusted proxy by its forwarded address, as problem+json', async () => {
    const sut = await startTestApp({ env: { THROTTLE_LIMIT: '2', TRUST_PROXY_HOPS: '1' } });
    try {
      const auth = await sut.bearer();
      await call(sut, auth, '203.0.113.1').expect(200);
      await call(sut, auth, '203.0.113.1').expect(200);
      const limited = await call(sut, auth, '203.0.113.1').expect(429);
      expect(limited.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(limited.body).toMatchObject({ status: 429, title: 'Too Many Requests' });
      await call(sut, auth, '203.0.113.2').expect(200);
    } finally {
      await sut.close();
    }
  });

  it('ignores X-Forwarded-For by default, so a forged address does not escape the limit', async () => {
    const sut = await startTestApp({ env: { THROTTLE_LIMIT: '2' } });
    try {
      const auth = await sut.bearer();
      await call(sut, auth, '203.0.113.1').expect(200);
      await call(sut, auth, '203.0.113.2').expect(200);
      await call(sut, auth, '203.0.113.3').expect(429);
    } finally {
      await sut.close();
    }
  });
});
