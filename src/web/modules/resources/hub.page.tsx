import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../../app/session';
import { Page } from '../../ui/page';

/** The directory's entry point: search (the staff search page), our entries, new entries. */
export function ResourcesHubPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  return (
    <Page title={t('resources.hub.title')} lead={t('resources.hub.lead')}>
      <ul className="card-grid">
        <li className="card">
          <Link className="card-link" to="/repertoire/recherche">
            {t('resources.hub.search')}
          </Link>
          <p>{t('resources.hub.searchText')}</p>
        </li>
        {can('resources.keep') ? (
          <>
            <li className="card">
              <Link className="card-link" to="/repertoire/nos-fiches">
                {t('resources.kept.title')}
              </Link>
              <p>{t('resources.hub.keptText')}</p>
            </li>
            <li className="card">
              <Link className="card-link" to="/repertoire/services/nouveau">
                {t('resources.hub.newService')}
              </Link>
              <p>{t('resources.hub.newServiceText')}</p>
            </li>
            <li className="card">
              <Link className="card-link" to="/repertoire/organisations/nouvelle">
                {t('resources.hub.newOrganisation')}
              </Link>
              <p>{t('resources.hub.newOrganisationText')}</p>
            </li>
          </>
        ) : null}
        {can('resources.settings') ? (
          <li className="card">
            <Link className="card-link" to="/repertoire/parametres">
              {t('resources.settings.title')}
            </Link>
            <p>{t('resources.hub.settingsText')}</p>
          </li>
        ) : null}
      </ul>
      <p>
        <a href="/ressources">{t('resources.hub.public')}</a>
      </p>
    </Page>
  );
}
