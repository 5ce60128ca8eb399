import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Figures, Settings } from '../../../shared/contracts/alerts';
import { PROFILE_RETENTION } from '../../../shared/contracts/alerts.values';
import type { ReportChart } from '../../../shared/report';
import { api, fieldMessage } from '../../app/api';
import { formatNumber } from '../../app/format';
import { useAction, useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { Button } from '../../ui/button';
import { ReportChartView } from '../../ui/chart';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { Field } from '../../ui/field';
import { Loaded } from '../../ui/loaded';
import { Page } from '../../ui/page';
import { DataTable } from '../../ui/table';

/** "2026-11" as the reader says it ("nov. 2026", "Nov 2026"). */
function monthLabel(month: string, locale: string): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, number - 1, 15)),
  );
}

/**
 * The table's figures from de-identified facts: alerts per month as a chart, with the same numbers as
 * a table (the chart's accessible alternative) and as CSV; and (for table coordination) the delays.
 */
export function FiguresPage() {
  const { t } = useTranslation();
  const figures = useApiData<Figures>('/alerts/figures');
  const settings = useApiData<Settings>('/alerts/settings');
  const locale = currentLocale();
  const minutes = (value: number | null) =>
    value === null ? '—' : t('alerts.figures.minutes', { count: Math.round(value) });
  const months = figures.data?.months ?? [];
  const chart: ReportChart = {
    kind: 'bar',
    title: t('alerts.figures.perMonth'),
    categories: months.map((m) => monthLabel(m.month, locale)),
    series: [{ name: t('alerts.figures.alerts'), values: months.map((m) => m.alerts) }],
  };
  return (
    <Page title={t('alerts.figures.title')} lead={t('alerts.figures.lead')}>
      <Loaded data={figures}>
        {(data) => (
          <>
            <dl className="tips-facts">
              <dt>{t('alerts.figures.closed')}</dt>
              <dd>{formatNumber(data.closedAlerts, locale)}</dd>
              <dt>{t('alerts.figures.medianAck')}</dt>
              <dd>{minutes(data.medianMinutesToPoliceAck)}</dd>
              <dt>{t('alerts.figures.medianMissing')}</dt>
              <dd>{minutes(data.medianMinutesMissing)}</dd>
              <dt>{t('alerts.figures.interviews')}</dt>
              <dd>
                {data.interviewsWithin72hShare === null
                  ? '—'
                  : new Intl.NumberFormat(locale, { style: 'percent' }).format(data.interviewsWithin72hShare)}
              </dd>
            </dl>
            <section className="report-section" aria-labelledby="figures-per-month">
              <h2 id="figures-per-month">{t('alerts.figures.perMonth')}</h2>
              {months.length === 0 ? (
                <p>{t('alerts.figures.none')}</p>
              ) : (
                <>
                  <ul className="report-downloads">
                    <li>
                      <a className="button button-secondary" href="/api/alerts/figures.csv" download>
                        {t('alerts.figures.csv')}
                      </a>
                    </li>
                  </ul>
                  <div className="report-chart">
                    <ReportChartView chart={chart} />
                  </div>
                  <DataTable
                    caption={t('alerts.figures.perMonthCaption')}
                    columns={[
                      t('alerts.figures.month'),
                      { label: t('alerts.figures.alerts'), className: 'numeric' },
                    ]}
                    rows={months}
                  >
                    {(m) => (
                      <tr key={m.month}>
                        <th scope="row">{monthLabel(m.month, locale)}</th>
                        <td className="numeric">{formatNumber(m.alerts, locale)}</td>
                      </tr>
                    )}
                  </DataTable>
                </>
              )}
            </section>
          </>
        )}
      </Loaded>
      {settings.data ? <SettingsForm settings={settings.data} onSaved={settings.reload} /> : null}
      <p>
        <Link to="/alertes">{t('alerts.alert.back')}</Link>
      </p>
    </Page>
  );
}

type SettingName = 'ackDelayMinutes' | 'purgeAfterDays' | 'profileRetentionDays';

/** The settings as typed, from the saved ones. */
function draftOf(settings: Settings): Record<SettingName, string> {
  return {
    ackDelayMinutes: String(settings.ackDelayMinutes),
    purgeAfterDays: String(settings.purgeAfterDays),
    profileRetentionDays: String(settings.profileRetentionDays),
  };
}

function SettingsForm({ settings, onSaved }: { settings: Settings; onSaved: () => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(() => draftOf(settings));
  const [message, setMessage] = useState<string | null>(null);
  const action = useAction();
  useEffect(() => {
    setDraft(draftOf(settings));
  }, [settings]);
  if (!settings.canEdit) {
    return (
      <p>
        {t('alerts.settings.summary', {
          ack: settings.ackDelayMinutes,
          purge: settings.purgeAfterDays,
          retention: settings.profileRetentionDays,
        })}
      </p>
    );
  }
  // Each setting within the API's limits.
  const fields: Array<{ name: SettingName; min: number; max: number; label: string; hint?: string }> = [
    { name: 'ackDelayMinutes', min: 1, max: 240, label: t('alerts.settings.ack') },
    { name: 'purgeAfterDays', min: 1, max: 365, label: t('alerts.settings.purge') },
    {
      name: 'profileRetentionDays',
      min: PROFILE_RETENTION.min,
      max: PROFILE_RETENTION.max,
      label: t('alerts.settings.retention'),
      hint: t('alerts.settings.retentionHint'),
    },
  ];
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const ok = await action.run(() =>
      api.put('/alerts/settings', {
        ackDelayMinutes: Number(draft.ackDelayMinutes),
        purgeAfterDays: Number(draft.purgeAfterDays),
        profileRetentionDays: Number(draft.profileRetentionDays),
      }),
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
      {fields.map(({ name, min, max, label, hint }) => (
        <Field
          key={name}
          id={`settings-${name}`}
          type="number"
          min={min}
          max={max}
          label={label}
          hint={hint}
          value={draft[name]}
          onChange={(e) => setDraft((d) => ({ ...d, [name]: e.target.value }))}
          error={fieldMessage(action.error, name)}
        />
      ))}
      <Button type="submit" pending={action.pending}>
        {t('alerts.settings.save')}
      </Button>
    </form>
  );
}
