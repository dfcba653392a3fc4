import 'dkfds/neutral.css';
import './styles.css';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { setTokenSource } from './api/client.js';
import { meQuery } from './api/queries.js';
import { AuthProvider } from './auth/AuthContext.js';
import { ToastProvider as ToastRoot } from './components/Toasts.js';
import { DevAuth, OidcAuth, type Auth } from './auth/session.js';
import { loadWebConfig } from './auth/web-config.js';
import { createAppRouter } from './routes/router.js';
import { da } from './texts.da.js';

async function start() {
  const config = await loadWebConfig();
  const queries = new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } });
  // The development login navigates through the router, which is made after it.
  const late: { router?: ReturnType<typeof createAppRouter> } = {};
  const navigate = async (path: string) => void (await late.router?.navigate({ href: path }));
  let auth: Auth;
  if (config.oidc) {
    const oidc = new OidcAuth(config.oidc);
    await oidc.restore();
    auth = oidc;
  } else {
    auth = new DevAuth(navigate);
  }
  setTokenSource({ token: () => auth.current()?.accessToken, expired: () => auth.expire() });
  // Ask who the user is while React starts (the routes then find the answer in the cache).
  const session = auth.current();
  if (session) void queries.prefetchQuery(meQuery(session.accessToken));
  const router = createAppRouter({ auth, queries });
  late.router = router;
  // When the session starts or ends, routes re-check what they need (a page behind login
  // goes to the login page; the login page goes on to where the user was).
  auth.subscribe(() => {
    if (!auth.current()) queries.removeQueries({ queryKey: ['me'] });
    void router.invalidate();
  });

  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <QueryClientProvider client={queries}>
        <AuthProvider auth={auth}>
          <ToastRoot>
            <RouterProvider router={router} />
          </ToastRoot>
        </AuthProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
}

start().catch(() => {
  document.getElementById('root')!.textContent = da.app.loadFailed;
});
