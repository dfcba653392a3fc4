// The large tests' PostgreSQL and template (test/support/global-setup.mjs), and a clean folder
// for this run's figures.
import { rmSync } from 'node:fs';
import '@swc-node/register/esm-register';

export default async function globalSetup() {
  rmSync('.reliability/figures', { recursive: true, force: true });
  const { setupTestDatabase } = await import('../../support/database-setup.ts');
  await setupTestDatabase();
}
