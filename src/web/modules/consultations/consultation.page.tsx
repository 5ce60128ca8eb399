import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import type { ConsultationDetail, ConsultationMessage } from '../../../shared/contracts/consultations';
import { CONSULTATION_TEXT_MAX } from '../../../shared/contracts/consultations.values';
import { type ApiError, api, toApiError } from '../../app/api';
import { formatDateTime } from '../../app/format';
import { useAction } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { Button } from '../../ui/button';
import { ConfirmButton } from '../../ui/confirm-button';
import { Detail } from '../../ui/details';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { TextAreaField } from '../../ui/field';
import { Loading, Page } from '../../ui/page';
import { textProblem, useIdentifierFindings } from './identifiers';
import {
  awaitingAnswer,
  consultationTitle,
  DueTime,
  StatusTag,
  subscribeToConsultations,
  UrgencyTag,
} from './parts';
import { PivotActions } from './pivot-actions';

/** The situation as the asker described it (no name anywhere: the form and the server saw to it). */
function Situation({ c }: { c: ConsultationDetail }) {
  const { t } = useTranslation();
  // The asker reads the form's own words ("Ce que vous avez observé"); pivots and coordinators read
  // them in the third person.
  const reader =
    c.side === 'asker'
      ? {
          observed: 'consultations.fields.observed',
          tried: 'consultations.fields.tried',
          question: 'consultations.fields.question',
        }
      : {
          observed: 'consultations.read.observed',
          tried: 'consultations.read.tried',
          question: 'consultations.read.question',
        };
  return (
    <section aria-labelledby="consult-situation">
      <h2 id="consult-situation">{t('consultations.detail.situation')}</h2>
      <dl className="details">
        <Detail term={t('consultations.fields.ageRange')}>
          {t(`consultations.ageRanges.${c.ageRange}`)}
        </Detail>
        <Detail term={t('consultations.fields.gender')}>{t(`consultations.genders.${c.gender}`)}</Detail>
        <Detail term={t('consultations.fields.setting')}>{t(`consultations.settings.${c.setting}`)}</Detail>
        {c.expertise.length > 0 ? (
          <Detail term={t('consultations.fields.expertise')}>
            {c.expertise.map((e) => t(`network.expertise.${e}`)).join(', ')}
          </Detail>
        ) : null}
        {c.texts ? (
          <>
            <Detail term={t(reader.observed)} className="pre-wrap">
              {c.texts.observed}
            </Detail>
            {c.texts.tried ? (
              <Detail term={t(reader.tried)} className="pre-wrap">
                {c.texts.tried}
              </Detail>
            ) : null}
            <Detail term={t(reader.question)} className="pre-wrap">
              {c.texts.question}
            </Detail>
          </>
        ) : null}
      </dl>
      {c.destroyed ? <p>{t('consultations.detail.destroyed')}</p> : null}
      {c.view === 'stub' ? (
        <p>
          {t(c.side === 'coordinator' ? 'consultations.detail.stubCoordinator' : 'consultations.detail.stub')}
        </p>
      ) : null}
    </section>
  );
}

function Message({ message: m }: { message: ConsultationMessage }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const author = m.mine ? t('consultations.thread.you') : (m.authorName ?? t('consultations.thread.someone'));
  return (
    <li className={m.authorSide === 'pivot' ? 'consult-message consult-message-pivot' : 'consult-message'}>
      <p className="muted">
        <strong>{author}</strong> — {t(`consultations.thread.sides.${m.authorSide}`)} —{' '}
        <time dateTime={m.at}>{formatDateTime(m.at, locale)}</time>
      </p>
      <p className="pre-wrap">{m.body}</p>
    </li>
  );
}

/** A message to the thread, checked as it is typed like every text of a consultation. */
function ReplyForm({ id, onSent }: { id: string; onSent: () => void }) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  const action = useAction();
  const findings = useIdentifierFindings({ body });
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const ok = await action.run(async () => {
      await api.post(`/consultations/${encodeURIComponent(id)}/messages`, { body });
    });
    if (ok) {
      setBody('');
      onSent();
    }
  };
  const blocked = findings.body.length > 0;
  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-labelledby="consult-reply-title">
      <h3 id="consult-reply-title">{t('consultations.thread.reply')}</h3>
      <ErrorSummary error={action.error} fieldId={{ body: 'consult-reply' }} />
      <TextAreaField
        id="consult-reply"
        label={t('consultations.thread.message')}
        hint={t('consultations.thread.messageHint')}
        rows={4}
        maxLength={CONSULTATION_TEXT_MAX.message}
        value={body}
        onChange={(event) => setBody(event.target.value)}
        error={textProblem(t, findings.body, action.error, 'body')}
      />
      <Button type="submit" pending={action.pending} disabled={blocked || !body.trim()}>
        {t('consultations.thread.send')}
      </Button>
    </form>
  );
}

/**
 * One consultation: its facts and due time, the situation, the thread in order with a reply box, and
 * what the reader may do (take it, withdraw it; the pivots' moves below). Live: a notification naming
 * this consultation (an answer, a take, a close) reloads it, so the asker sees the answer appear.
 */
export function ConsultationPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const location = useLocation();
  const [detail, setDetail] = useState<ConsultationDetail | null>(null);
  const [message, setMessage] = useState<string | null>(
    (location.state as { asked?: boolean } | null)?.asked ? t('consultations.detail.asked') : null,
  );
  const [loadError, setLoadError] = useState<ApiError | undefined>(undefined);
  const acting = useAction();
  // Every load runs, even while another is under way (two changes in a row each announce themselves);
  // only the answer to the latest request is shown.
  const latest = useRef(0);
  const load = useCallback(async () => {
    const request = ++latest.current;
    try {
      const fresh = await api.get<ConsultationDetail>(`/consultations/${encodeURIComponent(id)}`);
      if (request !== latest.current) return;
      setDetail(fresh);
      setLoadError(undefined);
    } catch (error) {
      if (request === latest.current) setLoadError(toApiError(error));
    }
  }, [id]);
  /** Shows the consultation a move answered with; a load still under way is older and is dropped. */
  const show = useCallback((next: ConsultationDetail) => {
    latest.current++;
    setDetail(next);
  }, []);

  useEffect(() => {
    void load();
    return subscribeToConsultations((link) => {
      if (link === `/consultations/${id}`) {
        void load();
        setMessage(t('consultations.detail.liveUpdate'));
      }
    });
  }, [id, load, t]);

  if (!detail) {
    return (
      <Page title={t('consultations.detail.title')}>
        <ErrorSummary error={loadError} />
        {loadError ? null : <Loading />}
        <p>
          <Link to="/consultations">{t('consultations.detail.back')}</Link>
        </p>
      </Page>
    );
  }

  const c = detail;
  const locale = currentLocale();
  const move = async (path: string, done: string) => {
    const ok = await acting.run(async () => {
      show(await api.post<ConsultationDetail>(`/consultations/${encodeURIComponent(id)}/${path}`, {}));
    });
    if (ok) setMessage(done);
    // Someone else took it meanwhile: the refusal stays on screen, and the page shows who has it now.
    else void load();
  };
  const ordered = [...c.messages].sort((a, b) => a.at.localeCompare(b.at));

  return (
    <Page title={t('consultations.detail.title')} heading={consultationTitle(t, c)}>
      <StatusMessage>{message}</StatusMessage>
      <ErrorSummary error={acting.error} />
      <p className="consult-tags">
        <StatusTag status={c.status} stub={c.view === 'stub'} />
        <UrgencyTag urgency={c.urgency} />
        {c.unrouted ? <span className="tag ref-flag">{t('consultations.flags.unrouted')}</span> : null}
        {c.escalated ? <span className="tag">{t('consultations.flags.escalated')}</span> : null}
      </p>
      <dl className="details">
        {c.status === 'open' || c.status === 'taken' ? (
          <Detail term={t('consultations.fields.due')}>
            <DueTime dueAt={c.dueAt} overdue={c.overdue} answered={!awaitingAnswer(c)} />
          </Detail>
        ) : null}
        {c.leadName ? (
          <Detail term={t('consultations.fields.lead')}>
            {[c.leadName, c.leadOrganisationName].filter(Boolean).join(', ')}
          </Detail>
        ) : null}
      </dl>
      {c.unrouted && c.status === 'open' ? <p>{t('consultations.detail.unrouted')}</p> : null}

      {c.may.take || c.may.withdraw ? (
        <div className="button-row">
          {c.may.take ? (
            <Button
              pending={acting.pending}
              onClick={() => void move('take', t('consultations.detail.took'))}
            >
              {t('consultations.detail.take')}
            </Button>
          ) : null}
          {c.may.withdraw ? (
            <ConfirmButton
              label={t('consultations.detail.withdraw')}
              title={t('consultations.detail.withdrawTitle')}
              message={t('consultations.detail.withdrawMessage')}
              confirmLabel={t('consultations.detail.withdrawConfirm')}
              pending={acting.pending}
              onConfirm={() => void move('withdraw', t('consultations.detail.withdrawn'))}
            />
          ) : null}
        </div>
      ) : null}

      <Situation c={c} />

      {c.status === 'closed' && (c.summary || c.suggestedServices.length > 0) ? (
        <section aria-labelledby="consult-summary">
          <h2 id="consult-summary">{t('consultations.detail.summary')}</h2>
          {c.summary ? <p className="pre-wrap">{c.summary}</p> : null}
          {c.suggestedServices.length > 0 ? (
            <>
              <h3>{t('consultations.detail.suggested')}</h3>
              <ul>
                {c.suggestedServices.map((s) => (
                  <li key={s.id}>
                    <Link to={`/repertoire/services/${encodeURIComponent(s.id)}`}>{s.name}</Link>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {c.knowledgeId ? (
            <p>
              <Link to={`/savoir/${encodeURIComponent(c.knowledgeId)}`}>
                {t('consultations.detail.knowledgeLink')}
              </Link>
            </p>
          ) : null}
        </section>
      ) : null}

      {c.view === 'full' && !c.destroyed ? (
        <section aria-labelledby="consult-thread">
          <h2 id="consult-thread">{t('consultations.thread.title')}</h2>
          {ordered.length === 0 ? <p>{t('consultations.thread.empty')}</p> : null}
          <ol className="consult-thread" aria-live="polite">
            {ordered.map((m) => (
              <Message key={m.id} message={m} />
            ))}
          </ol>
          {c.may.message ? <ReplyForm id={id} onSent={() => void load()} /> : null}
          {!c.may.message && c.status === 'open' && c.side === 'asker' ? (
            <p className="muted">{t('consultations.thread.waitTake')}</p>
          ) : null}
        </section>
      ) : null}

      <PivotActions
        consultation={c}
        onDone={(next, done) => {
          show(next);
          setMessage(done);
        }}
        onRefused={() => void load()}
      />

      <section aria-labelledby="consult-about">
        <h2 id="consult-about">{t('consultations.detail.about')}</h2>
        <dl className="details">
          <Detail term={t('consultations.fields.askedBy')}>
            {[c.askerName, c.askerOrganisationName].filter(Boolean).join(', ')}
          </Detail>
          <Detail term={t('consultations.fields.createdAt')}>{formatDateTime(c.createdAt, locale)}</Detail>
          <Detail term={t('consultations.fields.target')}>
            {t(`consultations.targets.${c.target}`)}
            {c.targetName ? ` — ${c.targetName}` : ''}
            {c.targetExpertise ? ` — ${t(`network.expertise.${c.targetExpertise}`)}` : ''}
          </Detail>
          <Detail term={t('consultations.fields.language')}>
            {t(`consultations.languages.${c.language}`)}
          </Detail>
          {c.participants.length > 0 ? (
            <Detail term={t('consultations.fields.participants')}>
              {c.participants
                .map(
                  (p) =>
                    `${p.name} (${p.organisationName})${p.lead ? ` — ${t('consultations.detail.leadMark')}` : ''}`,
                )
                .join(' ; ')}
            </Detail>
          ) : null}
          {c.status === 'open' && c.recipients.length > 0 ? (
            <Detail term={t('consultations.fields.recipients')}>
              {c.recipients.map((p) => `${p.name} (${p.organisationName})`).join(' ; ')}
            </Detail>
          ) : null}
          {c.closedAt ? (
            <Detail term={t('consultations.fields.closedAt')}>{formatDateTime(c.closedAt, locale)}</Detail>
          ) : null}
          {c.withdrawnAt ? (
            <Detail term={t('consultations.fields.withdrawnAt')}>
              {formatDateTime(c.withdrawnAt, locale)}
            </Detail>
          ) : null}
        </dl>
      </section>

      <p>
        <Link to="/consultations">{t('consultations.detail.back')}</Link>
      </p>
    </Page>
  );
}
