import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { labelOf } from '../../app/format';
import { webModules } from '../../app/module-registry';
import { holds, useSession, useSignedIn } from '../../app/session';
import { Detail } from '../../ui/details';
import { Page } from '../../ui/page';

interface Shortcut {
  to: string;
  title: string;
  body: string;
}

/** Welcome: who I am here, and the shortcuts my permissions open. */
export function HomePage() {
  const { t } = useTranslation();
  const session = useSignedIn();
  const { can, mayView } = useSession();

  const shortcuts: Shortcut[] = [];
  if (mayView('organisations.read')) {
    shortcuts.push({
      to: '/organisations',
      title: t('home.shortcuts.organisations'),
      body: t('home.shortcuts.organisationsBody'),
    });
  }
  if (mayView('people.read')) {
    shortcuts.push({
      to: '/personnes',
      title: t('home.shortcuts.people'),
      body: t('home.shortcuts.peopleBody'),
    });
  }
  if (can('people.invite')) {
    shortcuts.push({
      to: '/personnes/inviter',
      title: t('home.shortcuts.invite'),
      body: t('home.shortcuts.inviteBody'),
    });
  }
  if (can('organisations.manage')) {
    shortcuts.push({
      to: '/organisations/nouvelle',
      title: t('home.shortcuts.newOrganisation'),
      body: t('home.shortcuts.newOrganisationBody'),
    });
  }
  if (can('audit.read')) {
    shortcuts.push({
      to: '/administration/journal',
      title: t('home.shortcuts.audit'),
      body: t('home.shortcuts.auditBody'),
    });
  }
  const cards = webModules
    .flatMap((module) => module.home ?? [])
    .filter((card) => holds(can, card.permission));
  shortcuts.push({
    to: '/compte',
    title: t('home.shortcuts.account'),
    body: t('home.shortcuts.accountBody'),
  });

  return (
    <Page title={t('home.title')} heading={t('home.heading', { name: session.person.givenName })}>
      <section className="section">
        <h2>{t('home.profile')}</h2>
        <dl className="details">
          <Detail term={t('home.organisation')}>{session.person.organisation.name}</Detail>
          <Detail term={t('home.roles')}>
            {session.roles.length > 0 ? (
              <ul className="inline-list">
                {session.roles.map((role) => (
                  <li key={role} className="tag">
                    {labelOf(t, 'roles', role)}
                  </li>
                ))}
              </ul>
            ) : (
              t('home.noRoles')
            )}
          </Detail>
        </dl>
      </section>
      {cards.length > 0 ? (
        <section className="section" aria-labelledby="home-now">
          <h2 id="home-now">{t('home.now')}</h2>
          <ul className="card-grid">
            {cards.map(({ key, Card }) => (
              <li key={key} className="card">
                <Card />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="section">
        <h2>{t('home.shortcutsTitle')}</h2>
        <ul className="card-grid">
          {shortcuts.map((shortcut) => (
            <li key={shortcut.to} className="card">
              <Link to={shortcut.to} className="card-link">
                {shortcut.title}
              </Link>
              <p>{shortcut.body}</p>
            </li>
          ))}
        </ul>
      </section>
    </Page>
  );
}
