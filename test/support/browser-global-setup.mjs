// The browser tests need the database of the other projects and a current build of the front.
import '@swc-node/register/esm-register';

export default async function globalSetup() {
  const { setupTestDatabase } = await import('./database-setup.ts');
  await setupTestDatabase();
  const { ensureWebBuilt } = await import('../../scripts/web-build.mjs');
  await ensureWebBuilt({ log: () => undefined });
}
