import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ConsultationSummary } from '../../../shared/contracts/consultations';
import type { ConsultationStatus, ConsultationUrgency } from '../../../shared/contracts/consultations.values';
import type { Locale } from '../../../shared/roles';
import { subscribeToEvents } from '../../app/event-stream';
import { formatDateTime } from '../../app/format';
import { currentLocale } from '../../app/i18n';
import { Detail } from '../../ui/details';
import { dueEndOfDay } from './due-time';

/** Who asks, answers or coordinates: the consultations screens are theirs. */
export const CONSULTATION_SIDES = [
  'consultations.ask',
  'consultations.answer',
  'consultations.coordinate',
] as const;

/** The address of one consultation in the app (the server's notifications link there too). */
export const consultationPath = (id: string) => `/consultations/${encodeURIComponent(id)}`;

/**
 * Calls `onChange` with the link of every notification of the tab's event stream that points at a
 * consultation (`/consultations/<id>`), so an open screen reloads without the reader doing anything.
 */
export function subscribeToConsultations(onChange: (link: string) => void): () => void {
  return subscribeToEvents('notification', (data) => {
    if (typeof data === 'object' && data !== null && 'link' in data && typeof data.link === 'string') {
      if (data.link === '/consultations' || data.link.startsWith('/consultations/')) onChange(data.link);
    }
  });
}

/** The current time, moved on every minute, so due times read "in 3 hours" without a reload. */
export function useNow(everyMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "dans 3 heures", "il y a 2 jours": the largest whole unit, in the reader's language. */
export function relativeTime(at: string, now: number, locale: Locale): string {
  const diff = new Date(at).getTime() - now;
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms || unit === 'minute') return format.format(Math.round(diff / ms), unit);
  }
  return format.format(0, 'minute');
}

/**
 * When a pivot's answer is due, relative to now, with the exact time for whoever wants it. Overdue ones
 * say so in words and in the error colour (the words carry the meaning; the colour repeats it).
 */
export function DueTime({
  dueAt,
  overdue,
  answered,
}: {
  dueAt: string;
  overdue: boolean;
  answered: boolean;
}) {
  const { t } = useTranslation();
  const now = useNow();
  const locale = currentLocale();
  const exact = formatDateTime(dueAt, locale);
  if (answered) return <span>{t('consultations.due.answered')}</span>;
  const day = dueEndOfDay(dueAt, locale);
  if (day)
    return (
      <span className={overdue ? 'consult-overdue' : undefined}>
        {overdue
          ? t('consultations.due.overdueByEndOf', { day })
          : t('consultations.due.dueByEndOf', { day })}
      </span>
    );
  return (
    <span className={overdue ? 'consult-overdue' : undefined} title={exact}>
      {overdue
        ? t('consultations.due.overdue', { when: relativeTime(dueAt, now, locale) })
        : t('consultations.due.due', { when: relativeTime(dueAt, now, locale) })}
      <span className="visually-hidden"> ({exact})</span>
    </span>
  );
}

/** The status in words, as a tag; a pivot's stub of a taken consultation says someone else has it. */
export function StatusTag({ status, stub = false }: { status: ConsultationStatus; stub?: boolean }) {
  const { t } = useTranslation();
  return (
    <span className={`tag consult-status consult-status-${status}`}>
      {stub && status === 'taken'
        ? t('consultations.statuses.takenByOther')
        : t(`consultations.statuses.${status}`)}
    </span>
  );
}

export function UrgencyTag({ urgency }: { urgency: ConsultationUrgency }) {
  const { t } = useTranslation();
  return (
    <span className={urgency === 'urgent' ? 'tag consult-urgent' : 'tag'}>
      {t(`consultations.urgencies.${urgency}`)}
    </span>
  );
}

/** A consultation named by its facts (it holds no name): "14-15 ans, fille, école". */
export function consultationTitle(
  t: TFunction,
  c: Pick<ConsultationSummary, 'ageRange' | 'gender' | 'setting'>,
): string {
  const title = t('consultations.card.title', {
    age: t(`consultations.ageRanges.${c.ageRange}`),
    gender: t(`consultations.genders.${c.gender}`),
    setting: t(`consultations.settings.${c.setting}`),
  });
  return title.charAt(0).toLocaleUpperCase() + title.slice(1);
}

/** Open or taken, and no pivot has answered yet: the due time still runs. */
export function awaitingAnswer(c: Pick<ConsultationSummary, 'status' | 'firstAnswerAt'>): boolean {
  return (c.status === 'open' || c.status === 'taken') && c.firstAnswerAt === null;
}

/** One consultation in a list: a card that reads on a phone, linking to it. */
export function ConsultationCard({ consultation: c }: { consultation: ConsultationSummary }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const headingId = `consultation-${c.id}`;
  const stub = c.view === 'stub';
  return (
    <li className={c.overdue ? 'card card-flagged' : 'card'} aria-labelledby={headingId}>
      <h3 id={headingId} className="card-title">
        <Link to={consultationPath(c.id)}>{consultationTitle(t, c)}</Link>
      </h3>
      <p className="consult-tags">
        <StatusTag status={c.status} stub={stub} />
        <UrgencyTag urgency={c.urgency} />
        {c.unrouted ? <span className="tag ref-flag">{t('consultations.flags.unrouted')}</span> : null}
        {c.escalated ? <span className="tag">{t('consultations.flags.escalated')}</span> : null}
      </p>
      <dl className="ref-card-facts">
        {c.status === 'open' || c.status === 'taken' ? (
          <Detail term={t('consultations.fields.due')}>
            <DueTime dueAt={c.dueAt} overdue={c.overdue} answered={!awaitingAnswer(c)} />
          </Detail>
        ) : null}
        <Detail term={t('consultations.fields.askedBy')}>
          {[c.askerName, c.askerOrganisationName].filter(Boolean).join(', ')}
        </Detail>
        {c.leadName ? (
          <Detail term={t('consultations.fields.lead')}>
            {[c.leadName, c.leadOrganisationName].filter(Boolean).join(', ')}
          </Detail>
        ) : null}
        <Detail term={t('consultations.fields.createdAt')}>{formatDateTime(c.createdAt, locale)}</Detail>
        {c.closedAt ? (
          <Detail term={t('consultations.fields.closedAt')}>{formatDateTime(c.closedAt, locale)}</Detail>
        ) : null}
      </dl>
    </li>
  );
}
