import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { AlertContent, AlertDetail } from '../../../shared/contracts/alerts';
import { OUTCOMES, PLACE_TYPES } from '../../../shared/contracts/alerts.values';
import { api, fieldMessage, withQuery } from '../../app/api';
import { formatDateTime } from '../../app/format';
import { useAction } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { Button } from '../../ui/button';
import { Detail } from '../../ui/details';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { ChoiceField, choices, Field, SelectField, TextAreaField as TextArea } from '../../ui/field';
import { Loading, Page } from '../../ui/page';
import { isoFromInput, localInputNow, subscribeToAlerts } from './types';

const TEXT_KEYS = [
  'description',
  'lastSeenPlace',
  'clothing',
  'circumstances',
  'immediateRisks',
  'exploitationRisks',
  'associates',
  'places',
  'pastEpisodes',
  'medicalNeeds',
] as const;
const LIST_KEYS = ['usualNames', 'phones', 'socialHandles'] as const;

function name(content: AlertContent): string {
  return [content.givenName, content.familyName].filter(Boolean).join(' ');
}

/**
 * One alert, live: its shared content (as the reader's role allows), recipients and their
 * acknowledgements, the timeline; acknowledging, adding sightings, closing; the return interview.
 * Every change announced on the notification stream reloads it, so a close empties open screens.
 */
export function AlertPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [alert, setAlert] = useState<AlertDetail | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const loading = useAction();
  const acting = useAction();

  const load = useCallback(
    () =>
      loading.run(async () => {
        setAlert(
          await api.get<AlertDetail>(withQuery(`/alerts/${id}`, { purpose: t('alerts.purposes.alert') })),
        );
      }),
    [id, loading.run, t],
  );

  useEffect(() => {
    void load();
    return subscribeToAlerts((link) => {
      if (link === `/alertes/${id}`) {
        void load();
        setMessage(t('alerts.alert.liveUpdate'));
      }
    });
  }, [id, load, t]);

  const acknowledge = async () => {
    const ok = await acting.run(() => api.post(`/alerts/${id}/acknowledge`, {}));
    if (ok) {
      setMessage(t('alerts.alert.acknowledged'));
      void load();
    }
  };

  if (!alert) {
    return (
      <Page title={t('alerts.alert.title')}>
        <ErrorSummary error={loading.error} />
        {loading.error ? null : <Loading />}
        <p>
          <Link to="/alertes">{t('alerts.alert.back')}</Link>
        </p>
      </Page>
    );
  }

  const locale = currentLocale();
  const content = alert.content;
  const heading = content
    ? t('alerts.alert.heading', { name: name(content) })
    : t(`alerts.kinds.${alert.kind}`);
  return (
    <Page title={t('alerts.alert.title')} heading={heading}>
      <StatusMessage>{message}</StatusMessage>
      <ErrorSummary error={acting.error} />
      <dl className="tips-facts">
        <dt>{t('alerts.fields.status')}</dt>
        <dd>{t(`alerts.statuses.${alert.status}`)}</dd>
        <dt>{t('alerts.fields.owner')}</dt>
        <dd>{alert.ownerOrganisationName}</dd>
        <dt>{t('alerts.fields.raisedAt')}</dt>
        <dd>{formatDateTime(alert.raisedAt, locale)}</dd>
        <dt>{t('alerts.fields.lastSeenAt')}</dt>
        <dd>{formatDateTime(alert.lastSeenAt, locale)}</dd>
        <dt>{t('alerts.fields.legalBasis')}</dt>
        <dd>
          {t(`alerts.bases.${alert.legalBasis}`)}
          {alert.withoutConsent ? ` — ${t('alerts.alert.withoutConsent')}` : ''}
        </dd>
        {alert.escalatedAt ? (
          <>
            <dt>{t('alerts.fields.escalatedAt')}</dt>
            <dd>{formatDateTime(alert.escalatedAt, locale)}</dd>
          </>
        ) : null}
        {alert.closedAt ? (
          <>
            <dt>{t('alerts.fields.closedAt')}</dt>
            <dd>{formatDateTime(alert.closedAt, locale)}</dd>
            <dt>{t('alerts.fields.outcome')}</dt>
            <dd>
              {alert.outcome ? t(`alerts.outcomes.${alert.outcome}`) : '—'}
              {alert.placeType ? ` — ${t(`alerts.places.${alert.placeType}`)}` : ''}
            </dd>
            <dt>{t('alerts.fields.minutesMissing')}</dt>
            <dd>
              {t('alerts.alert.duration', {
                hours: Math.floor((alert.minutesMissing ?? 0) / 60),
                minutes: (alert.minutesMissing ?? 0) % 60,
              })}
            </dd>
          </>
        ) : null}
      </dl>
      {alert.can.acknowledge ? (
        <p>
          <Button onClick={() => void acknowledge()} pending={acting.pending}>
            {t('alerts.alert.acknowledge')}
          </Button>
        </p>
      ) : null}

      <h2>{t('alerts.alert.content')}</h2>
      {content ? (
        <>
          {content.hasPhoto ? (
            <img
              className="alerts-photo"
              src={`/api${withQuery(`/alerts/${id}/photo`, { purpose: t('alerts.purposes.alert') })}`}
              alt={t('alerts.profile.photoAlt', { name: name(content) })}
              width={160}
            />
          ) : null}
          <dl className="tips-content" data-testid="alert-content">
            <Detail term={t('alerts.fields.name')}>{name(content)}</Detail>
            {content.dateOfBirth ? (
              <Detail term={t('alerts.fields.dateOfBirth')}>{content.dateOfBirth}</Detail>
            ) : null}
            {LIST_KEYS.filter((k) => (content[k]?.length ?? 0) > 0).map((k) => (
              <div key={k}>
                <dt>{t(`alerts.fields.${k}`)}</dt>
                <dd>{content[k]?.join(', ')}</dd>
              </div>
            ))}
            {TEXT_KEYS.filter((k) => content[k]).map((k) => (
              <div key={k}>
                <dt>{t(`alerts.fields.${k}`)}</dt>
                <dd className="tips-text">{content[k]}</dd>
              </div>
            ))}
          </dl>
        </>
      ) : (
        <p>{t('alerts.alert.withdrawn')}</p>
      )}

      <h2>{t('alerts.alert.recipients')}</h2>
      <ul>
        {alert.recipients.map((r) => (
          <li key={r.organisationId}>
            {r.organisationName} ({t(`alerts.views.${r.view}`)}) —{' '}
            {r.acknowledgedAt
              ? t('alerts.alert.ackAt', { at: formatDateTime(r.acknowledgedAt, locale) })
              : t('alerts.list.waiting')}
          </li>
        ))}
      </ul>

      <h2>{t('alerts.alert.timeline')}</h2>
      <ol className="alerts-timeline" aria-live="polite">
        {alert.timeline.map((e) => (
          <li key={e.id}>
            <p className="field-hint">
              {formatDateTime(e.at, locale)} — {t(`alerts.events.${e.kind}`)}
              {e.organisationName ? ` — ${e.organisationName}` : ''}
            </p>
            {e.body ? <p className="tips-text">{e.body}</p> : null}
          </li>
        ))}
      </ol>
      {alert.can.addEntry ? <TimelineForm id={id} onDone={() => void load()} /> : null}
      {alert.can.close ? (
        <CloseForm
          id={id}
          onDone={() => {
            setMessage(t('alerts.alert.closed'));
            void load();
          }}
        />
      ) : null}
      {alert.returnInterview ? (
        <InterviewSection
          id={id}
          interview={alert.returnInterview}
          canRecord={alert.can.recordInterview}
          onDone={() => {
            setMessage(t('alerts.interview.saved'));
            void load();
          }}
        />
      ) : null}
      <p>
        <Link to="/alertes">{t('alerts.alert.back')}</Link>
      </p>
    </Page>
  );
}

function TimelineForm({ id, onDone }: { id: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState('sighting');
  const [body, setBody] = useState('');
  const action = useAction();
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const ok = await action.run(() => api.post(`/alerts/${id}/timeline`, { kind, body }));
    if (ok) {
      setBody('');
      onDone();
    }
  };
  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <h3>{t('alerts.alert.addEntry')}</h3>
      <ErrorSummary error={action.error} />
      <SelectField
        id="entry-kind"
        label={t('alerts.fields.entryKind')}
        value={kind}
        onChange={(e) => setKind(e.target.value)}
      >
        <option value="sighting">{t('alerts.events.sighting')}</option>
        <option value="update">{t('alerts.events.update')}</option>
      </SelectField>
      <TextArea
        id="entry-body"
        label={t('alerts.fields.entryBody')}
        value={body}
        onChange={(e) => setBody(e.target.value)}
        error={fieldMessage(action.error, 'body')}
      />
      <Button type="submit" variant="secondary" pending={action.pending}>
        {t('alerts.alert.addEntrySubmit')}
      </Button>
    </form>
  );
}

function CloseForm({ id, onDone }: { id: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState('returned');
  const [placeType, setPlaceType] = useState('');
  const [foundAt, setFoundAt] = useState(localInputNow());
  const action = useAction();
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const ok = await action.run(() =>
      api.post(`/alerts/${id}/close`, { outcome, placeType, foundAt: isoFromInput(foundAt) }),
    );
    if (ok) onDone();
  };
  const error = (field: string) => fieldMessage(action.error, field);
  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <h2>{t('alerts.close.title')}</h2>
      <p>{t('alerts.close.lead')}</p>
      <ErrorSummary error={action.error} fieldId={(f) => `close-${f}`} />
      <ChoiceField
        id="close-outcome"
        label={t('alerts.fields.outcome')}
        value={outcome}
        onChange={(e) => setOutcome(e.target.value)}
        error={error('outcome')}
        options={choices(OUTCOMES, (o) => t(`alerts.outcomes.${o}`))}
      />
      <ChoiceField
        id="close-placeType"
        label={t('alerts.fields.placeType')}
        hint={t('alerts.close.placeHint')}
        value={placeType}
        onChange={(e) => setPlaceType(e.target.value)}
        error={error('placeType')}
        placeholder={t('alerts.close.choosePlace')}
        options={choices(PLACE_TYPES, (p) => t(`alerts.places.${p}`))}
      />
      <Field
        id="close-foundAt"
        type="datetime-local"
        label={t('alerts.fields.foundAt')}
        value={foundAt}
        onChange={(e) => setFoundAt(e.target.value)}
        error={error('foundAt')}
      />
      <Button type="submit" pending={action.pending}>
        {t('alerts.close.submit')}
      </Button>
    </form>
  );
}

function InterviewSection({
  id,
  interview,
  canRecord,
  onDone,
}: {
  id: string;
  interview: NonNullable<AlertDetail['returnInterview']>;
  canRecord: boolean;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<'done' | 'refused'>('done');
  const [screened, setScreened] = useState('');
  const [outcome, setOutcome] = useState('');
  const action = useAction();
  const locale = currentLocale();
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const ok = await action.run(() =>
      api.post(`/alerts/${id}/interview`, {
        status,
        ...(status === 'done' && screened ? { exploitationRisksScreened: screened === 'yes' } : {}),
        outcome,
      }),
    );
    if (ok) onDone();
  };
  return (
    <section aria-labelledby="interview-title">
      <h2 id="interview-title">{t('alerts.interview.title')}</h2>
      <p>
        {t(`alerts.interview.statuses.${interview.status}`)} —{' '}
        {t('alerts.interview.due', { at: formatDateTime(interview.dueAt, locale) })}
      </p>
      {interview.outcome ? <p className="tips-text">{interview.outcome}</p> : null}
      {canRecord ? (
        <form className="form" onSubmit={onSubmit} noValidate>
          <ErrorSummary error={action.error} fieldId={(f) => `interview-${f}`} />
          <SelectField
            id="interview-status"
            label={t('alerts.fields.interviewStatus')}
            value={status}
            onChange={(e) => setStatus(e.target.value as 'done' | 'refused')}
          >
            <option value="done">{t('alerts.interview.statuses.done')}</option>
            <option value="refused">{t('alerts.interview.statuses.refused')}</option>
          </SelectField>
          {status === 'done' ? (
            <SelectField
              id="interview-exploitationRisksScreened"
              label={t('alerts.fields.exploitationRisksScreened')}
              value={screened}
              onChange={(e) => setScreened(e.target.value)}
              error={fieldMessage(action.error, 'exploitationRisksScreened')}
            >
              <option value="">{t('alerts.interview.choose')}</option>
              <option value="yes">{t('alerts.interview.yes')}</option>
              <option value="no">{t('alerts.interview.no')}</option>
            </SelectField>
          ) : null}
          <TextArea
            id="interview-outcome"
            label={t('alerts.fields.interviewOutcome')}
            value={outcome}
            onChange={(e) => setOutcome(e.target.value)}
          />
          <Button type="submit" pending={action.pending}>
            {t('alerts.interview.submit')}
          </Button>
        </form>
      ) : null}
    </section>
  );
}
