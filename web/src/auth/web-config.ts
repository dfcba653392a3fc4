import type { components } from '../api/schema.js';

export type WebConfig = components['schemas']['WebConfigDto'];

/** /web-config.json: how this instance logs in (read before anyone is logged in). */
export async function loadWebConfig(): Promise<WebConfig> {
  const response = await fetch('/web-config.json', { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`web-config.json: HTTP ${response.status}`);
  return (await response.json()) as WebConfig;
}
