import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { Auth, Session } from './session.js';

const AuthContext = createContext<Auth | undefined>(undefined);

export function AuthProvider({ auth, children }: { auth: Auth; children: ReactNode }) {
  return <AuthContext.Provider value={auth}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}

/** The current session, re-rendering when it starts, is renewed or ends. */
export function useSession(): Session | undefined {
  const auth = useAuth();
  return useSyncExternalStore(
    (listener) => auth.subscribe(listener),
    () => auth.current(),
  );
}
