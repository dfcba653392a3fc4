import { startTestApp } from '../support/test-app.js';

describe('start-up log lines', () => {
  it('list no mapped route at LOG_LEVEL=info (the route table would flood the terminal before the banner)', async () => {
    const app = await startTestApp({ env: { LOG_LEVEL: 'info' } });
    await app.http.get('/health/live').expect(200);
    await app.http.get('/api/v1/municipalities').expect(401);
    const lines = [...app.logs];
    await app.close();
    // The request log works, so the lines are captured; only Nest's start-up chatter is gone.
    expect(lines.some((line) => line.includes('"statusCode":401'))).toBe(true);
    expect(lines.filter((line) => /Mapped \{|RoutesResolver|InstanceLoader/.test(line))).toEqual([]);
  });
});
