import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { PeoplePage } from '../../../shared/contracts/accounts';
import type { OpenWork, OrganisationNetwork } from '../../../shared/contracts/network';
import { api, fieldMessage, withQuery } from '../../app/api';
import { formatNumber, fullName } from '../../app/format';
import { useAction, useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { Button } from '../../ui/button';
import { ErrorSummary } from '../../ui/error-summary';
import { Checkbox, ChoiceField, Field } from '../../ui/field';
import { Loading, LoadingPage, Page } from '../../ui/page';
import { LoadErrorPage } from '../errors/load-error';

/**
 * Replaces a leaving pivot in one step: shows what they hold open in each module, then ends their
 * mandate, opens the successor's, and hands everything open over to the successor.
 */
export function ReplacePivotPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const navigate = useNavigate();
  const { id = '', mandateId = '' } = useParams();
  const page = useApiData<OrganisationNetwork>(`/network/organisations/${encodeURIComponent(id)}`);
  const openWork = useApiData<OpenWork>(`/network/mandates/${encodeURIComponent(mandateId)}/open-work`);
  const people = useApiData<PeoplePage>(
    withQuery('/people', { organisationId: id, pageSize: 100, status: 'active' }),
  );
  const { run, pending, error } = useAction();
  const [successor, setSuccessor] = useState('');
  const [endDate, setEndDate] = useState('');
  const [handover, setHandover] = useState(true);

  if (page.loading && !page.data) return <LoadingPage />;
  if (!page.data) return page.error ? <LoadErrorPage error={page.error} /> : <LoadingPage />;
  const data = page.data;
  const mandate = data.pivots.find((m) => m.id === mandateId);
  if (!mandate || !data.permissions.managePivots) {
    return (
      <Page title={t('network.replace.missing')}>
        <p>
          <Link to={`/reseau/organisations/${encodeURIComponent(id)}`}>{t('network.replace.back')}</Link>
        </p>
      </Page>
    );
  }
  const candidates = (people.data?.items ?? []).filter(
    (person) =>
      person.id !== mandate.person.id &&
      !data.pivots.some((m) => m.person.id === person.id && m.status !== 'ended'),
  );
  const items = openWork.data?.items ?? [];
  const total = items.reduce((sum, item) => sum + item.count, 0);
  const ids: Record<string, string> = { successorPersonId: 'replace-successor', endDate: 'replace-end' };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await api.post(`/network/mandates/${encodeURIComponent(mandate.id)}/replace`, {
        successorPersonId: successor,
        endDate: endDate || data.today,
        handover,
      });
      navigate(`/reseau/organisations/${encodeURIComponent(id)}`, { state: { flash: 'replaced' } });
    });
  };

  return (
    <Page
      title={t('network.replace.title', { name: mandate.person.name })}
      lead={t('network.replace.lead', { organisation: data.organisation.name })}
    >
      <p>
        <Link to={`/reseau/organisations/${encodeURIComponent(id)}`}>{t('network.replace.back')}</Link>
      </p>
      <section className="section" aria-labelledby="replace-open-work">
        <h2 id="replace-open-work">{t('network.replace.openWork')}</h2>
        {openWork.loading && !openWork.data ? <Loading /> : null}
        {openWork.data ? (
          total === 0 ? (
            <p>{t('network.replace.nothingOpen')}</p>
          ) : (
            <ul>
              {items
                .filter((item) => item.count > 0)
                .map((item) => (
                  <li key={item.key}>
                    {t('network.replace.openItem', {
                      module: t(`handover.${item.key}`, { defaultValue: item.key }),
                      count: formatNumber(item.count, locale),
                    })}
                  </li>
                ))}
            </ul>
          )
        ) : null}
      </section>
      <section className="section" aria-labelledby="replace-form">
        <h2 id="replace-form">{t('network.replace.successorTitle')}</h2>
        <form className="narrow" onSubmit={onSubmit} noValidate>
          <ErrorSummary error={error} fieldId={(field) => ids[field]} />
          <ChoiceField
            id="replace-successor"
            label={t('network.fields.successor')}
            value={successor}
            error={fieldMessage(error, 'successorPersonId')}
            onChange={(event) => setSuccessor(event.target.value)}
            placeholder={t('network.pivots.choosePerson')}
            options={candidates.map((person) => ({ value: person.id, label: fullName(person) }))}
          />
          <Field
            id="replace-end"
            label={t('network.fields.endDate')}
            hint={t('network.replace.endHint')}
            type="date"
            value={endDate || data.today}
            error={fieldMessage(error, 'endDate')}
            onChange={(event) => setEndDate(event.target.value)}
          />
          <Checkbox
            id="replace-handover"
            label={t('network.replace.handover', { count: total })}
            checked={handover}
            onChange={(event) => setHandover(event.target.checked)}
          />
          <Button type="submit" pending={pending}>
            {t('network.replace.confirm')}
          </Button>
        </form>
      </section>
    </Page>
  );
}
