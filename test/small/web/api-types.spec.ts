import { readFileSync } from 'node:fs';
import { API_TYPES, generateApiTypes } from '../../../scripts/web-api.js';

describe('the web front’s API types', () => {
  it('are generated from the committed docs/openapi.json (run npm run web:api)', async () => {
    const committed = readFileSync(API_TYPES, 'utf8');
    const generated = await generateApiTypes();
    if (committed !== generated) {
      throw new Error('web/src/api/schema.d.ts is stale: run npm run web:api (after npm run openapi) and commit the result');
    }
  });
});
