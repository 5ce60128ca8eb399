import { localDay } from '../../../shared/time-zone.js';
import { csvCell } from '../../platform/http/csv.js';
import type { Platform } from '../../platform/platform.js';
import { everyMonth, median } from './alerts.rules.js';
import * as figuresRepo from './figures.repository.js';

/** The table's de-identified figures on alerts, as JSON and per month as CSV. */

/** The table's figures, from de-identified facts only; every month from the first alert to now. */
export async function figures(platform: Platform) {
  const facts = await figuresRepo.allFacts(platform.db);
  const months = everyMonth(
    await figuresRepo.alertsPerMonth(platform.db, platform.config.timeZone),
    localDay(platform.now(), platform.config.timeZone).slice(0, 7),
  );
  return {
    months,
    closedAlerts: facts.length,
    medianMinutesToPoliceAck: median(
      facts.flatMap((f) => (f.minutes_to_police_ack === null ? [] : [f.minutes_to_police_ack])),
    ),
    medianMinutesMissing: median(
      facts.flatMap((f) => (f.minutes_missing === null ? [] : [f.minutes_missing])),
    ),
    interviewsWithin72hShare:
      facts.length === 0 ? null : facts.filter((f) => f.interview_within_72h === true).length / facts.length,
  };
}

/** Alerts per month as CSV (the numbers of the figures page's chart). */
export async function figuresCsv(platform: Platform): Promise<string> {
  const { months } = await figures(platform);
  const lines = ['month,alerts', ...months.map((m) => `${csvCell(m.month)},${m.alerts}`)];
  return `${lines.join('\r\n')}\r\n`;
}
