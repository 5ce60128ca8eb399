/**
 * Helpers of the alerts pages: the alert stream, date-time inputs, lists typed one per line. The
 * response types and allowed values come from the shared contract (`shared/contracts/alerts`).
 */
import { subscribeToEvents } from '../../app/event-stream';

/** Calls `onAlert` when a notification of the tab's event stream links to an alert page. */
export function subscribeToAlerts(onAlert: (link: string) => void): () => void {
  return subscribeToEvents('notification', (data) => {
    if (typeof data === 'object' && data !== null && 'link' in data && typeof data.link === 'string') {
      if (data.link.startsWith('/alertes/')) onAlert(data.link);
    }
  });
}

/** A local date-time input value ('YYYY-MM-DDTHH:mm') for now. */
export function localInputNow(date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** An ISO instant from a local date-time input, or the raw text (the server then explains). */
export function isoFromInput(value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

export function lines(value: string): string[] {
  return value
    .split('\n')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}
