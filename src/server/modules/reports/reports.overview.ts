import { ORGANISATION_TYPES, ROLES } from '../../../shared/roles.js';
import { t } from '../../platform/i18n/i18n.js';
import type { ReportContributor, ReportSection } from '../../platform/reports/annual-report.js';
import * as repo from '../accounts/index.js';
import { monthStarts, yearSpan } from './reports.time.js';

/**
 * The year at a glance, from the platform's identity tables: partner organisations by type, members
 * by role, and the membership month by month. Counts only, so the report has content before any
 * other module contributes.
 */
export const overviewContributor: ReportContributor = {
  key: 'overview',
  order: 0,
  async compute(db, { year, locale, timeZone, now }): Promise<ReportSection> {
    const l = (key: string, params?: Record<string, unknown>) => t(locale, `report.overview.${key}`, params);
    const span = yearSpan(year, timeZone);
    const [organisations, members, roles] = await Promise.all([
      repo.countOrganisationsByType(db, span),
      repo.countMembers(db, span),
      repo.countMembersByRole(db, span),
    ]);

    // Month by month up to the present: members at the end of each month (or now, for the current one).
    const starts = monthStarts(year, timeZone);
    const current = now ?? new Date();
    const months = starts.slice(0, 12).filter((start) => start < current);
    const instants = months.map((_, index) => {
      const end = starts[index + 1]!;
      return end < current ? end : current;
    });
    const monthly = await repo.countMembersAt(db, instants);
    const monthName = new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' });

    const byType = new Map(organisations.map((row) => [row.type, row]));
    const byRole = new Map(roles.map((row) => [row.role, row.members]));
    const typeLabel = (type: string) => t(locale, `report.organisationTypes.${type}`);
    const roleLabel = (role: string) => t(locale, `report.roles.${role}`);
    const sum = (pick: (row: repo.OrganisationTypeCount) => number) =>
      organisations.reduce((total, row) => total + pick(row), 0);

    return {
      key: 'overview',
      title: l('title'),
      figures: [
        { label: l('figures.organisations'), value: sum((row) => row.total) },
        { label: l('figures.activeOrganisations'), value: sum((row) => row.active) },
        { label: l('figures.joinedOrganisations'), value: sum((row) => row.joined) },
        { label: l('figures.members'), value: members.members },
        { label: l('figures.joinedMembers'), value: members.joined },
        { label: l('figures.leftMembers'), value: members.left },
      ],
      charts: [
        {
          kind: 'bar',
          title: l('charts.organisationsByType'),
          categories: ORGANISATION_TYPES.map(typeLabel),
          series: [
            {
              name: l('columns.registered'),
              values: ORGANISATION_TYPES.map((type) => byType.get(type)?.total ?? 0),
            },
            {
              name: l('columns.active'),
              values: ORGANISATION_TYPES.map((type) => byType.get(type)?.active ?? 0),
            },
          ],
        },
        {
          kind: 'bar',
          title: l('charts.membersByRole'),
          categories: ROLES.map(roleLabel),
          series: [{ name: l('columns.members'), values: ROLES.map((role) => byRole.get(role) ?? 0) }],
        },
        {
          kind: 'line',
          title: l('charts.membersByMonth'),
          categories: months.map((_, index) => monthName.format(new Date(Date.UTC(year, index, 15)))),
          series: [{ name: l('columns.members'), values: monthly }],
        },
      ],
      tables: [
        {
          title: l('tables.organisationsByType'),
          columns: [l('columns.type'), l('columns.registered'), l('columns.active'), l('columns.joined')],
          rows: [
            ...ORGANISATION_TYPES.map((type) => {
              const row = byType.get(type);
              return [typeLabel(type), row?.total ?? 0, row?.active ?? 0, row?.joined ?? 0];
            }),
            [l('columns.total'), sum((row) => row.total), sum((row) => row.active), sum((row) => row.joined)],
          ],
        },
        {
          title: l('tables.membersByRole'),
          columns: [l('columns.role'), l('columns.members')],
          rows: ROLES.map((role) => [roleLabel(role), byRole.get(role) ?? 0]),
        },
      ],
    };
  },
};
