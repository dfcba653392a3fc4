import { UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';
import { api, ApiError, unwrap } from '../api/client.js';
import type { components } from '../api/schema.js';
import { clearDrafts } from './drafts.js';
import type { WebConfig } from './web-config.js';

/** What the API client needs: a bearer token and when it runs out (seconds since the epoch). */
export interface Session {
  accessToken: string;
  expiresAt: number;
}

export type DevLoginRequest = {
  roles: components['schemas']['MeDto']['roles'];
  municipalities: string[];
  name: string;
  ttlSeconds?: number;
};

/**
 * Logging in and out, behind one interface for the two ways an instance can be set up:
 * OpenID Connect (authorization code + PKCE, oidc-client-ts) or the development login.
 */
export interface Auth {
  readonly kind: 'oidc' | 'dev';
  current(): Session | undefined;
  /** True after the session ran out (not after a log-out), until the next login. */
  readonly expired: boolean;
  /** Starts a login; the browser comes back at `returnTo` (a path of this site). */
  login(returnTo: string): Promise<void>;
  /** Finishes a login on the callback page; returns where to go. */
  completeLogin(): Promise<string>;
  /** A fresh token before the current one runs out (dev: a new one; OIDC: a new login round). */
  extend(returnTo: string): Promise<void>;
  /** Explicit log-out: the session and any saved drafts are forgotten. */
  logout(): Promise<void>;
  /** The token ran out or was refused: the session ends, drafts are kept for the next login. */
  expire(): void;
  subscribe(listener: () => void): () => void;
}

export const PATHS = { callback: '/login/callback', loggedOut: '/logget-af', devLogin: '/udviklingslogin' } as const;

const safeReturn = (path: unknown) => (typeof path === 'string' && path.startsWith('/') && !path.startsWith('//') ? path : '/');

class Listeners {
  private readonly set = new Set<() => void>();
  add(listener: () => void) {
    this.set.add(listener);
    return () => void this.set.delete(listener);
  }
  emit() {
    for (const listener of this.set) listener();
  }
}

const DEV_KEY = 'ltt.dev-session';

/** The development login: a token minted by POST /api/dev-login (absent in production). */
export class DevAuth implements Auth {
  readonly kind = 'dev';
  expired = false;
  private readonly listeners = new Listeners();
  private session?: Session & { request: DevLoginRequest };

  constructor(private readonly navigate: (path: string) => Promise<void>) {
    const saved = sessionStorage.getItem(DEV_KEY);
    if (saved) this.session = JSON.parse(saved) as Session & { request: DevLoginRequest };
    if (this.session && this.session.expiresAt * 1000 <= Date.now()) this.forget();
  }

  current() {
    return this.session;
  }

  async login(returnTo: string) {
    await this.navigate(`${PATHS.devLogin}?returnTo=${encodeURIComponent(safeReturn(returnTo))}`);
  }

  async completeLogin() {
    return '/';
  }

  /** Called by the development login page. */
  async loginAs(request: DevLoginRequest) {
    // The route is outside the OpenAPI document (it is not part of the production API).
    const response = await fetch('/api/dev-login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    if (!response.ok) throw new ApiError({ ...((await response.json()) as object), status: response.status });
    const token = (await response.json()) as { accessToken: string; expiresIn: number };
    // Counted on the browser's clock from expires_in, as oidc-client-ts does: a browser whose
    // clock is off still warns at the right moment.
    this.session = { accessToken: token.accessToken, expiresAt: Math.floor(Date.now() / 1000) + token.expiresIn, request };
    this.expired = false;
    sessionStorage.setItem(DEV_KEY, JSON.stringify(this.session));
    this.listeners.emit();
  }

  async extend() {
    if (this.session) await this.loginAs(this.session.request);
  }

  async logout() {
    clearDrafts();
    await this.navigate(PATHS.loggedOut);
    this.forget();
  }

  expire() {
    if (!this.session) return;
    this.expired = true;
    this.forget();
  }

  subscribe(listener: () => void) {
    return this.listeners.add(listener);
  }

  private forget() {
    this.session = undefined;
    sessionStorage.removeItem(DEV_KEY);
    this.listeners.emit();
  }
}

/** OpenID Connect with the issuer from /web-config.json: authorization code with PKCE, a public client. */
export class OidcAuth implements Auth {
  readonly kind = 'oidc';
  expired = false;
  private readonly listeners = new Listeners();
  private readonly manager: UserManager;
  private user?: User;
  /** The same object until the user changes: React's useSyncExternalStore compares snapshots by identity. */
  private session?: Session;

  constructor(config: NonNullable<WebConfig['oidc']>) {
    const origin = window.location.origin;
    this.manager = new UserManager({
      authority: config.issuer,
      client_id: config.clientId,
      scope: config.scope,
      redirect_uri: origin + PATHS.callback,
      post_logout_redirect_uri: origin + PATHS.loggedOut,
      response_type: 'code',
      // Renewal is a new login round (extend): no hidden iframe, so the CSP can forbid frames.
      automaticSilentRenew: false,
      monitorSession: false,
      loadUserInfo: false,
      userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    });
    this.manager.events.addUserUnloaded(() => this.set(undefined));
  }

  /** Reads a stored login (a reload keeps the session within the tab). */
  async restore() {
    const user = await this.manager.getUser();
    this.set(user && !user.expired ? user : undefined);
  }

  current() {
    return this.session;
  }

  async login(returnTo: string) {
    await this.manager.signinRedirect({ state: { returnTo: safeReturn(returnTo) } });
  }

  async completeLogin() {
    const user = await this.manager.signinRedirectCallback();
    this.expired = false;
    this.set(user);
    return safeReturn((user.state as { returnTo?: string } | undefined)?.returnTo);
  }

  async extend(returnTo: string) {
    await this.login(returnTo);
  }

  async logout() {
    const idToken = this.user?.id_token;
    clearDrafts();
    await this.manager.removeUser();
    this.set(undefined);
    await this.manager.signoutRedirect({ id_token_hint: idToken });
  }

  expire() {
    if (!this.user) return;
    this.expired = true;
    void this.manager.removeUser();
    this.set(undefined);
  }

  subscribe(listener: () => void) {
    return this.listeners.add(listener);
  }

  private set(user: User | undefined | null) {
    this.user = user ?? undefined;
    this.session = user?.access_token && user.expires_at ? { accessToken: user.access_token, expiresAt: user.expires_at } : undefined;
    this.listeners.emit();
  }
}

export type Me = components['schemas']['MeDto'];

export async function fetchMe(): Promise<Me> {
  return unwrap(await api.GET('/api/v1/me'));
}
