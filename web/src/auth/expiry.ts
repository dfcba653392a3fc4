/** Warn this long before the token runs out (DKFDS "session udløber" pattern). */
export const WARN_BEFORE_SECONDS = 120;

export type ExpiryState = { phase: 'fresh'; warnInMs: number } | { phase: 'warning'; secondsLeft: number } | { phase: 'expired' };

/** Where a session stands at `nowMs`: fresh (warn later), warning (seconds left) or expired. */
export function expiryState(expiresAt: number, nowMs: number, warnBefore = WARN_BEFORE_SECONDS): ExpiryState {
  const msLeft = expiresAt * 1000 - nowMs;
  if (msLeft <= 0) return { phase: 'expired' };
  if (msLeft <= warnBefore * 1000) return { phase: 'warning', secondsLeft: Math.ceil(msLeft / 1000) };
  return { phase: 'fresh', warnInMs: msLeft - warnBefore * 1000 };
}
