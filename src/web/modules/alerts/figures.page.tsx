import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, fieldMessage } from '../../app/api';
import { formatNumber } from '../../app/format';
import { useAction, useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { Button } from '../../ui/button';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { Field } from '../../ui/field';
import { Loading, Page } from '../../ui/page';
import { Table } from '../../ui/table';
import type { Figures, Settings } from './types';

/** The table's figures from de-identified facts, and (for table coordination) the delays. */
export function FiguresPage() {
  const { t } = useTranslation();
  const figures = useApiData<Figures>('/alerts/figures');
  const settings = useApiData<Settings>('/alerts/settings');
  const locale = currentLocale();
  const minutes = (value: number | null) =>
    value === null ? '—' : t('alerts.figures.minutes', { count: Math.round(value) });
  const max = Math.max(1, ...(figures.data?.months.map((m) => m.alerts) ?? [1]));
  return (
    <Page title={t('alerts.figures.title')} lead={t('alerts.figures.lead')}>
      <ErrorSummary error={figures.error} />
      {figures.loading && !figures.data ? <Loading /> : null}
      {figures.data ? (
        <>
          <dl className="tips-facts">
            <dt>{t('alerts.figures.closed')}</dt>
            <dd>{formatNumber(figures.data.closedAlerts, locale)}</dd>
            <dt>{t('alerts.figures.medianAck')}</dt>
            <dd>{minutes(figures.data.medianMinutesToPoliceAck)}</dd>
            <dt>{t('alerts.figures.medianMissing')}</dt>
            <dd>{minutes(figures.data.medianMinutesMissing)}</dd>
            <dt>{t('alerts.figures.interviews')}</dt>
            <dd>
              {figures.data.interviewsWithin72hShare === null
                ? '—'
                : new Intl.NumberFormat(locale, { style: 'percent' }).format(
                    figures.data.interviewsWithin72hShare,
                  )}
            </dd>
          </dl>
          <h2>{t('alerts.figures.perMonth')}</h2>
          <Table caption={t('alerts.figures.perMonthCaption')}>
            <thead>
              <tr>
                <th scope="col">{t('alerts.figures.month')}</th>
                <th scope="col" className="numeric">
                  {t('alerts.figures.alerts')}
                </th>
                <th scope="col">{t('alerts.figures.bar')}</th>
              </tr>
            </thead>
            <tbody>
              {figures.data.months.map((m) => (
                <tr key={m.month}>
                  <td>{m.month}</td>
                  <td className="numeric">{formatNumber(m.alerts, locale)}</td>
                  <td aria-hidden="true">
                    <span
                      className="alerts-bar"
                      style={{
                        display: 'inline-block',
                        height: '0.75rem',
                        background: 'currentColor',
                        width: `${(m.alerts / max) * 10}rem`,
                      }}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        </>
      ) : null}
      {settings.data ? <SettingsForm settings={settings.data} onSaved={settings.reload} /> : null}
      <p>
        <Link to="/alertes">{t('alerts.alert.back')}</Link>
      </p>
    </Page>
  );
}

function SettingsForm({ settings, onSaved }: { settings: Settings; onSaved: () => void }) {
  const { t } = useTranslation();
  const [ack, setAck] = useState(String(settings.ackDelayMinutes));
  const [purge, setPurge] = useState(String(settings.purgeAfterDays));
  const [message, setMessage] = useState<string | null>(null);
  const action = useAction();
  useEffect(() => {
    setAck(String(settings.ackDelayMinutes));
    setPurge(String(settings.purgeAfterDays));
  }, [settings]);
  if (!settings.canEdit) {
    return (
      <p>{t('alerts.settings.summary', { ack: settings.ackDelayMinutes, purge: settings.purgeAfterDays })}</p>
    );
  }
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const ok = await action.run(() =>
      api.put('/alerts/settings', { ackDelayMinutes: Number(ack), purgeAfterDays: Number(purge) }),
    );
    if (ok) {
      setMessage(t('alerts.settings.saved'));
      onSaved();
    }
  };
  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <h2>{t('alerts.settings.title')}</h2>
      <StatusMessage>{message}</StatusMessage>
      <ErrorSummary error={action.error} fieldId={(f) => `settings-${f}`} />
      <Field
        id="settings-ackDelayMinutes"
        type="number"
        min={1}
        max={240}
        label={t('alerts.settings.ack')}
        value={ack}
        onChange={(e) => setAck(e.target.value)}
        error={fieldMessage(action.error, 'ackDelayMinutes')}
      />
      <Field
        id="settings-purgeAfterDays"
        type="number"
        min={1}
        max={365}
        label={t('alerts.settings.purge')}
        value={purge}
        onChange={(e) => setPurge(e.target.value)}
        error={fieldMessage(action.error, 'purgeAfterDays')}
      />
      <Button type="submit" pending={action.pending}>
        {t('alerts.settings.save')}
      </Button>
    </form>
  );
}
