import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../../app/session';
import { Page } from '../../ui/page';

/** The directory's entry point: search (the staff search page), our entries, new entries. */
export function ResourcesHubPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const keeps = can('resources.keep');
  const cards = [
    {
      to: '/repertoire/recherche',
      title: 'resources.hub.search',
      text: 'resources.hub.searchText',
      shown: true,
    },
    {
      to: '/repertoire/nos-fiches',
      title: 'resources.kept.title',
      text: 'resources.hub.keptText',
      shown: keeps,
    },
    {
      to: '/repertoire/services/nouveau',
      title: 'resources.hub.newService',
      text: 'resources.hub.newServiceText',
      shown: keeps,
    },
    {
      to: '/repertoire/organisations/nouvelle',
      title: 'resources.hub.newOrganisation',
      text: 'resources.hub.newOrganisationText',
      shown: keeps,
    },
    {
      to: '/repertoire/parametres',
      title: 'resources.settings.title',
      text: 'resources.hub.settingsText',
      shown: can('resources.settings'),
    },
    {
      to: '/references',
      title: 'referrals.hub.referrals',
      text: 'referrals.hub.referralsText',
      shown: can('referrals.send') || can('referrals.receive'),
    },
    {
      to: '/suivis',
      title: 'referrals.hub.subjects',
      text: 'referrals.hub.subjectsText',
      shown: can('referrals.send'),
    },
    {
      to: '/references/registre',
      title: 'referrals.hub.register',
      text: 'referrals.hub.registerText',
      shown: can('referrals.register'),
    },
    {
      to: '/references/chiffres',
      title: 'referrals.hub.figures',
      text: 'referrals.hub.figuresText',
      shown: can('referrals.figures'),
    },
    {
      to: '/repertoire/importer',
      title: 'resources.hsdsImport.title',
      text: 'resources.hub.importText',
      shown: can('resources.hsdsImport'),
    },
  ];
  return (
    <Page title={t('resources.hub.title')} lead={t('resources.hub.lead')}>
      <ul className="card-grid">
        {cards
          .filter((card) => card.shown)
          .map((card) => (
            <li key={card.to} className="card">
              <Link className="card-link" to={card.to}>
                {t(card.title)}
              </Link>
              <p>{t(card.text)}</p>
            </li>
          ))}
      </ul>
      <p>
        <a href="/ressources">{t('resources.hub.public')}</a>
      </p>
    </Page>
  );
}
