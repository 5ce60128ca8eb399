import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { fullName } from '../app/format';
import { webModules } from '../app/module-registry';
import { holds, useSession } from '../app/session';
import { DemoBanner } from './demo-banner';
import { EmergencyBanner } from './emergency-banner';
import { LanguageSwitch } from './language-switch';
import { NotificationsMenu } from './notifications-menu';
import { markNavigated } from './page';

function MainNav() {
  const { t } = useTranslation();
  const { can, mayView } = useSession();
  const location = useLocation();
  const [open, setOpen] = useState(false);
  const listId = useId();

  // A new page closes the phone menu.
  const lastPath = useRef(location.pathname);
  useEffect(() => {
    if (lastPath.current === location.pathname) return;
    lastPath.current = location.pathname;
    setOpen(false);
  }, [location.pathname]);

  const links = [
    { to: '/', label: t('nav.home'), end: true, show: true },
    { to: '/organisations', label: t('nav.organisations'), end: false, show: mayView('organisations.read') },
    { to: '/personnes', label: t('nav.people'), end: false, show: mayView('people.read') },
    ...webModules.flatMap((module) =>
      module.nav.map((item) => ({
        to: item.to,
        label: t(item.labelKey),
        end: false,
        show: item.permission ? holds(can, item.permission) : true,
      })),
    ),
    { to: '/administration/journal', label: t('nav.audit'), end: false, show: can('audit.read') },
    { to: '/compte', label: t('nav.account'), end: false, show: true },
  ];

  return (
    <nav className="main-nav" aria-label={t('nav.label')}>
      <div className="container">
        <button
          type="button"
          className="menu-button"
          aria-expanded={open}
          aria-controls={listId}
          onClick={() => setOpen((value) => !value)}
        >
          {t('nav.menu')}
        </button>
        <ul id={listId} className={open ? 'main-nav-list is-open' : 'main-nav-list'}>
          {links
            .filter((link) => link.show)
            .map((link) => (
              <li key={link.to}>
                <NavLink to={link.to} end={link.end}>
                  {link.label}
                </NavLink>
              </li>
            ))}
        </ul>
      </div>
    </nav>
  );
}

function SiteHeader() {
  const { t } = useTranslation();
  const { state, signOut } = useSession();
  const navigate = useNavigate();
  const signedIn = state.status === 'signed_in' ? state.session : null;

  return (
    <header className="site-header">
      <a className="skip-link" href="#contenu">
        {t('nav.skip')}
      </a>
      <DemoBanner />
      <EmergencyBanner />
      <div className="header-bar">
        <div className="container header-inner">
          <Link to="/" className="brand">
            <span className="brand-name">{t('app.name')}</span>
            <span className="brand-tagline">{t('app.tagline')}</span>
          </Link>
          <div className="header-tools">
            {signedIn ? (
              <>
                <span className="header-person">
                  <span>{fullName(signedIn.person)}</span>
                  <span className="header-organisation">{signedIn.person.organisation.name}</span>
                </span>
                <NotificationsMenu />
              </>
            ) : null}
            <LanguageSwitch />
            {state.status === 'signed_in' || state.status === 'enrolment' ? (
              <button
                type="button"
                className="header-button"
                onClick={() => {
                  void signOut().then(() => navigate('/connexion', { replace: true }));
                }}
              >
                {t('nav.signOut')}
              </button>
            ) : null}
          </div>
        </div>
      </div>
      {signedIn ? <MainNav /> : null}
    </header>
  );
}

function SiteFooter() {
  const { t } = useTranslation();
  return (
    <footer className="site-footer">
      <div className="container">
        <p>{t('app.footer')}</p>
      </div>
    </footer>
  );
}

/** Header, main and footer around every screen; after each navigation, focus goes to the new h1. */
export function Layout() {
  const location = useLocation();
  const lastPath = useRef(location.pathname);

  useEffect(() => {
    if (lastPath.current === location.pathname) return;
    lastPath.current = location.pathname;
    markNavigated();
    window.scrollTo(0, 0);
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, [location.pathname]);

  return (
    <>
      <SiteHeader />
      <main id="contenu" className="site-main" tabIndex={-1}>
        <div className="container">
          <Outlet />
        </div>
      </main>
      <SiteFooter />
    </>
  );
}
