import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import type {
  DisclosedDetails,
  ReferralDetail,
  ReferralEvent,
  StatusChange,
  Trajectory,
} from '../../../shared/contracts/referrals';
import {
  DECLINE_REASONS,
  REFERRAL_OUTCOMES,
  type ReferralStatus,
} from '../../../shared/contracts/resources.values';
import { ApiError, api, withQuery } from '../../app/api';
import { formatDateTime } from '../../app/format';
import { type Action, useAction } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { Button } from '../../ui/button';
import { ConfirmButton } from '../../ui/confirm-button';
import { Detail } from '../../ui/details';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { ChoiceField, choices, Field, TextAreaField } from '../../ui/field';
import { Page } from '../../ui/page';
import { Flags, formatDay, languageLabel, PurposeGate, referralTitle, StatusBadge, today } from './parts';
import { TrajectoryView } from './trajectory';

const PURPOSES = ['answer', 'follow', 'close'] as const;
/** Moves made with one tap; completing, declining and cancelling ask more. */
const SIMPLE_MOVES: readonly ReferralStatus[] = ['received', 'accepted', 'waitlisted', 'in_progress'];
/** The inputs of a move's fields, for the error summary's links. */
const MOVE_FIELDS: Record<string, string> = {
  declineReason: 'ref-decline-reason',
  outcome: 'ref-complete-outcome',
  firstContactOn: 'ref-complete-firstContactOn',
  note: 'ref-move-note',
};

/** The details the service was told, field by field. */
function Disclosed({ details }: { details: DisclosedDetails }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const c = details.contact;
  return (
    <dl className="details">
      {details.name !== undefined ? (
        <Detail term={t('referrals.disclosable.name')}>{details.name}</Detail>
      ) : null}
      {details.age !== undefined ? (
        <Detail term={t('referrals.disclosable.age')}>
          {details.age === null ? '—' : t('referrals.subject.age', { count: details.age })}
        </Detail>
      ) : null}
      {details.gender !== undefined ? (
        <Detail term={t('referrals.disclosable.gender')}>
          {details.gender ? t(`referrals.genders.${details.gender}`) : '—'}
        </Detail>
      ) : null}
      {details.languages !== undefined ? (
        <Detail term={t('referrals.disclosable.languages')}>
          {details.languages.map((code) => languageLabel(code, locale)).join(', ') || '—'}
        </Detail>
      ) : null}
      {c ? (
        <Detail term={t('referrals.disclosable.contact')}>
          {c.doNotContact ? (
            <strong className="text-warning">{t('referrals.subject.doNotContactSaid')}</strong>
          ) : null}
          {c.safeChannels.length > 0 ? (
            <span className="ref-line">
              {t('referrals.subject.safeChannels')} :{' '}
              {c.safeChannels.map((ch) => t(`referrals.channels.${ch}`)).join(', ')}
            </span>
          ) : null}
          {c.phone ? (
            <span className="ref-line">
              {t('referrals.subject.phone')} : {c.phone}
            </span>
          ) : null}
          {c.email ? (
            <span className="ref-line">
              {t('referrals.subject.email')} : {c.email}
            </span>
          ) : null}
          {c.note ? (
            <span className="ref-line pre-wrap">
              {t('referrals.subject.contactNote')} : {c.note}
            </span>
          ) : null}
        </Detail>
      ) : null}
      {(['situation', 'needs', 'risks'] as const).map((key) =>
        details[key] !== undefined ? (
          <Detail key={key} term={t(`referrals.written.${key}`)} className="pre-wrap">
            {details[key] || '—'}
          </Detail>
        ) : null,
      )}
    </dl>
  );
}

/** What one event of the timeline says. */
function eventText(t: (key: string, options?: Record<string, unknown>) => string, e: ReferralEvent): string {
  switch (e.kind) {
    case 'status':
      return t('referrals.events.status', {
        from: e.fromStatus ? t(`referrals.statuses.${e.fromStatus}`) : '—',
        to: e.toStatus ? t(`referrals.statuses.${e.toStatus}`) : '—',
      });
    case 'outcome':
      return t('referrals.events.outcome', {
        outcome: e.outcome ? t(`referrals.outcomes.${e.outcome}`) : '—',
      });
    default:
      return t(`referrals.events.${e.kind}`);
  }
}

function Timeline({ events }: { events: ReferralEvent[] }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const ordered = [...events].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <ol className="ref-timeline">
      {ordered.map((e, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: events have no id; their order is their identity.
        <li key={index} className="ref-event">
          <p className="muted">{formatDateTime(e.at, locale)}</p>
          <p>
            <strong>{eventText(t, e)}</strong>
            {e.actorName || e.actorOrganisationName ? (
              <> — {[e.actorName, e.actorOrganisationName].filter(Boolean).join(', ')}</>
            ) : null}
          </p>
          {e.note ? <p className="pre-wrap">{e.note}</p> : null}
        </li>
      ))}
    </ol>
  );
}

interface MovesProps {
  referral: ReferralDetail;
  action: Action;
  /** Makes the move; true when it was made. */
  move: (change: Omit<StatusChange, 'version'>) => Promise<boolean>;
}

/**
 * The moves the reader may make now, each a change conditional on the version they saw. Completing and
 * declining end the referral and take the details away from the service: like cancelling, they ask first.
 */
function Moves({ referral, action, move }: MovesProps) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState('got_help');
  // Optional: only the day the service really spoke to the person, never guessed.
  const [firstContactOn, setFirstContactOn] = useState('');
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const allowed = referral.allowedStatuses;
  if (allowed.length === 0) return null;
  const withNote = note.trim() ? { note: note.trim() } : {};
  const reached = outcome !== 'could_not_contact';
  const make = (change: Omit<StatusChange, 'version'>) =>
    void move(change).then((made) => {
      if (made) setNote('');
    });
  return (
    <section className="ref-actions" aria-labelledby="ref-actions-heading">
      <h2 id="ref-actions-heading">{t('referrals.referral.actions')}</h2>
      <div className="button-row">
        {SIMPLE_MOVES.filter((s) => allowed.includes(s)).map((to) => (
          <Button key={to} pending={action.pending} onClick={() => make({ to, ...withNote })}>
            {t(`referrals.moves.${to}`)}
          </Button>
        ))}
      </div>
      {allowed.includes('completed') ? (
        <details className="ref-move">
          <summary>{t('referrals.moves.completed')}</summary>
          <div className="narrow">
            <ChoiceField
              id="ref-complete-outcome"
              label={t('referrals.referral.completeOutcome')}
              options={choices(REFERRAL_OUTCOMES, (o) => t(`referrals.outcomes.${o}`))}
              value={outcome}
              onChange={(event) => setOutcome(event.target.value)}
            />
            {reached ? (
              <Field
                id="ref-complete-firstContactOn"
                type="date"
                label={t('referrals.fields.firstContactOnOptional')}
                hint={t('referrals.referral.firstContactHint')}
                max={today()}
                value={firstContactOn}
                onChange={(event) => setFirstContactOn(event.target.value)}
              />
            ) : null}
            <ConfirmButton
              variant="primary"
              label={t('referrals.moves.completeSubmit')}
              title={t('referrals.referral.completeTitle', {
                outcome: t(`referrals.outcomes.${outcome}`),
              })}
              message={t('referrals.referral.endMessage')}
              confirmLabel={t('referrals.moves.completeSubmit')}
              pending={action.pending}
              onConfirm={() =>
                make({
                  to: 'completed',
                  outcome: outcome as StatusChange['outcome'],
                  ...(reached && firstContactOn ? { firstContactOn } : {}),
                  ...withNote,
                })
              }
            />
          </div>
        </details>
      ) : null}
      {allowed.includes('declined') ? (
        <details className="ref-move">
          <summary>{t('referrals.moves.declined')}</summary>
          <div className="narrow">
            <ChoiceField
              id="ref-decline-reason"
              label={t('referrals.fields.declineReason')}
              placeholder={t('referrals.referral.chooseReason')}
              options={choices(DECLINE_REASONS, (r) => t(`referrals.declineReasons.${r}`))}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
            <ConfirmButton
              label={t('referrals.moves.declineSubmit')}
              title={t('referrals.referral.declineTitle')}
              message={t('referrals.referral.endMessage')}
              confirmLabel={t('referrals.moves.declineSubmit')}
              pending={action.pending}
              onConfirm={() =>
                make({
                  to: 'declined',
                  ...(reason ? { declineReason: reason as StatusChange['declineReason'] } : {}),
                  ...withNote,
                })
              }
            />
          </div>
        </details>
      ) : null}
      <TextAreaField
        id="ref-move-note"
        label={t('referrals.referral.moveNote')}
        hint={t('referrals.referral.moveNoteHint')}
        maxLength={2000}
        value={note}
        onChange={(event) => setNote(event.target.value)}
      />
      {allowed.includes('cancelled') ? (
        <ConfirmButton
          label={t('referrals.moves.cancelled')}
          title={t('referrals.referral.cancelTitle')}
          message={t('referrals.referral.cancelMessage')}
          confirmLabel={t('referrals.moves.cancelled')}
          pending={action.pending}
          onConfirm={() => make({ to: 'cancelled', ...withNote })}
        />
      ) : null}
    </section>
  );
}

interface OutcomeFormProps {
  referral: ReferralDetail;
  action: Action;
  save: (outcome: string) => void;
}

/** The outcome alone (when completing is not offered), starting from the one recorded. */
function OutcomeForm({ referral, action, save }: OutcomeFormProps) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState<string>(referral.outcome ?? '');
  const unchanged = !outcome || outcome === (referral.outcome ?? '');
  return (
    <section aria-labelledby="ref-outcome-heading">
      <h2 id="ref-outcome-heading">{t('referrals.referral.outcomeTitle')}</h2>
      <ErrorSummary error={action.error} fieldId={{ outcome: 'ref-outcome' }} />
      <form
        className="narrow"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!unchanged) save(outcome);
        }}
      >
        <ChoiceField
          id="ref-outcome"
          label={t('referrals.fields.outcome')}
          placeholder={t('referrals.referral.chooseOutcome')}
          options={choices(REFERRAL_OUTCOMES, (o) => t(`referrals.outcomes.${o}`))}
          value={outcome}
          onChange={(event) => setOutcome(event.target.value)}
        />
        <Button type="submit" variant="secondary" disabled={unchanged} pending={action.pending}>
          {t('referrals.referral.outcomeSubmit')}
        </Button>
      </form>
    </section>
  );
}

/**
 * One referral, opened with a purpose (each reading is audited): where it stands and what came of it,
 * the details the person agreed to share (for the service, while it is open), the moves the reader may
 * make now, the outcome, notes, and everything that happened in order.
 */
/**
 * The person's path of services, for the service holding this accepted referral: read on demand with the
 * purpose the referral was opened with (audited), its own referrals only unless the trajectory was shared.
 */
function ServicePath({
  subjectId,
  referralId,
  purpose,
}: {
  subjectId: string;
  referralId: string;
  purpose: string;
}) {
  const { t } = useTranslation();
  const [trajectory, setTrajectory] = useState<Trajectory | null>(null);
  const reading = useAction();
  const open = () =>
    void reading.run(async () => {
      setTrajectory(
        await api.get<Trajectory>(
          withQuery(`/referrals/subjects/${encodeURIComponent(subjectId)}/trajectory`, { purpose }),
        ),
      );
    });
  return (
    <section aria-labelledby="ref-path-heading">
      <h2 id="ref-path-heading">{t('referrals.referral.path')}</h2>
      {trajectory ? (
        <TrajectoryView trajectory={trajectory} linked={(id) => id === referralId} />
      ) : (
        <>
          <p>{t('referrals.referral.pathLead')}</p>
          <ErrorSummary error={reading.error} />
          <Button type="button" variant="secondary" pending={reading.pending} onClick={open}>
            {t('referrals.referral.pathOpen')}
          </Button>
        </>
      )}
    </section>
  );
}

export function ReferralPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const { id = '' } = useParams();
  const location = useLocation();
  const [purpose, setPurpose] = useState<string | null>(null);
  const [referral, setReferral] = useState<ReferralDetail | null>(null);
  const [said, setSaid] = useState<string | null>(
    (location.state as { sent?: boolean } | null)?.sent ? t('referrals.referral.sent') : null,
  );
  const opening = useAction();
  const action = useAction();
  const outcomeAction = useAction();
  const noteAction = useAction();
  const [note, setNote] = useState('');

  const read = (why: string) =>
    api.get<ReferralDetail>(withQuery(`/referrals/${encodeURIComponent(id)}`, { purpose: why }));
  const open = (why: string) =>
    void opening.run(async () => {
      setReferral(await read(why));
      setPurpose(why);
    });

  if (!referral || purpose === null) {
    return (
      <PurposeGate
        title={t('referrals.referral.title')}
        lead={t('referrals.referral.purposeLead')}
        group="referral"
        purposes={PURPOSES}
        opening={opening}
        onOpen={open}
        notice={said}
        back={{ to: '/references', label: t('referrals.referral.back') }}
      />
    );
  }

  /**
   * A change; on a conflict, the referral as it is now and why: someone changed it meanwhile, or (for a
   * note, which has no version) the referral is over and its notes are closed. True when it was made.
   */
  const change = (task: () => Promise<ReferralDetail>, done: string, run: Action = action) =>
    run
      .run(async () => {
        setSaid(null);
        try {
          setReferral(await task());
          setSaid(done);
        } catch (reason) {
          if (reason instanceof ApiError && reason.status === 409) {
            setReferral(await read(purpose));
            const words =
              run === noteAction
                ? t('referrals.referral.notesClosed')
                : t('referrals.referral.changedMeanwhile');
            throw new ApiError(409, reason.code, words);
          }
          throw reason;
        }
      })
      .then((ok) => {
        if (ok && run === noteAction) setNote('');
        return ok;
      });

  const r = referral;
  const move = (body: Omit<StatusChange, 'version'>) =>
    change(
      () => api.post<ReferralDetail>(`/referrals/${r.id}/status`, { ...body, version: r.version }),
      t('referrals.referral.moved', { status: t(`referrals.statuses.${body.to}`) }),
    );
  const closed = r.status === 'declined' || r.status === 'completed' || r.status === 'cancelled';
  // The service can no longer write once the referral is over; a note of the sender then stays with it.
  const notesClosed = !r.mayAddNote;
  const noteHint = r.logged
    ? t('referrals.referral.noteHintLogged')
    : closed
      ? t('referrals.referral.noteHintClosed')
      : t('referrals.referral.noteHint');

  return (
    <Page
      title={t('referrals.referral.title')}
      heading={referralTitle(t, r, r.side === 'sender' ? 'sent' : 'received', locale)}
    >
      <StatusMessage>{said}</StatusMessage>
      <p className="ref-status-line">
        {t('referrals.fields.status')} : <StatusBadge status={r.status} />
        <Flags overdue={r.overdue} escalated={r.escalated} />
        {r.logged ? <span className="tag">{t('referrals.flags.logged')}</span> : null}
      </p>
      {r.outcome ? (
        <p className="ref-outcome">
          {t('referrals.fields.outcome')} : <strong>{t(`referrals.outcomes.${r.outcome}`)}</strong>
        </p>
      ) : null}
      <ErrorSummary error={action.error} fieldId={MOVE_FIELDS} />
      <Moves referral={r} action={action} move={move} />

      <h2>{t('referrals.referral.about')}</h2>
      <dl className="details">
        <Detail term={t('referrals.fields.service')}>
          {r.serviceId ? (
            <Link to={`/repertoire/services/${encodeURIComponent(r.serviceId)}`}>{r.serviceName}</Link>
          ) : (
            r.serviceName
          )}
        </Detail>
        {r.receivingOrganisationName ? (
          <Detail term={t('referrals.fields.to')}>{r.receivingOrganisationName}</Detail>
        ) : null}
        <Detail term={t('referrals.fields.referredBy')}>
          {[r.senderPersonName, r.senderOrganisationName].filter(Boolean).join(', ')}
        </Detail>
        <Detail term={t('referrals.fields.person')}>
          {r.side === 'sender' && r.subjectId ? (
            <Link to={`/suivis/${encodeURIComponent(r.subjectId)}`}>{r.subjectLabel}</Link>
          ) : (
            r.subjectLabel
          )}{' '}
          ({t(`referrals.kinds.${r.subjectKind}`)})
        </Detail>
        <Detail term={t('referrals.fields.sentAt')}>{formatDateTime(r.sentAt, locale)}</Detail>
        {r.dueAt ? (
          <Detail term={t('referrals.fields.dueAt')}>
            {formatDateTime(r.dueAt, locale)}
            {r.overdue ? <strong className="text-warning"> — {t('referrals.flags.overdue')}</strong> : null}
          </Detail>
        ) : null}
        {r.answeredAt ? (
          <Detail term={t('referrals.fields.answeredAt')}>{formatDateTime(r.answeredAt, locale)}</Detail>
        ) : null}
        {r.firstContactOn ? (
          <Detail term={t('referrals.fields.firstContactOn')}>{formatDay(r.firstContactOn, locale)}</Detail>
        ) : null}
        {r.closedAt ? (
          <Detail
            term={r.status === 'completed' ? t('referrals.fields.closedAt') : t('referrals.fields.endedAt')}
          >
            {formatDateTime(r.closedAt, locale)}
          </Detail>
        ) : null}
        {r.declineReason ? (
          <Detail term={t('referrals.fields.declineReason')}>
            {t(`referrals.declineReasons.${r.declineReason}`)}
          </Detail>
        ) : null}
        {r.legalBasis ? (
          <Detail term={t('referrals.fields.legalBasis')}>{t(`referrals.bases.${r.legalBasis}`)}</Detail>
        ) : null}
        {r.consentExpiresOn ? (
          <Detail term={t('referrals.fields.consentExpiresOn')}>
            {formatDay(r.consentExpiresOn, locale)}
          </Detail>
        ) : null}
        {r.outOfRegionReason ? (
          <Detail term={t('referrals.fields.outOfRegionReason')} className="pre-wrap">
            {r.outOfRegionReason}
          </Detail>
        ) : null}
      </dl>

      <section aria-labelledby="ref-disclosed-heading">
        <h2 id="ref-disclosed-heading">{t('referrals.referral.disclosed')}</h2>
        {r.disclosedFields.length > 0 ? (
          <p>
            {t('referrals.referral.disclosedFields', {
              fields: r.disclosedFields.map((f) => t(`referrals.disclosable.${f}`)).join(', '),
            })}
          </p>
        ) : (
          <p>{t('referrals.referral.nothingDisclosed')}</p>
        )}
        {r.disclosed ? (
          <Disclosed details={r.disclosed} />
        ) : r.side === 'receiver' && closed ? (
          <p className="notice">{t('referrals.referral.noLongerVisible')}</p>
        ) : r.side === 'receiver' ? (
          <p className="notice">{t('referrals.referral.notVisible')}</p>
        ) : null}
      </section>

      {r.side === 'receiver' && r.subjectId ? (
        <ServicePath subjectId={r.subjectId} referralId={r.id} purpose={purpose} />
      ) : null}

      {/* Completing asks for the outcome itself; the outcome alone is recorded when that is not offered. */}
      {r.mayRecordOutcome && !r.allowedStatuses.includes('completed') ? (
        <OutcomeForm
          key={`${r.id}-${r.version}`}
          referral={r}
          action={outcomeAction}
          save={(outcome) =>
            void change(
              () => api.post<ReferralDetail>(`/referrals/${r.id}/outcome`, { outcome, version: r.version }),
              t('referrals.referral.outcomeSaved'),
              outcomeAction,
            )
          }
        />
      ) : null}

      <section aria-labelledby="ref-note-heading">
        <h2 id="ref-note-heading">{t('referrals.referral.noteTitle')}</h2>
        <ErrorSummary error={noteAction.error} fieldId={{ note: 'ref-note' }} />
        {notesClosed ? (
          <p className="notice">{t('referrals.referral.notesClosedNotice')}</p>
        ) : (
          <form
            className="narrow"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              void change(
                () => api.post<ReferralDetail>(`/referrals/${r.id}/notes`, { note }),
                t('referrals.referral.noteSaved'),
                noteAction,
              );
            }}
          >
            <TextAreaField
              id="ref-note"
              label={t('referrals.referral.note')}
              hint={noteHint}
              maxLength={2000}
              value={note}
              onChange={(event) => setNote(event.target.value)}
            />
            <Button type="submit" variant="secondary" pending={noteAction.pending}>
              {t('referrals.referral.noteSubmit')}
            </Button>
          </form>
        )}
      </section>

      <section aria-labelledby="ref-timeline-heading">
        <h2 id="ref-timeline-heading">{t('referrals.referral.timeline')}</h2>
        <Timeline events={r.events} />
      </section>
      <p>
        <Link to="/references">{t('referrals.referral.back')}</Link>
      </p>
    </Page>
  );
}
