import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EmergencyList } from '../../../shared/contracts/accounts';
import { api } from '../../app/api';
import { formatDateTime, labelOf } from '../../app/format';
import { useAction, useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { Button } from '../../ui/button';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { CheckboxGroup, ChoiceField, TextAreaField } from '../../ui/field';
import { Loading, Page } from '../../ui/page';

const DURATIONS = [15, 30, 60, 120, 240];

/**
 * The administration's emergency access: open one (organisation, casework roles, at most four hours, a
 * written justification the organisation reads), end it early, and see how each was reviewed.
 */
export function EmergencyPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const { refresh } = useSession();
  const list = useApiData<EmergencyList>('/emergency-access');
  const action = useAction();
  const [message, setMessage] = useState<string | null>(null);
  const [organisationId, setOrganisationId] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  const [minutes, setMinutes] = useState('60');
  const [justification, setJustification] = useState('');

  const fieldError = (field: string) =>
    action.error?.details.find((d) => d.field === field || d.field.startsWith(`${field}.`))?.message;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setMessage(null);
    void action
      .run(async () => {
        await api.post('/emergency-access', {
          organisationId,
          roles,
          durationMinutes: Number(minutes),
          justification,
        });
      })
      .then(async (ok) => {
        if (!ok) return;
        setMessage(t('access.emergency.opened'));
        setJustification('');
        await refresh();
        list.reload();
      });
  };

  const end = (id: string) => {
    setMessage(null);
    void action
      .run(() => api.post(`/emergency-access/${encodeURIComponent(id)}/end`, {}))
      .then(async (ok) => {
        if (!ok) return;
        setMessage(t('access.emergency.endedNow'));
        await refresh();
        list.reload();
      });
  };

  const data = list.data;
  return (
    <Page title={t('access.emergency.title')} lead={t('access.emergency.lead')}>
      <StatusMessage>{message}</StatusMessage>
      <ErrorSummary
        error={action.error ?? list.error}
        fieldId={(field) =>
          field.startsWith('roles')
            ? 'emergency-roles'
            : field === 'organisationId'
              ? 'emergency-organisation'
              : field === 'durationMinutes'
                ? 'emergency-minutes'
                : field === 'justification'
                  ? 'emergency-justification'
                  : undefined
        }
      />
      {list.loading && !data ? <Loading /> : null}
      {data ? (
        <>
          <section className="section" aria-labelledby="emergency-open">
            <h2 id="emergency-open">{t('access.emergency.open')}</h2>
            <p>{t('access.emergency.rule')}</p>
            <form className="form narrow" noValidate onSubmit={onSubmit} aria-busy={action.pending}>
              <ChoiceField
                id="emergency-organisation"
                label={t('access.emergency.organisation')}
                value={organisationId}
                onChange={(e) => setOrganisationId(e.target.value)}
                error={fieldError('organisationId')}
                required
                placeholder={t('access.emergency.chooseOrganisation')}
                options={data.organisations.map((o) => ({ value: o.id, label: o.name }))}
              />
              <CheckboxGroup
                id="emergency-roles"
                legend={t('access.emergency.roles')}
                hint={t('access.emergency.rolesHint')}
                options={data.roles.map((role) => ({ value: role, label: labelOf(t, 'roles', role) }))}
                value={roles}
                onChange={setRoles}
                error={fieldError('roles')}
              />
              <ChoiceField
                id="emergency-minutes"
                label={t('access.emergency.duration')}
                value={minutes}
                onChange={(e) => setMinutes(e.target.value)}
                error={fieldError('durationMinutes')}
                options={DURATIONS.filter((d) => d <= data.maxMinutes).map((d) => ({
                  value: String(d),
                  label: t('access.emergency.minutes', { count: d }),
                }))}
              />
              <TextAreaField
                id="emergency-justification"
                label={t('access.emergency.justification')}
                hint={t('access.emergency.justificationHint')}
                value={justification}
                onChange={(e) => setJustification(e.target.value)}
                error={fieldError('justification')}
                rows={5}
                maxLength={2000}
                required
              />
              <Button type="submit" pending={action.pending}>
                {t('access.emergency.submit')}
              </Button>
            </form>
          </section>
          <section className="section" aria-labelledby="emergency-history">
            <h2 id="emergency-history">{t('access.emergency.history')}</h2>
            {data.items.length === 0 ? (
              <p>{t('access.emergency.none')}</p>
            ) : (
              <ul className="card-list">
                {data.items.map((e) => (
                  <li key={e.id} className={e.active ? 'card card-flagged' : 'card'}>
                    <p>
                      <strong>{e.organisation.name}</strong> —{' '}
                      {e.roles.map((role) => labelOf(t, 'roles', role)).join(', ')}
                    </p>
                    <p>
                      {e.active
                        ? t('access.emergency.activeUntil', { at: formatDateTime(e.expiresAt, locale) })
                        : t('access.emergency.ended', { at: formatDateTime(e.endedAt, locale) })}
                    </p>
                    <p className="pre-wrap">{e.justification}</p>
                    <p className="muted">
                      {e.review.status === 'pending'
                        ? t('access.emergency.toReview')
                        : t(`access.emergency.reviewed.${e.review.status}`, {
                            person: e.review.by?.name ?? '—',
                            at: formatDateTime(e.review.at, locale),
                          })}
                    </p>
                    {e.active ? (
                      <Button variant="secondary" pending={action.pending} onClick={() => end(e.id)}>
                        {t('access.emergency.end')}
                      </Button>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      ) : null}
    </Page>
  );
}
