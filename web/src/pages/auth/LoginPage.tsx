import { useSearch } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useAuth } from '../../auth/AuthContext.js';
import { useTitle } from '../../components/status.js';
import { da } from '../../texts.da.js';

/** Log ind: the one button to the municipality's identity provider (or, in development, the development login). */
export function LoginPage() {
  useTitle(da.auth.loginTitle);
  const auth = useAuth();
  const { returnTo, expired } = useSearch({ from: '/log-ind' });
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    // The development login has its own page; go there at once unless the session just ran out.
    if (auth.kind === 'dev' && !expired) void auth.login(returnTo ?? '/');
  }, [auth, expired, returnTo]);
  return (
    <>
      <h1>{expired ? da.session.expiredTitle : da.auth.loginTitle}</h1>
      <p className="font-lead">{expired ? da.session.expiredText : da.auth.loginIntro}</p>
      <button
        type="button"
        className="button button-primary"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          void auth.login(returnTo ?? '/').finally(() => setBusy(false));
        }}
      >
        {busy ? da.auth.loggingIn : da.auth.loginButton}
      </button>
    </>
  );
}
