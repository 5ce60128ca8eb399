import ical, { ICalEventStatus } from 'ical-generator';
import type { MeetingRow } from './meetings.repository.js';

/**
 * iCalendar text for meetings. Times are written in UTC (DTSTART:…Z): every calendar program shows
 * them in the reader's zone, and no VTIMEZONE block has to be kept up to date.
 */
export function meetingsCalendar(
  meetings: readonly MeetingRow[],
  options: { name: string; publicUrl: string; now: Date },
): string {
  const host = new URL(options.publicUrl).host || 'filet';
  const calendar = ical({
    name: options.name,
    prodId: { company: 'Filet', product: 'Filet', language: 'FR' },
  });
  for (const meeting of meetings) {
    const link = `${options.publicUrl}/table/rencontres/${meeting.id}`;
    calendar.createEvent({
      id: `${meeting.id}@${host}`,
      start: meeting.starts_at,
      end: meeting.ends_at,
      stamp: options.now,
      lastModified: meeting.updated_at,
      summary: meeting.title,
      location: meeting.place ?? meeting.video_url ?? null,
      url: meeting.video_url ?? link,
      description: meeting.video_url ? `${meeting.video_url}\n${link}` : link,
      status: meeting.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}
