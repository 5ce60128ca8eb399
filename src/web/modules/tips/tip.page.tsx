import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, withQuery } from '../../app/api';
import { formatDateTime } from '../../app/format';
import { useAction, useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { Button } from '../../ui/button';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { Field, SelectField } from '../../ui/field';
import { Page } from '../../ui/page';
import { CHANNELS, PRIORITIES, STATUSES, type TipDetail, type Unit } from './types';

const CONTENT_KEYS = ['facts', 'who', 'where', 'when', 'how', 'online'] as const;

/**
 * One tip. Its content opens only after the reader states why (each reading is audited with that
 * purpose); then triage, questions to the tipster, links and, for analysts, the identity vault.
 */
export function TipPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [purpose, setPurpose] = useState('');
  const [tip, setTip] = useState<TipDetail | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const opening = useAction();
  const units = useApiData<{ items: Unit[] }>('/tips/units');

  const load = () =>
    opening.run(async () => {
      setTip(await api.get<TipDetail>(withQuery(`/tips/${id}`, { purpose })));
    });

  const onOpen = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void load();
  };

  if (!tip) {
    return (
      <Page title={t('tips.tip.title')} lead={t('tips.tip.purposeLead')}>
        <ErrorSummary error={opening.error} fieldId={(f) => (f === 'purpose' ? 'tip-purpose' : undefined)} />
        <form className="form" onSubmit={onOpen}>
          <Field
            id="tip-purpose"
            label={t('tips.fields.purpose')}
            hint={t('tips.tip.purposeHint')}
            value={purpose}
            onChange={(e) => setPurpose(e.target.value)}
            required
            minLength={3}
            maxLength={300}
          />
          <Button type="submit" pending={opening.pending}>
            {t('tips.tip.open')}
          </Button>
        </form>
        <p>
          <Link to="/signalements">{t('tips.tip.back')}</Link>
        </p>
      </Page>
    );
  }

  return (
    <Page title={t('tips.tip.title')}>
      <StatusMessage>{message}</StatusMessage>
      <dl className="tips-facts">
        <dt>{t('tips.fields.receivedAt')}</dt>
        <dd>{formatDateTime(tip.receivedAt, currentLocale())}</dd>
        <dt>{t('tips.fields.channel')}</dt>
        <dd>{t(`tips.channels.${tip.channel}`)}</dd>
        <dt>{t('tips.fields.source')}</dt>
        <dd>{t(`tips.sources.${tip.source}`)}</dd>
        <dt>{t('tips.fields.status')}</dt>
        <dd>{t(`tips.statuses.${tip.status}`)}</dd>
        <dt>{t('tips.fields.priority')}</dt>
        <dd>{t(`tips.priorities.${tip.priority}`)}</dd>
        <dt>{t('tips.fields.expiresOn')}</dt>
        <dd>{tip.expiresOn}</dd>
      </dl>
      <h2>{t('tips.tip.content')}</h2>
      <dl className="tips-content">
        {CONTENT_KEYS.filter((key) => tip.content[key]).map((key) => (
          <div key={key}>
            <dt>{t(`tips.content.${key}`)}</dt>
            <dd className="tips-text">{tip.content[key]}</dd>
          </div>
        ))}
      </dl>
      {tip.attachments.length > 0 ? (
        <>
          <h2>{t('tips.tip.attachments')}</h2>
          <ul>
            {tip.attachments.map((a, index) => (
              <li key={a.id}>
                <a href={`/api${withQuery(`/tips/${id}/attachments/${a.id}`, { purpose })}`} download>
                  {t('tips.tip.attachment', { number: index + 1, kb: Math.ceil(a.sizeBytes / 1024) })}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>{t('tips.tip.dialogue')}</h2>
      {tip.messages.length === 0 ? (
        <p>{t('tips.tip.noMessages')}</p>
      ) : (
        <ol className="tips-dialogue">
          {tip.messages.map((m) => (
            <li key={m.id} className={`tips-message tips-message-${m.author}`}>
              <p className="field-hint">
                {t(`tips.authors.${m.author}`)} — {formatDateTime(m.createdAt, currentLocale())}
              </p>
              <p className="tips-text">{m.body}</p>
            </li>
          ))}
        </ol>
      )}
      <QuestionForm
        id={id}
        onDone={() => {
          setMessage(t('tips.tip.asked'));
          void load();
        }}
      />
      {tip.canTriage ? (
        <TriageForm
          tip={tip}
          units={units.data?.items ?? []}
          onDone={() => {
            setMessage(t('tips.tip.saved'));
            void load();
          }}
        />
      ) : null}
      {tip.canTriage ? <IdentityVault id={id} hasIdentity={tip.hasIdentity} /> : null}
      <p>
        <Link to="/signalements">{t('tips.tip.back')}</Link>
      </p>
    </Page>
  );
}

function QuestionForm({ id, onDone }: { id: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  const action = useAction();
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (await action.run(() => api.post(`/tips/${id}/questions`, { body }))) {
      setBody('');
      onDone();
    }
  };
  return (
    <section aria-labelledby="tip-question-title">
      <h2 id="tip-question-title">{t('tips.tip.ask')}</h2>
      <ErrorSummary error={action.error} fieldId={(f) => (f === 'body' ? 'tip-question' : undefined)} />
      <form className="form" onSubmit={onSubmit}>
        <div className="field">
          <label htmlFor="tip-question">{t('tips.fields.question')}</label>
          <p className="field-hint" id="tip-question-hint">
            {t('tips.tip.askHint')}
          </p>
          <textarea
            id="tip-question"
            className="input tips-textarea"
            aria-describedby="tip-question-hint"
            value={body}
            onChange={(e) => setBody(e.target.value)}
            maxLength={2000}
            rows={3}
            required
          />
        </div>
        <Button type="submit" pending={action.pending}>
          {t('tips.tip.send')}
        </Button>
      </form>
    </section>
  );
}

function TriageForm({ tip, units, onDone }: { tip: TipDetail; units: Unit[]; onDone: () => void }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState(tip.status);
  const [priority, setPriority] = useState(tip.priority);
  const [category, setCategory] = useState(tip.category);
  const [unitId, setUnitId] = useState(tip.unitId ?? '');
  const [otherId, setOtherId] = useState('');
  const action = useAction();
  const linking = useAction();
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (
      await action.run(() =>
        api.patch(`/tips/${tip.id}`, { status, priority, category, unitId: unitId || null }),
      )
    )
      onDone();
  };
  const onLink = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (await linking.run(() => api.post(`/tips/${tip.id}/links`, { otherId: otherId.trim() }))) {
      setOtherId('');
      onDone();
    }
  };
  return (
    <section aria-labelledby="tip-triage-title">
      <h2 id="tip-triage-title">{t('tips.tip.triage')}</h2>
      <ErrorSummary error={action.error} />
      <form className="form" onSubmit={onSubmit}>
        <SelectField
          id="tip-status"
          label={t('tips.fields.status')}
          value={status}
          onChange={(e) => setStatus(e.target.value)}
        >
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`tips.statuses.${s}`)}
            </option>
          ))}
        </SelectField>
        <SelectField
          id="tip-priority"
          label={t('tips.fields.priority')}
          hint={t('tips.tip.priorityHint')}
          value={priority}
          onChange={(e) => setPriority(e.target.value)}
        >
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {t(`tips.priorities.${p}`)}
            </option>
          ))}
        </SelectField>
        <SelectField
          id="tip-category"
          label={t('tips.fields.category')}
          value={category}
          onChange={(e) => setCategory(e.target.value)}
        >
          {CHANNELS.map((c) => (
            <option key={c} value={c}>
              {t(`tips.channels.${c}`)}
            </option>
          ))}
        </SelectField>
        <SelectField
          id="tip-unit"
          label={t('tips.fields.unit')}
          value={unitId}
          onChange={(e) => setUnitId(e.target.value)}
        >
          <option value="">{t('tips.tip.noUnit')}</option>
          {units.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </SelectField>
        <Button type="submit" pending={action.pending}>
          {t('tips.tip.save')}
        </Button>
      </form>
      <h3>{t('tips.tip.links')}</h3>
      {tip.linkedTipIds.length > 0 ? (
        <ul>
          {tip.linkedTipIds.map((other) => (
            <li key={other}>
              <Link to={`/signalements/${other}`}>{other}</Link>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('tips.tip.noLinks')}</p>
      )}
      <ErrorSummary error={linking.error} fieldId={(f) => (f === 'otherId' ? 'tip-other' : undefined)} />
      <form className="form" onSubmit={onLink}>
        <Field
          id="tip-other"
          label={t('tips.fields.otherId')}
          value={otherId}
          onChange={(e) => setOtherId(e.target.value)}
          required
        />
        <Button type="submit" variant="secondary" pending={linking.pending}>
          {t('tips.tip.link')}
        </Button>
      </form>
    </section>
  );
}

function IdentityVault({ id, hasIdentity }: { id: string; hasIdentity: boolean }) {
  const { t } = useTranslation();
  const [purpose, setPurpose] = useState('');
  const [contact, setContact] = useState<string | null | undefined>(undefined);
  const action = useAction();
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    await action.run(async () => {
      setContact((await api.post<{ contact: string | null }>(`/tips/${id}/identity`, { purpose })).contact);
    });
  };
  return (
    <section aria-labelledby="tip-identity-title">
      <h2 id="tip-identity-title">{t('tips.tip.identity')}</h2>
      {!hasIdentity ? (
        <p>{t('tips.tip.noIdentity')}</p>
      ) : contact !== undefined ? (
        <p className="tips-text">{contact ?? t('tips.tip.noIdentity')}</p>
      ) : (
        <>
          <ErrorSummary
            error={action.error}
            fieldId={(f) => (f === 'purpose' ? 'tip-identity-purpose' : undefined)}
          />
          <form className="form" onSubmit={onSubmit}>
            <Field
              id="tip-identity-purpose"
              label={t('tips.fields.purpose')}
              hint={t('tips.tip.identityHint')}
              value={purpose}
              onChange={(e) => setPurpose(e.target.value)}
              required
              minLength={3}
              maxLength={300}
            />
            <Button type="submit" variant="secondary" pending={action.pending}>
              {t('tips.tip.openIdentity')}
            </Button>
          </form>
        </>
      )}
    </section>
  );
}
