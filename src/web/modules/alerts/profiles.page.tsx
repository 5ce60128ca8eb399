import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearchParams } from 'react-router';
import type { ProfileList, ProfileSummary } from '../../../shared/contracts/alerts';
import { withQuery } from '../../app/api';
import { formatDate } from '../../app/format';
import { useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { StatusMessage } from '../../ui/error-summary';
import { SelectField } from '../../ui/field';
import { Loaded } from '../../ui/loaded';
import { Page } from '../../ui/page';
import { Table } from '../../ui/table';

/** A column of the profiles table after the name and the unit. */
interface Column {
  header: string;
  cell: (profile: ProfileSummary) => ReactNode;
}

/** The profiles, each with its name (a link to it) and unit, then the columns of the list shown. */
function ProfilesTable({
  caption,
  items,
  columns,
}: {
  caption: string;
  items: ProfileSummary[];
  columns: Column[];
}) {
  const { t } = useTranslation();
  return (
    <Table caption={caption}>
      <thead>
        <tr>
          <th scope="col">{t('alerts.fields.name')}</th>
          <th scope="col">{t('alerts.fields.unit')}</th>
          {columns.map((column) => (
            <th scope="col" key={column.header}>
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {items.map((p) => (
          <tr key={p.id}>
            <td>
              <Link to={`/alertes/fiches/${p.id}`}>{p.displayName}</Link>
            </td>
            <td>{p.unit}</td>
            {columns.map((column) => (
              <td key={column.header}>{column.cell(p)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/** `?statut=archivees` shows the archived profiles; the default list holds the active ones. */
const ARCHIVED = 'archivees';

/**
 * The youth centre's profiles: who is at risk, which unit, whether the review is due; a filter shows
 * the archived ones, with the date the retention job will destroy each.
 */
export function ProfilesPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const archived = params.get('statut') === ARCHIVED;
  const profiles = useApiData<ProfileList>(
    withQuery('/alerts/profiles', { status: archived ? 'archived' : null }),
  );
  const locale = currentLocale();
  // The profile page sends people here after destroying a profile.
  const destroyed = (location.state as { flash?: unknown } | null)?.flash === 'destroyed';
  const activeColumns: Column[] = [
    { header: t('alerts.fields.episodes'), cell: (p) => p.episodeCount },
    {
      header: t('alerts.fields.reviewedAt'),
      cell: (p) => (
        <>
          {formatDate(p.reviewedAt, locale)}
          {p.reviewDue ? (
            <>
              {' '}
              <span className="tag">{t('alerts.profiles.reviewDue')}</span>
            </>
          ) : null}
        </>
      ),
    },
    {
      header: t('alerts.fields.actions'),
      cell: (p) =>
        p.openAlertId ? (
          <Link to={`/alertes/${p.openAlertId}`}>{t('alerts.profiles.openAlert')}</Link>
        ) : (
          <Link to={`/alertes/nouvelle?fiche=${p.id}`}>
            {t('alerts.profiles.raiseFor', { name: p.displayName })}
          </Link>
        ),
    },
  ];
  const archivedColumns: Column[] = [
    {
      header: t('alerts.fields.archivedAt'),
      cell: (p) => (p.archivedAt ? formatDate(p.archivedAt, locale) : '—'),
    },
    {
      header: t('alerts.fields.archiveReason'),
      cell: (p) => (p.archiveReason ? t(`alerts.archiveReasons.${p.archiveReason}`) : '—'),
    },
    {
      header: t('alerts.fields.destroyAfter'),
      cell: (p) => (p.destroyAfter ? formatDate(p.destroyAfter, locale) : '—'),
    },
  ];
  return (
    <Page title={t('alerts.profiles.title')} lead={t('alerts.profiles.lead')}>
      <StatusMessage>{destroyed ? t('alerts.archive.destroyed') : null}</StatusMessage>
      <p>
        <Link className="button button-primary" to="/alertes/fiches/nouvelle">
          {t('alerts.profiles.new')}
        </Link>
      </p>
      <SelectField
        id="profiles-status"
        label={t('alerts.profiles.show')}
        value={archived ? 'archived' : 'active'}
        onChange={(e) => setParams(e.target.value === 'archived' ? { statut: ARCHIVED } : {})}
      >
        <option value="active">{t('alerts.profiles.active')}</option>
        <option value="archived">{t('alerts.profiles.archived')}</option>
      </SelectField>
      <Loaded data={profiles}>
        {(data) =>
          data.items.length === 0 ? (
            <p>{archived ? t('alerts.profiles.emptyArchived') : t('alerts.profiles.empty')}</p>
          ) : (
            <ProfilesTable
              caption={t(archived ? 'alerts.profiles.captionArchived' : 'alerts.profiles.caption', {
                count: data.items.length,
              })}
              items={data.items}
              columns={archived ? archivedColumns : activeColumns}
            />
          )
        }
      </Loaded>
    </Page>
  );
}
