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
