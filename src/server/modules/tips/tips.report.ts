import { t } from '../../platform/i18n/i18n.js';
import type { ReportContributor } from '../../platform/reports/annual-report.js';
import * as retentionRepo from './retention.repository.js';
import { CHANNELS, STATUSES } from './tips.table.js';

/**
 * The tip line's section of the annual report: de-identified counts only — tips per channel, per
 * month and per outcome — from live tips and from the counts kept when expired tips were destroyed.
 */
export const tipsReportContributor: ReportContributor = {
  key: 'tips',
  order: 40,
  async compute(db, { year, locale, timeZone }) {
    const label = (key: string) => t(locale, `report.tips.${key}`);
    const rows = await retentionRepo.yearCounts(db, year, timeZone);
    const sum = (filter: (row: (typeof rows)[number]) => boolean) =>
      rows.filter(filter).reduce((total, row) => total + Number(row.count), 0);
    const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
    const monthNames = months.map((_, i) =>
      new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' }).format(
        new Date(Date.UTC(year, i, 15)),
      ),
    );
    const perChannel = CHANNELS.map((channel) => ({ channel, count: sum((r) => r.channel === channel) }));
    const perOutcome = STATUSES.map((status) => ({ status, count: sum((r) => r.outcome === status) }));
    return {
      key: 'tips',
      title: label('title'),
      figures: [
        { label: label('received'), value: sum(() => true) },
        { label: label('closed'), value: sum((r) => r.outcome === 'closed' || r.outcome === 'actioned') },
      ],
      charts: [
        {
          kind: 'bar',
          title: label('per_month'),
          categories: monthNames,
          series: [{ name: label('received'), values: months.map((m) => sum((r) => r.month === m)) }],
        },
      ],
      tables: [
        {
          title: label('per_channel'),
          columns: [label('channel'), label('count')],
          rows: perChannel.map((row) => [label(`channels.${row.channel}`), row.count]),
        },
        {
          title: label('per_outcome'),
          columns: [label('outcome'), label('count')],
          rows: perOutcome.map((row) => [label(`outcomes.${row.status}`), row.count]),
        },
      ],
    };
  },
};
