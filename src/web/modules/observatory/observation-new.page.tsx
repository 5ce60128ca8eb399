import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { ObservationDetail } from '../../../shared/contracts/observatory';
import { api } from '../../app/api';
import { useApiData } from '../../app/hooks';
import { LoadingPage, Page } from '../../ui/page';
import { LoadErrorPage } from '../errors/load-error';
import { draftOf, emptyDraft, ObservationForm } from './observation-form';
import { conflictError } from './parts';

/** A pivot records what they saw of the phenomenon this month (or an earlier one) for their organisation. */
export function NewObservationPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Page title={t('observatory.record.title')} lead={t('observatory.record.lead')}>
      <ObservationForm
        initial={emptyDraft()}
        submitLabel={t('observatory.record.submit')}
        onSend={async (input) => {
          const created = await api.post<ObservationDetail>('/observatory/observations', input);
          navigate(`/observatoire/observations/${encodeURIComponent(created.id)}`, {
            state: { flash: 'recorded' },
          });
        }}
      />
    </Page>
  );
}

/** A pivot of the organisation corrects an observation not yet verified by the table. */
export function EditObservationPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const observation = useApiData<ObservationDetail>(`/observatory/observations/${encodeURIComponent(id)}`);
  if (observation.error) return <LoadErrorPage error={observation.error} />;
  const o = observation.data;
  if (!o) return <LoadingPage />;
  const back = `/observatoire/observations/${encodeURIComponent(o.id)}`;
  if (!o.canEdit) {
    return (
      <Page title={t('observatory.edit.title')}>
        <p className="notice">{t('observatory.edit.locked')}</p>
        <p>
          <Link to={back}>{t('observatory.observation.back')}</Link>
        </p>
      </Page>
    );
  }
  return (
    <Page title={t('observatory.edit.title')} lead={t('observatory.edit.lead')}>
      <ObservationForm
        initial={draftOf(o)}
        submitLabel={t('observatory.edit.submit')}
        onSend={async (input) => {
          try {
            await api.patch<ObservationDetail>(`/observatory/observations/${encodeURIComponent(o.id)}`, {
              ...input,
              version: o.version,
            });
          } catch (reason) {
            throw conflictError(reason, t('observatory.edit.changedMeanwhile'));
          }
          navigate(back, { state: { flash: 'saved' } });
        }}
      />
    </Page>
  );
}
