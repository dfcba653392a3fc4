/**
 * Unsaved form input kept in this tab's sessionStorage, so a session that runs out (or a
 * renewal that goes round the identity provider) loses nothing. Never the CPR number: fields
 * named in `exclude` are not stored. An explicit log-out clears every draft.
 */
const PREFIX = 'ltt.draft.';

export function saveDraft(key: string, values: Record<string, unknown>, exclude: readonly string[] = []): void {
  const kept = Object.fromEntries(Object.entries(values).filter(([name]) => !exclude.includes(name)));
  sessionStorage.setItem(PREFIX + key, JSON.stringify(kept));
}

export function loadDraft<T>(key: string): Partial<T> | undefined {
  const saved = sessionStorage.getItem(PREFIX + key);
  return saved ? (JSON.parse(saved) as Partial<T>) : undefined;
}

export function clearDraft(key: string): void {
  sessionStorage.removeItem(PREFIX + key);
}

export function clearDrafts(): void {
  for (const key of Object.keys(sessionStorage)) if (key.startsWith(PREFIX)) sessionStorage.removeItem(key);
}

/** The keys (without the prefix) of the drafts starting with `prefix` that hold any input. */
export function draftsStartingWith(prefix: string): string[] {
  return Object.keys(sessionStorage)
    .filter((key) => key.startsWith(PREFIX + prefix))
    .filter((key) => Object.values(JSON.parse(sessionStorage.getItem(key) ?? '{}') as Record<string, unknown>).some(hasInput))
    .map((key) => key.slice(PREFIX.length));
}

function hasInput(value: unknown): boolean {
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  if (value && typeof value === 'object') return Object.values(value).some(hasInput);
  return value !== null && value !== undefined && value !== false;
}
