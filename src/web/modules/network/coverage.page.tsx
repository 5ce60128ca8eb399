import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CoverageMatrix } from '../../../shared/contracts/network';
import { formatNumber } from '../../app/format';
import { useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { ErrorSummary } from '../../ui/error-summary';
import { Loading, Page } from '../../ui/page';
import { Table } from '../../ui/table';

/** Who covers which of the table's mandates and functions of the net, and where the holes are. */
export function CoveragePage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const matrix = useApiData<CoverageMatrix>('/network/coverage');
  const data = matrix.data;
  const columns = data
    ? [
        ...data.mandates.map((key) => ({
          key,
          label: t(`network.mandates.${key}`),
          group: 'mandates' as const,
        })),
        ...data.functions.map((key) => ({
          key,
          label: t(`network.functions.${key}`),
          group: 'functions' as const,
        })),
      ]
    : [];
  const uncovered = new Set(data ? [...data.holes.uncoveredMandates, ...data.holes.uncoveredFunctions] : []);
  const idle = new Set(data?.holes.organisationsCoveringNothing ?? []);

  return (
    <Page title={t('network.coverage.title')} lead={t('network.coverage.lead')}>
      <p>
        <Link to="/reseau">{t('network.directory.title')}</Link>
        {' · '}
        <a href="/api/network/coverage.csv" download>
          {t('network.coverage.csv')}
        </a>
      </p>
      {matrix.error ? <ErrorSummary error={matrix.error} /> : null}
      {matrix.loading && !data ? <Loading /> : null}
      {data ? (
        <>
          <section className="section" aria-labelledby="network-holes">
            <h2 id="network-holes">{t('network.coverage.holes')}</h2>
            {uncovered.size === 0 && idle.size === 0 ? (
              <p>{t('network.coverage.noHoles')}</p>
            ) : (
              <ul>
                {columns
                  .filter((column) => uncovered.has(column.key))
                  .map((column) => (
                    <li key={column.key}>
                      {t('network.coverage.uncoveredColumn', { column: column.label })}
                    </li>
                  ))}
                {data.organisations
                  .filter((organisation) => idle.has(organisation.id))
                  .map((organisation) => (
                    <li key={organisation.id}>
                      {t('network.coverage.idleOrganisation', { organisation: organisation.name })}
                    </li>
                  ))}
              </ul>
            )}
          </section>
          <Table caption={t('network.coverage.caption')}>
            <thead>
              <tr>
                <th scope="col">{t('network.fields.organisation')}</th>
                {columns.map((column) => (
                  <th
                    key={column.key}
                    scope="col"
                    className={uncovered.has(column.key) ? 'network-cell network-hole' : 'network-cell'}
                  >
                    {column.label}
                  </th>
                ))}
                <th scope="col" className="numeric">
                  {t('network.coverage.trainedOverTarget')}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.organisations.map((organisation) => {
                const covered = new Set([...organisation.mandates, ...organisation.functions]);
                const under =
                  organisation.target !== null && organisation.trainedPivots < organisation.target;
                return (
                  <tr
                    key={organisation.id}
                    className={idle.has(organisation.id) ? 'network-hole' : undefined}
                  >
                    <th scope="row">
                      <Link to={`/reseau/organisations/${encodeURIComponent(organisation.id)}`}>
                        {organisation.name}
                      </Link>
                    </th>
                    {columns.map((column) => (
                      <td key={column.key} className="network-cell">
                        {covered.has(column.key) ? (
                          <span className="network-mark">
                            <span aria-hidden="true">●</span>
                            <span className="visually-hidden">{t('network.coverage.covered')}</span>
                          </span>
                        ) : (
                          <span className="visually-hidden">{t('network.coverage.notCovered')}</span>
                        )}
                      </td>
                    ))}
                    <td className={under ? 'numeric network-under' : 'numeric'}>
                      {organisation.target === null
                        ? formatNumber(organisation.trainedPivots, locale)
                        : t('network.coverage.ratio', {
                            trained: formatNumber(organisation.trainedPivots, locale),
                            target: formatNumber(organisation.target, locale),
                          })}
                      {under ? (
                        <span className="visually-hidden"> {t('network.coverage.underTarget')}</span>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
        </>
      ) : null}
    </Page>
  );
}
