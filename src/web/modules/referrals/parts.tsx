import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ReferralSummary } from '../../../shared/contracts/referrals';
import type { ReferralStatus } from '../../../shared/contracts/resources.values';
import type { Locale } from '../../../shared/roles';
import { REGION_TIME_ZONE } from '../../../shared/time-zone';
import { ApiError, type FieldProblem } from '../../app/api';
import { formatDate } from '../../app/format';
import type { Action } from '../../app/hooks';
import { currentLocale, i18n } from '../../app/i18n';
import { Button } from '../../ui/button';
import { Detail } from '../../ui/details';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { ChoiceField, choices, TextAreaField } from '../../ui/field';
import { Page } from '../../ui/page';
import { languageName } from '../resources/parts';

/** Today in the region, `YYYY-MM-DD`. */
export function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: REGION_TIME_ZONE }).format(new Date());
}

/** A calendar day moved by a number of days, `YYYY-MM-DD`. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** A calendar day (`YYYY-MM-DD`) as people read it; a day has no time zone to move it across midnight. */
export function formatDay(day: string | null | undefined, locale: Locale): string {
  if (!day) return '—';
  const date = new Date(`${day}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

/** Whole years between a birth date and today, or null when the date is missing or not a date. */
export function ageOn(birthDate: string, on = today()): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) return null;
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = on.split('-').map(Number) as [number, number, number];
  const age = ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
  return age >= 0 ? age : null;
}

/** A language's name from the directory's catalogue (which names Cree and Inuktitut), else from the browser. */
export function languageLabel(code: string, locale: Locale): string {
  const key = `resources-search.languageLabels.${code}`;
  return i18n.exists(key) ? i18n.t(key) : languageName(code, locale);
}

/** A problem the form finds before sending anything, shown like the server's (linked to its field). */
export function localProblem(problems: Array<Omit<FieldProblem, 'rule'>>): ApiError {
  return new ApiError(
    400,
    'invalid',
    i18n.t('referrals.form.checkFields'),
    problems.map((problem) => ({ ...problem, rule: 'local' })),
  );
}

/** The status in words, with its badge (the words carry the meaning; the colour only repeats it). */
export function StatusBadge({ status }: { status: ReferralStatus }) {
  const { t } = useTranslation();
  return <span className={`tag ref-status ref-status-${status}`}>{t(`referrals.statuses.${status}`)}</span>;
}

/** "En retard" and "Relancée" in words, for the lists and the referral page. */
export function Flags({ overdue, escalated }: { overdue: boolean; escalated: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      {overdue ? <span className="tag ref-flag">{t('referrals.flags.overdue')}</span> : null}
      {escalated ? <span className="tag ref-flag">{t('referrals.flags.escalated')}</span> : null}
    </>
  );
}

/**
 * A referral's title as its side reads it: the person and the service, or, when no name may be shown
 * (none disclosed, or no longer after closure), who referred the person and when.
 */
export function referralTitle(
  t: (key: string, options?: Record<string, unknown>) => string,
  referral: Pick<ReferralSummary, 'subjectLabel' | 'serviceName' | 'senderOrganisationName' | 'sentAt'>,
  side: 'sent' | 'received',
  locale: Locale,
): string {
  const service = referral.serviceName;
  if (!referral.subjectLabel.trim()) {
    return t(side === 'sent' ? 'referrals.card.unnamedSentTitle' : 'referrals.card.unnamedReceivedTitle', {
      organisation: referral.senderOrganisationName,
      date: formatDate(referral.sentAt, locale),
      service,
    });
  }
  return t(side === 'sent' ? 'referrals.card.sentTitle' : 'referrals.card.receivedTitle', {
    person: referral.subjectLabel,
    service,
  });
}

/** One referral in a list: a card that reads on a phone, linking to the referral. */
export function ReferralCard({ referral, side }: { referral: ReferralSummary; side: 'sent' | 'received' }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const headingId = `referral-${referral.id}`;
  const flagged = referral.overdue || referral.escalated;
  return (
    <li className={flagged ? 'card card-flagged' : 'card'} aria-labelledby={headingId}>
      <h3 id={headingId} className="card-title">
        <Link to={`/references/${encodeURIComponent(referral.id)}`}>
          {referralTitle(t, referral, side, locale)}
        </Link>
      </h3>
      <p>
        <StatusBadge status={referral.status} />
        <Flags overdue={referral.overdue} escalated={referral.escalated} />
        {referral.logged ? <span className="tag">{t('referrals.flags.logged')}</span> : null}
      </p>
      <dl className="ref-card-facts">
        <Detail term={side === 'sent' ? t('referrals.fields.to') : t('referrals.fields.from')}>
          {side === 'sent'
            ? (referral.receivingOrganisationName ?? referral.serviceName)
            : referral.senderOrganisationName}
        </Detail>
        <Detail term={t('referrals.fields.sentAt')}>{formatDate(referral.sentAt, locale)}</Detail>
        {referral.dueAt && referral.status === 'sent' ? (
          <Detail term={t('referrals.fields.dueAt')}>{formatDate(referral.dueAt, locale)}</Detail>
        ) : null}
        {referral.outcome ? (
          <Detail term={t('referrals.fields.outcome')}>{t(`referrals.outcomes.${referral.outcome}`)}</Detail>
        ) : null}
      </dl>
    </li>
  );
}

const OTHER = 'other';

interface PurposeGateProps {
  title: string;
  lead: string;
  /** Keys of `referrals.purposes.<group>`; "other" (a purpose in the reader's words) is added. */
  group: 'referral' | 'subject';
  purposes: readonly string[];
  opening: Action;
  /** Opens the record with the purpose in words (the audit trail keeps it). */
  onOpen: (purpose: string) => void;
  back: { to: string; label: string };
  /** What just happened (e.g. the referral was sent), said before the question. */
  notice?: string | null;
}

/**
 * The question asked before a sensitive record opens (like an alert's profile or a tip): why the
 * reader opens it. A usual reason is one choice; "another reason" asks for it in words.
 */
export function PurposeGate({
  title,
  lead,
  group,
  purposes,
  opening,
  onOpen,
  back,
  notice,
}: PurposeGateProps) {
  const { t } = useTranslation();
  const [choice, setChoice] = useState(purposes[0] ?? OTHER);
  const [words, setWords] = useState('');
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onOpen(choice === OTHER ? words : t(`referrals.purposes.${group}.${choice}`));
  };
  return (
    <Page title={title} lead={lead}>
      <StatusMessage>{notice}</StatusMessage>
      <ErrorSummary error={opening.error} fieldId={{ purpose: 'ref-purpose-words' }} />
      <form className="form narrow" onSubmit={onSubmit} noValidate>
        <ChoiceField
          id="ref-purpose"
          label={t('referrals.purposes.label')}
          value={choice}
          onChange={(event) => setChoice(event.target.value)}
          options={[
            ...choices(purposes, (p) => t(`referrals.purposes.${group}.${p}`)),
            { value: OTHER, label: t('referrals.purposes.other') },
          ]}
        />
        {choice === OTHER ? (
          <TextAreaField
            id="ref-purpose-words"
            label={t('referrals.purposes.words')}
            hint={t('referrals.purposes.wordsHint')}
            maxLength={300}
            required
            value={words}
            onChange={(event) => setWords(event.target.value)}
          />
        ) : null}
        <Button type="submit" pending={opening.pending}>
          {t('referrals.purposes.open')}
        </Button>
      </form>
      <p>
        <Link to={back.to}>{back.label}</Link>
      </p>
    </Page>
  );
}
