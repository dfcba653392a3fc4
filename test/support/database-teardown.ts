export async function teardownTestDatabase(): Promise<void> {
  const holder = globalThis as { __ltt_pg?: { stop(): Promise<void> } };
  const server = holder.__ltt_pg;
  // Named by two projects: the first teardown stops the server, the second finds nothing to stop.
  holder.__ltt_pg = undefined;
  await server?.stop();
}
