// Jest loads global set-up outside its module transform, so this file registers the same
// TypeScript loader `npm start` uses and then runs the real set-up in TypeScript.
import '@swc-node/register/esm-register';

export default async function globalSetup() {
  const { setupTestDatabase } = await import('./database-setup.ts');
  await setupTestDatabase();
}
