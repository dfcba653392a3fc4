import { useRouterState } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { da } from '../texts.da.js';
import { useAuth, useSession } from './AuthContext.js';
import { expiryState, type ExpiryState } from './expiry.js';

/**
 * Warns before the token runs out, as a DKFDS modal with "extend" and "log out"; when it has
 * run out the session ends and the login page says so. Unsaved form input is kept by the
 * forms themselves (drafts.ts), so neither path loses it.
 */
export function SessionExpiry() {
  const auth = useAuth();
  const session = useSession();
  const href = useRouterState({ select: (s) => s.location.href });
  const [state, setState] = useState<ExpiryState | undefined>();
  const extendRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!session) return;
    let timer: number;
    const tick = () => {
      const next = expiryState(session.expiresAt, Date.now());
      setState(next);
      if (next.phase === 'expired') auth.expire();
      else timer = window.setTimeout(tick, next.phase === 'fresh' ? Math.min(next.warnInMs, 60_000) : 1000);
    };
    tick();
    return () => window.clearTimeout(timer);
  }, [auth, session]);

  const warning = state?.phase === 'warning';
  useEffect(() => {
    if (warning) extendRef.current?.focus();
  }, [warning]);
  if (state?.phase !== 'warning') return null;
  return (
    <>
      <div
        className="fds-modal"
        role="dialog"
        aria-modal="true"
        aria-hidden="false"
        aria-labelledby="session-heading"
        aria-describedby="session-text"
        data-testid="session-expiry"
      >
        <div className="modal-content">
          <div className="modal-header">
            <h2 className="modal-title" id="session-heading">
              {da.session.expiringTitle}
            </h2>
          </div>
          <div className="modal-body">
            <p id="session-text">{da.session.expiringText(Math.ceil(state.secondsLeft / 60))}</p>
          </div>
          <div className="modal-footer">
            <button type="button" className="button button-primary" ref={extendRef} onClick={() => void auth.extend(href)}>
              {da.session.extend}
            </button>
            <button type="button" className="button button-secondary" onClick={() => void auth.logout()}>
              {da.session.logoutNow}
            </button>
          </div>
        </div>
      </div>
      <div className="modal-backdrop show" />
    </>
  );
}
