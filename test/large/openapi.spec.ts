import { readFileSync } from 'node:fs';
import { buildOpenApi } from '../../src/app.factory.js';
import { generateOpenApi, OPENAPI_FILE, renderOpenApi } from '../../src/bin/openapi.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** The first line where two texts differ, with a little context, for the failure message. */
function firstDifference(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  const i = a.findIndex((line, n) => line !== b[n]);
  const at = i === -1 ? a.length : i;
  return `line ${at + 1}:\n  committed: ${a[at] ?? '(end of file)'}\n  generated: ${b[at] ?? '(end of file)'}`;
}

function expectSameDocument(committed: string, generated: string) {
  if (committed !== generated) {
    throw new Error(
      `docs/openapi.json is out of date with the code: run npm run openapi and commit the result.\nFirst difference at ${firstDifference(committed, generated)}`,
    );
  }
}

describe('OpenAPI document', () => {
  let sut: TestApp;
  let committed: string;

  beforeAll(async () => {
    sut = await startTestApp();
    committed = readFileSync(OPENAPI_FILE, 'utf8');
  });
  afterAll(() => sut.close());

  it('is committed as generated from the running application (run npm run openapi)', () => {
    expectSameDocument(committed, renderOpenApi(buildOpenApi(sut.app)));
  });

  it('is generated the same way by the script, without a database', async () => {
    expectSameDocument(committed, await generateOpenApi());
  });

  it('is deterministic: sorted keys, 2-space indentation, a final newline', async () => {
    const document = JSON.parse(committed);
    expect(renderOpenApi(document)).toBe(committed);
    expect(await generateOpenApi()).toBe(await generateOpenApi());
  });

  it('is served at /docs/openapi.json without a token, and matches the committed one', async () => {
    const res = await sut.http.get('/docs/openapi.json');
    expect(res.status).toBe(200);
    expectSameDocument(committed, renderOpenApi(res.body));
  });

  it('declares bearer authentication', () => {
    const document = JSON.parse(committed);
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    expect(document.paths['/api/v1/municipalities'].get.security).toEqual([{ bearer: [] }]);
  });
});
