export async function teardownTestDatabase(): Promise<void> {
  await (globalThis as { __ltt_pg?: { stop(): Promise<void> } }).__ltt_pg?.stop();
}
