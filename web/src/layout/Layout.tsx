import { Link, Outlet, useRouterState } from '@tanstack/react-router';
import { useQuery } from '@tanstack/react-query';
import { meQuery, useMunicipalityNames } from '../api/queries.js';
import { useAuth, useSession } from '../auth/AuthContext.js';
import { SessionExpiry } from '../auth/SessionExpiry.js';
import { da } from '../texts.da.js';
import { menuFor } from './screens.js';

/** The page frame every screen shares: DKFDS header, left menu by role, footer. */
export function Layout() {
  const session = useSession();
  const { data: me } = useQuery(meQuery(session?.accessToken));
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const menu = me ? menuFor(me.roles) : [];
  return (
    <>
      <a className="skipnav" href="#main-content">
        {da.app.skipToContent}
      </a>
      <Header />
      <div className="container page-container">
        <div className="row">
          {menu.length ? (
            <aside className="col-12 col-lg-3 sidebar-col">
              <nav aria-label={da.app.mainMenu}>
                <ul className="sidemenu">
                  {menu.map((screen) => {
                    const current = pathname === screen.path || pathname.startsWith(`${screen.path}/`);
                    return (
                      <li key={screen.path} className={current ? 'active current' : undefined}>
                        <Link to={screen.path} className="nav-link" aria-current={current ? 'page' : undefined}>
                          <span>{screen.label}</span>
                        </Link>
                      </li>
                    );
                  })}
                </ul>
              </nav>
            </aside>
          ) : null}
          <main id="main-content" className={menu.length ? 'col-12 col-lg-9' : 'col-12'} tabIndex={-1}>
            <Outlet />
          </main>
        </div>
      </div>
      <Footer />
      {session ? <SessionExpiry /> : null}
    </>
  );
}

function Header() {
  const auth = useAuth();
  const session = useSession();
  const { data: me } = useQuery(meQuery(session?.accessToken));
  const names = useMunicipalityNames();
  const municipalities = me?.municipalities.map((code) => names[code] ?? da.app.municipalityUnknown(code)) ?? [];
  const authority = me ? (municipalities.length ? municipalities.join(', ') : da.app.nationalUser) : undefined;
  return (
    <header className="header">
      <div className="portal-info">
        <div className="portal-info-inner container">
          <Link to="/" className="solution-name h4 mb-0">
            {da.app.title}
          </Link>
          {me ? (
            <div className="portal-user">
              <p className="user" data-testid="user">
                {me.name ?? me.sub}, {me.roles.map((r) => da.auth.roles[r]).join(', ')}
              </p>
              <button type="button" className="function-link d-print-none log-off" onClick={() => void auth.logout()}>
                {da.auth.logout}
              </button>
            </div>
          ) : null}
        </div>
      </div>
      <div className="solution-info">
        <div className="solution-info-inner container">
          <div className="solution-heading">
            <p className="h3 mb-0">{da.app.solution}</p>
          </div>
          {authority ? (
            <div className="additional-info">
              <p>
                <strong className="authority-name" data-testid="authority">
                  {authority}
                </strong>
              </p>
            </div>
          ) : null}
        </div>
      </div>
    </header>
  );
}

function Footer() {
  return (
    <footer>
      <div className="footer">
        <div className="container">
          <ul className="align-text-left unstyled-list inline-list">
            <li>
              <span className="h5 weight-semibold">{da.app.title}</span>
            </li>
            <li>
              <Link to="/tilgaengelighed" className="function-link">
                {da.footer.accessibility}
              </Link>
            </li>
            <li className="d-print-none">
              <a href="/docs" className="function-link">
                {da.footer.apiDocs}
              </a>
            </li>
          </ul>
        </div>
      </div>
    </footer>
  );
}
