import '@swc-node/register/esm-register';

export default async function globalTeardown() {
  const { teardownTestDatabase } = await import('./database-teardown.ts');
  await teardownTestDatabase();
}
