import { useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { useAuth } from '../../auth/AuthContext.js';
import { LoadError, Loading, useTitle } from '../../components/status.js';
import { da } from '../../texts.da.js';

/** /login/callback: the identity provider sends the browser back here with the authorization code. */
export function CallbackPage() {
  useTitle(da.auth.loginTitle);
  const auth = useAuth();
  const navigate = useNavigate();
  const [failed, setFailed] = useState(false);
  const once = useRef(false);
  useEffect(() => {
    if (once.current) return;
    once.current = true;
    auth
      .completeLogin()
      .then((returnTo) => navigate({ to: returnTo, replace: true }))
      .catch(() => setFailed(true));
  }, [auth, navigate]);
  return failed ? <LoadError message={da.auth.loginFailed} /> : <Loading />;
}
