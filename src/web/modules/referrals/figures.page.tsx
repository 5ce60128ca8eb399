import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReferralFigures } from '../../../shared/contracts/referrals';
import { withQuery } from '../../app/api';
import { formatNumber } from '../../app/format';
import { useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { Detail } from '../../ui/details';
import { Field } from '../../ui/field';
import { FilterBar } from '../../ui/filter-bar';
import { Loaded } from '../../ui/loaded';
import { Page } from '../../ui/page';
import { DataTable } from '../../ui/table';
import { formatDay } from './parts';

/** "2026-11" as the reader says it ("nov. 2026", "Nov 2026"). */
function monthLabel(month: string, locale: string): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  if (!year || !number) return month;
  return new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, number - 1, 15)),
  );
}

/**
 * The table's figures on referrals, de-identified: referrals per month and kind of service, outcomes,
 * services that answered without capacity, the share answered on time and the median days to a first
 * contact. Counts under the small-cell threshold are shown as "fewer than N", never as a number.
 */
export function FiguresPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const [range, setRange] = useState({ from: '', to: '' });
  const [applied, setApplied] = useState(range);
  const figures = useApiData<ReferralFigures>(
    withQuery('/referrals/figures', { from: applied.from || null, to: applied.to || null }),
  );
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setApplied(range);
  };
  return (
    <Page title={t('referrals.figures.title')} lead={t('referrals.figures.lead')}>
      <FilterBar
        label={t('referrals.figures.period')}
        submit={t('referrals.figures.apply')}
        onSubmit={onSubmit}
      >
        <Field
          id="ref-figures-from"
          type="date"
          label={t('referrals.figures.from')}
          value={range.from}
          onChange={(event) => setRange((r) => ({ ...r, from: event.target.value }))}
        />
        <Field
          id="ref-figures-to"
          type="date"
          label={t('referrals.figures.to')}
          value={range.to}
          onChange={(event) => setRange((r) => ({ ...r, to: event.target.value }))}
        />
      </FilterBar>
      <Loaded data={figures}>
        {(data) => {
          const cell = (value: number | null) =>
            value === null
              ? t('referrals.figures.fewerThan', { threshold: data.smallCell })
              : formatNumber(value, locale);
          return (
            <>
              <p>
                {t('referrals.figures.range', {
                  from: formatDay(data.from, locale),
                  to: formatDay(data.to, locale),
                })}
              </p>
              <dl className="details">
                <Detail term={t('referrals.figures.total')}>{cell(data.total)}</Detail>
                <Detail term={t('referrals.figures.onTime')}>
                  {data.answeredOnTime === null
                    ? t('referrals.figures.notEnough')
                    : new Intl.NumberFormat(locale, { style: 'percent' }).format(data.answeredOnTime)}
                </Detail>
                <Detail term={t('referrals.figures.median')}>
                  {data.medianDaysToFirstContact === null
                    ? t('referrals.figures.notEnough')
                    : t('referrals.figures.days', {
                        count: data.medianDaysToFirstContact,
                        formatted: new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(
                          data.medianDaysToFirstContact,
                        ),
                      })}
                </Detail>
              </dl>
              <p className="muted">{t('referrals.figures.smallCell', { threshold: data.smallCell })}</p>
              <DataTable
                caption={t('referrals.figures.byMonth')}
                columns={[
                  t('referrals.figures.month'),
                  t('referrals.figures.taxonomy'),
                  { label: t('referrals.figures.referrals'), className: 'numeric' },
                ]}
                rows={data.byMonth}
                empty={t('referrals.figures.none')}
              >
                {(row) => (
                  <tr key={`${row.month}-${row.taxonomy}`}>
                    <th scope="row">{monthLabel(row.month, locale)}</th>
                    <td>{t(`resources.taxonomy.${row.taxonomy}`)}</td>
                    <td className="numeric">{cell(row.referrals)}</td>
                  </tr>
                )}
              </DataTable>
              <DataTable
                caption={t('referrals.figures.outcomes')}
                columns={[
                  t('referrals.fields.outcome'),
                  { label: t('referrals.figures.referrals'), className: 'numeric' },
                ]}
                rows={data.outcomes}
                empty={t('referrals.figures.none')}
              >
                {(row) => (
                  <tr key={row.outcome}>
                    <th scope="row">{t(`referrals.outcomes.${row.outcome}`)}</th>
                    <td className="numeric">{cell(row.referrals)}</td>
                  </tr>
                )}
              </DataTable>
              <DataTable
                caption={t('referrals.figures.withoutCapacity')}
                columns={[
                  t('referrals.fields.service'),
                  { label: t('referrals.figures.referrals'), className: 'numeric' },
                ]}
                rows={data.withoutCapacity}
                empty={t('referrals.figures.noneWithoutCapacity')}
              >
                {(row) => (
                  <tr key={row.serviceName}>
                    <th scope="row">{row.serviceName}</th>
                    <td className="numeric">{formatNumber(row.referrals, locale)}</td>
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
