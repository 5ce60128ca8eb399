import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Disclosure } from '../../../shared/contracts/alerts';
import { api, withQuery } from '../../app/api';
import { formatDateTime } from '../../app/format';
import { useAction, useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { Button } from '../../ui/button';
import { StatusMessage } from '../../ui/error-summary';
import { Checkbox } from '../../ui/field';
import { Loaded } from '../../ui/loaded';
import { Page } from '../../ui/page';
import { DataTable } from '../../ui/table';

/** The register of disclosures: every share, its legal basis; overrides flagged for review; CSV export. */
export function RegisterPage() {
  const { t } = useTranslation();
  const [flaggedOnly, setFlaggedOnly] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const register = useApiData<{ items: Disclosure[] }>(
    withQuery('/alerts/disclosures', { flagged: flaggedOnly ? 'true' : null }),
  );
  const action = useAction();
  const locale = currentLocale();
  const review = async (id: string) => {
    const ok = await action.run(() => api.post(`/alerts/disclosures/${id}/review`, {}));
    if (ok) {
      setMessage(t('alerts.register.reviewedDone'));
      register.reload();
    }
  };
  return (
    <Page title={t('alerts.register.title')} lead={t('alerts.register.lead')}>
      <p>
        <a className="button button-secondary" href="/api/alerts/disclosures.csv" download>
          {t('alerts.register.csv')}
        </a>
      </p>
      <Checkbox
        id="register-flagged"
        label={t('alerts.register.flaggedOnly')}
        checked={flaggedOnly}
        onChange={(e) => setFlaggedOnly(e.target.checked)}
      />
      <StatusMessage>{message}</StatusMessage>
      <Loaded data={register} error={register.error ?? action.error}>
        {(data) => (
          <DataTable
            caption={t('alerts.register.caption', { count: data.items.length })}
            columns={[
              t('alerts.register.when'),
              t('alerts.register.who'),
              t('alerts.register.to'),
              t('alerts.register.fields'),
              t('alerts.fields.legalBasis'),
              t('alerts.register.review'),
            ]}
            rows={data.items}
            empty={t('alerts.register.empty')}
          >
            {(d) => (
              <tr key={d.id}>
                <td>{formatDateTime(d.disclosedAt, locale)}</td>
                <td>
                  {d.disclosedByName || t('alerts.register.system')} ({d.fromOrganisationName})
                </td>
                <td>
                  {d.toOrganisationName} ({t(`alerts.views.${d.view}`)})
                </td>
                <td>{d.fields.map((f) => t(`alerts.fields.${f}`)).join(', ')}</td>
                <td>
                  {t(`alerts.bases.${d.legalBasis}`)}
                  {d.withoutConsent ? (
                    <>
                      <br />
                      {t('alerts.alert.withoutConsent')}
                      {d.justification ? ` — ${d.justification}` : ''}
                    </>
                  ) : null}
                </td>
                <td>
                  {d.flagged ? (
                    d.reviewedAt ? (
                      t('alerts.register.reviewedAt', { at: formatDateTime(d.reviewedAt, locale) })
                    ) : (
                      <Button variant="secondary" onClick={() => void review(d.id)} pending={action.pending}>
                        {t('alerts.register.markReviewed')}
                      </Button>
                    )
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            )}
          </DataTable>
        )}
      </Loaded>
      <p>
        <Link to="/alertes">{t('alerts.alert.back')}</Link>
      </p>
    </Page>
  );
}
