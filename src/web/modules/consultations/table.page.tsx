import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConsultationFigures, ConsultationSettings } from '../../../shared/contracts/consultations';
import { CONSULTATION_SETTING_BOUNDS } from '../../../shared/contracts/consultations.values';
import { api, fieldMessage, withQuery } from '../../app/api';
import { formatDateTime, formatNumber } from '../../app/format';
import { useAction, useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { Button } from '../../ui/button';
import { Detail } from '../../ui/details';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { Field } from '../../ui/field';
import { FilterBar } from '../../ui/filter-bar';
import { Loaded } from '../../ui/loaded';
import { Page } from '../../ui/page';
import { DataTable } from '../../ui/table';

const SETTING_KEYS = ['urgentDueHours', 'normalDueDays', 'retentionMonths'] as const;
type SettingKey = (typeof SETTING_KEYS)[number];
const SETTING_IDS: Record<SettingKey, string> = {
  urgentDueHours: 'consult-settings-urgentDueHours',
  normalDueDays: 'consult-settings-normalDueDays',
  retentionMonths: 'consult-settings-retentionMonths',
};

/**
 * The table's settings of consultations: the due time of an urgent question (working hours) and of a
 * normal one (business days), and how long closed threads are kept before they are destroyed.
 */
export function ConsultationSettingsPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const settings = useApiData<ConsultationSettings>('/consultations/settings');
  const [draft, setDraft] = useState<Record<SettingKey, string> | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const action = useAction();
  const data = settings.data;
  const values =
    draft ??
    (data
      ? {
          urgentDueHours: String(data.urgentDueHours),
          normalDueDays: String(data.normalDueDays),
          retentionMonths: String(data.retentionMonths),
        }
      : null);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!values) return;
    const box: { saved?: ConsultationSettings } = {};
    const ok = await action.run(async () => {
      box.saved = await api.put<ConsultationSettings>('/consultations/settings', {
        urgentDueHours: Number(values.urgentDueHours),
        normalDueDays: Number(values.normalDueDays),
        retentionMonths: Number(values.retentionMonths),
      });
    });
    if (ok && box.saved) {
      settings.setData(box.saved);
      setDraft(null);
      setMessage(t('consultations.tableSettings.saved'));
    }
  };

  return (
    <Page title={t('consultations.tableSettings.title')} lead={t('consultations.tableSettings.lead')}>
      <StatusMessage>{message}</StatusMessage>
      <Loaded data={settings} error={settings.error}>
        {(current) => (
          <>
            <ErrorSummary error={action.error} fieldId={SETTING_IDS} />
            {current.updatedAt ? (
              <p className="muted">
                {t('consultations.tableSettings.updatedAt', {
                  at: formatDateTime(current.updatedAt, locale),
                })}
              </p>
            ) : null}
            {current.mayEdit && values ? (
              <form className="form narrow" onSubmit={onSubmit} noValidate>
                {SETTING_KEYS.map((key) => (
                  <Field
                    key={key}
                    id={SETTING_IDS[key]}
                    type="number"
                    inputMode="numeric"
                    min={CONSULTATION_SETTING_BOUNDS[key].min}
                    max={CONSULTATION_SETTING_BOUNDS[key].max}
                    label={t(`consultations.tableSettings.${key}`)}
                    hint={t('consultations.tableSettings.bounds', CONSULTATION_SETTING_BOUNDS[key])}
                    value={values[key]}
                    onChange={(event) => setDraft({ ...values, [key]: event.target.value })}
                    error={fieldMessage(action.error, key)}
                  />
                ))}
                <Button type="submit" pending={action.pending}>
                  {t('consultations.tableSettings.save')}
                </Button>
              </form>
            ) : (
              <dl className="details">
                {SETTING_KEYS.map((key) => (
                  <Detail key={key} term={t(`consultations.tableSettings.${key}`)}>
                    {formatNumber(current[key], locale)}
                  </Detail>
                ))}
              </dl>
            )}
          </>
        )}
      </Loaded>
    </Page>
  );
}

/** "2026-11" as the reader says it. */
function monthLabel(month: string, locale: string): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  if (!year || !number) return month;
  return new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, number - 1, 15)),
  );
}

/**
 * The table's figures on consultations: counts by month and urgency, by expertise, the unrouted ones,
 * median hours to take and to a first answer, the share answered on time. Counts under the small-cell
 * threshold are shown as "fewer than N", never as a number.
 */
export function ConsultationFiguresPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const [range, setRange] = useState({ from: '', to: '' });
  const [applied, setApplied] = useState(range);
  const figures = useApiData<ConsultationFigures>(
    withQuery('/consultations/figures', { from: applied.from || null, to: applied.to || null }),
  );
  const hours = (value: number | null) =>
    value === null
      ? t('consultations.figures.notEnough')
      : t('consultations.figures.hours', {
          count: value,
          formatted: new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value),
        });
  return (
    <Page title={t('consultations.figures.title')} lead={t('consultations.figures.lead')}>
      <FilterBar
        label={t('consultations.figures.period')}
        submit={t('consultations.figures.apply')}
        onSubmit={(event) => {
          event.preventDefault();
          setApplied(range);
        }}
      >
        <Field
          id="consult-figures-from"
          type="date"
          label={t('consultations.figures.from')}
          value={range.from}
          onChange={(event) => setRange((r) => ({ ...r, from: event.target.value }))}
        />
        <Field
          id="consult-figures-to"
          type="date"
          label={t('consultations.figures.to')}
          value={range.to}
          onChange={(event) => setRange((r) => ({ ...r, to: event.target.value }))}
        />
      </FilterBar>
      <Loaded data={figures}>
        {(data) => {
          const cell = (value: number | null) =>
            value === null
              ? t('consultations.figures.fewerThan', { threshold: data.smallCell })
              : formatNumber(value, locale);
          return (
            <>
              <p>{t('consultations.figures.range', { from: data.from, to: data.to })}</p>
              <dl className="details">
                <Detail term={t('consultations.figures.total')}>{cell(data.total)}</Detail>
                <Detail term={t('consultations.figures.unrouted')}>{cell(data.unrouted)}</Detail>
                <Detail term={t('consultations.figures.medianToTake')}>
                  {hours(data.medianHoursToTake)}
                </Detail>
                <Detail term={t('consultations.figures.medianToAnswer')}>
                  {hours(data.medianHoursToFirstAnswer)}
                </Detail>
                <Detail term={t('consultations.figures.onTime')}>
                  {data.answeredOnTime === null
                    ? t('consultations.figures.notEnough')
                    : new Intl.NumberFormat(locale, { style: 'percent' }).format(data.answeredOnTime)}
                </Detail>
                <Detail term={t('consultations.figures.knowledge')}>{cell(data.knowledgeEntries)}</Detail>
              </dl>
              <p className="muted">{t('consultations.figures.smallCell', { threshold: data.smallCell })}</p>
              <DataTable
                caption={t('consultations.figures.byMonth')}
                columns={[
                  t('consultations.figures.month'),
                  t('consultations.fields.urgency'),
                  { label: t('consultations.figures.consultations'), className: 'numeric' },
                ]}
                rows={data.byMonth}
                empty={t('consultations.figures.none')}
              >
                {(row) => (
                  <tr key={`${row.month}-${row.urgency}`}>
                    <th scope="row">{monthLabel(row.month, locale)}</th>
                    <td>{t(`consultations.urgencies.${row.urgency}`)}</td>
                    <td className="numeric">{cell(row.consultations)}</td>
                  </tr>
                )}
              </DataTable>
              <DataTable
                caption={t('consultations.figures.byUrgency')}
                columns={[
                  t('consultations.fields.urgency'),
                  { label: t('consultations.figures.consultations'), className: 'numeric' },
                ]}
                rows={data.byUrgency}
                empty={t('consultations.figures.none')}
              >
                {(row) => (
                  <tr key={row.urgency}>
                    <th scope="row">{t(`consultations.urgencies.${row.urgency}`)}</th>
                    <td className="numeric">{cell(row.consultations)}</td>
                  </tr>
                )}
              </DataTable>
              <DataTable
                caption={t('consultations.figures.byExpertise')}
                columns={[
                  t('consultations.fields.expertise'),
                  { label: t('consultations.figures.consultations'), className: 'numeric' },
                ]}
                rows={data.byExpertise}
                empty={t('consultations.figures.none')}
              >
                {(row) => (
                  <tr key={row.expertise}>
                    <th scope="row">{t(`network.expertise.${row.expertise}`)}</th>
                    <td className="numeric">{cell(row.consultations)}</td>
                  </tr>
                )}
              </DataTable>
            </>
          );
        }}
      </Loaded>
    </Page>
  );
}
