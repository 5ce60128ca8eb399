import { t } from '../../platform/i18n/i18n.js';
import type { ReportContributor } from '../../platform/reports/annual-report.js';
import { median } from './alerts.rules.js';
import * as figuresRepo from './figures.repository.js';

/**
 * The alerts' section of the annual report, from de-identified facts of closed alerts only: alerts
 * per month, median time to police acknowledgement, median time missing, return interviews in 72 h.
 */
export const alertsReportContributor: ReportContributor = {
  key: 'alerts',
  order: 45,
  async compute(db, { year, locale }) {
    const label = (key: string) => t(locale, `report.alerts.${key}`);
    const facts = await figuresRepo.factsOfYear(db, year);
    const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
    const monthNames = months.map((_, i) =>
      new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' }).format(
        new Date(Date.UTC(year, i, 15)),
      ),
    );
    const minutes = (values: Array<number | null>) =>
      Math.round(median(values.filter((v): v is number => v !== null)) ?? 0);
    const within = facts.filter((f) => f.interview_within_72h === true).length;
    const unit = label('minutes');
    return {
      key: 'alerts',
      title: label('title'),
      figures: [
        { label: label('closed'), value: facts.length },
        { label: label('median_ack'), value: minutes(facts.map((f) => f.minutes_to_police_ack)), unit },
        { label: label('median_missing'), value: minutes(facts.map((f) => f.minutes_missing)), unit },
        {
          label: label('interviews'),
          value: facts.length === 0 ? 0 : Math.round((within / facts.length) * 100),
          unit: '%',
        },
      ],
      charts: [
        {
          kind: 'bar',
          title: label('per_month'),
          categories: monthNames,
          series: [
            { name: label('closed'), values: months.map((m) => facts.filter((f) => f.month === m).length) },
          ],
        },
      ],
      tables: [],
    };
  },
};
