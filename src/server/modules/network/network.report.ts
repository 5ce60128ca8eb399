import { ORGANISATION_TYPES } from '../../../shared/roles.js';
import { t } from '../../platform/i18n/i18n.js';
import type { ReportContributor } from '../../platform/reports/annual-report.js';
import { activeOrganisationsCreatedBefore } from '../accounts/index.js';
import { mandatesDuring } from './mandates.repository.js';
import { listProfiles } from './partners.repository.js';
import { prerequisiteTrainingSource } from './training-source.js';

/**
 * The network's section of the annual report for a calendar year: partner organisations by type, the
 * pivots who held a mandate during the year per organisation, how many completed the prerequisite
 * training, and how that compares with each organisation's target.
 */
export const networkReportContributor: ReportContributor = {
  key: 'network',
  order: 10,
  async compute(db, { year, locale }) {
    const from = `${year}-01-01`;
    const to = `${year}-12-31`;
    const label = (key: string, params?: Record<string, unknown>) =>
      t(locale, `report.network.${key}`, params);
    const organisations = (await activeOrganisationsCreatedBefore(db, `${year + 1}-01-01`)).map((o) => ({
      id: o.id,
      name: o.name,
      type: o.type as string,
    }));
    const profiles = new Map((await listProfiles(db)).map((p) => [p.organisation_id, p]));
    const mandates = await mandatesDuring(db, from, to);
    const trained = await prerequisiteTrainingSource().completedPrerequisite(db, [
      ...new Set(mandates.map((m) => m.person_id)),
    ]);
    const perOrganisation = organisations.map((o) => {
      const people = new Set(mandates.filter((m) => m.organisation_id === o.id).map((m) => m.person_id));
      const trainedCount = [...people].filter((p) => trained.has(p)).length;
      const target = profiles.get(o.id)?.pivot_target ?? null;
      return { ...o, pivots: people.size, trained: trainedCount, target };
    });
    const withTarget = perOrganisation.filter((o) => o.target !== null);
    const atTarget = withTarget.filter((o) => o.trained >= (o.target ?? 0));
    const byType = ORGANISATION_TYPES.map((type) => ({
      type,
      count: organisations.filter((o) => o.type === type).length,
    })).filter((row) => row.count > 0);
    const pivotPeople = new Set(mandates.map((m) => m.person_id));
    const shown = perOrganisation.filter((o) => o.pivots > 0 || o.target !== null);

    return {
      key: 'network',
      title: label('title'),
      figures: [
        { label: label('organisations'), value: organisations.length },
        { label: label('pivots'), value: pivotPeople.size },
        { label: label('trained_pivots'), value: [...pivotPeople].filter((p) => trained.has(p)).length },
        { label: label('organisations_at_target', { total: withTarget.length }), value: atTarget.length },
      ],
      charts: [
        {
          kind: 'bar',
          title: label('chart_pivots'),
          categories: shown.map((o) => o.name),
          series: [
            { name: label('pivots'), values: shown.map((o) => o.pivots) },
            { name: label('trained_pivots'), values: shown.map((o) => o.trained) },
            { name: label('target'), values: shown.map((o) => o.target ?? 0) },
          ],
        },
      ],
      tables: [
        {
          title: label('table_types'),
          columns: [label('type'), label('organisations')],
          rows: byType.map((row) => [label(`types.${row.type}`), row.count]),
        },
        {
          title: label('table_coverage'),
          columns: [
            label('organisation'),
            label('pivots'),
            label('trained_pivots'),
            label('target'),
            label('coverage'),
          ],
          rows: perOrganisation.map((o) => [
            o.name,
            o.pivots,
            o.trained,
            o.target ?? '—',
            o.target === null ? '—' : o.trained >= o.target ? label('met') : label('under'),
          ]),
        },
      ],
    };
  },
};
