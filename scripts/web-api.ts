/**
 * Generates the web front's API types from the committed OpenAPI document:
 *   npm run web:api            (docs/openapi.json → web/src/api/schema.d.ts)
 * Run it after `npm run openapi`; test/small/web-api-types.spec.ts fails while the committed
 * types differ from the document.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString, COMMENT_HEADER, type OpenAPI3 } from 'openapi-typescript';

export const OPENAPI_DOCUMENT = fileURLToPath(new URL('../docs/openapi.json', import.meta.url));
export const API_TYPES = fileURLToPath(new URL('../web/src/api/schema.d.ts', import.meta.url));

/** The TypeScript declarations of the document, as `npm run web:api` writes them. */
export async function generateApiTypes(document = OPENAPI_DOCUMENT): Promise<string> {
  const schema = JSON.parse(readFileSync(document, 'utf8')) as OpenAPI3;
  const ast = await openapiTS(schema, { alphabetize: true, silent: true });
  return COMMENT_HEADER + astToString(ast);
}

async function main(): Promise<void> {
  writeFileSync(API_TYPES, await generateApiTypes());
  process.stdout.write(`Wrote ${API_TYPES}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`web:api: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
