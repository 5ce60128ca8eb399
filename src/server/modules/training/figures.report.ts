import { t } from '../../platform/i18n/i18n.js';
import type { ReportContributor } from '../../platform/reports/annual-report.js';
import * as repo from './figures.repository.js';

/**
 * The training section of the annual report: people trained in the year (distinct), trained for the
 * first time, the cumulative count since the programme started, and the year by course and by
 * organisation type. Counts of people only: nobody is named.
 */
export const trainingReportContributor: ReportContributor = {
  key: 'training',
  order: 30,
  async compute(db, { year, locale }) {
    const label = (key: string) => t(locale, `questionnaires.report.${key}`);
    const typeLabel = (type: string) =>
      t(locale, `questionnaires.organisation_types.${type}`, { defaultValue: type });
    const trained = await repo.distinctTrained(db, year);
    const firstTime = await repo.firstTimeIn(db, year);
    const cumulative = await repo.distinctTrained(db, year, true);
    const courses = await repo.byCourse(db, year);
    const types = await repo.byOrganisationType(db, year);
    const history = (await repo.byYear(db)).filter((r) => r.year <= year).slice(-10);
    let running = cumulative - history.reduce((sum, r) => sum + r.first_time, 0);
    const cumulativeSeries = history.map((r) => {
      running += r.first_time;
      return running;
    });
    const courseTitle = (c: { title_fr: string; title_en: string }) =>
      locale === 'en-CA' ? c.title_en : c.title_fr;
    return {
      key: 'training',
      title: label('title'),
      figures: [
        { label: label('trained'), value: trained },
        { label: label('first_time'), value: firstTime },
        { label: label('cumulative'), value: cumulative },
      ],
      charts: [
        {
          kind: 'bar',
          title: label('by_course'),
          categories: courses.map(courseTitle),
          series: [{ name: label('trained'), values: courses.map((c) => c.n) }],
        },
        {
          kind: 'line',
          title: label('cumulative_chart'),
          categories: history.map((r) => String(r.year)),
          series: [{ name: label('cumulative'), values: cumulativeSeries }],
        },
      ],
      tables: [
        {
          title: label('by_course'),
          columns: [label('course'), label('people')],
          rows: courses.map((c) => [courseTitle(c), c.n]),
        },
        {
          title: label('by_type'),
          columns: [label('organisation_type'), label('people')],
          rows: types.map((r) => [typeLabel(r.key), r.n]),
        },
        {
          title: label('cumulative_chart'),
          columns: [label('year'), label('first_time'), label('cumulative')],
          rows: history.map((r, i) => [String(r.year), r.first_time, cumulativeSeries[i]!]),
        },
      ],
    };
  },
};
