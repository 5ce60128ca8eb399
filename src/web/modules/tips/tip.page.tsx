import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { IdentityResponse, TipDetail, Unit, UnitList } from '../../../shared/contracts/tips';
import {
  CHANNELS,
  type Channel,
  DISPOSITIONS,
  ENDED_STATUSES,
  PRIORITIES,
  type Priority,
  STATUSES,
  type TipStatus,
} from '../../../shared/contracts/tips.values';
import { api, withQuery } from '../../app/api';
import { formatDateTime } from '../../app/format';
import { useAction, useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { Button } from '../../ui/button';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { Checkbox, ChoiceField, choices, Field, TextAreaField } from '../../ui/field';
import { Page } from '../../ui/page';

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
  const units = useApiData<UnitList>('/tips/units');

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
        <ErrorSummary error={opening.error} fieldId={{ purpose: 'tip-purpose' }} />
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
        {tip.disposition ? (
          <>
            <dt>{t('tips.fields.disposition')}</dt>
            <dd>
              {t(`tips.dispositions.${tip.disposition}`)}
              {tip.dispositionNote ? ` — ${tip.dispositionNote}` : ''}
            </dd>
          </>
        ) : null}
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
      {tip.content.answers && Object.keys(tip.content.answers).length > 0 ? (
        <>
          <h2>{t('tips.tip.answers')}</h2>
          <dl className="tips-content">
            {Object.entries(tip.content.answers).map(([key, value]) => (
              <div key={key}>
                <dt>{t(`tips.questions.${key}`)}</dt>
                <dd className="tips-text">{value}</dd>
              </div>
            ))}
          </dl>
        </>
      ) : null}
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
      <Notes
        tip={tip}
        onDone={() => {
          setMessage(t('tips.tip.noteSaved'));
          void load();
        }}
      />
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
      <PdfExport id={id} purpose={purpose} />
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
      <ErrorSummary error={action.error} fieldId={{ body: 'tip-question' }} />
      <form className="form" onSubmit={onSubmit}>
        <TextAreaField
          id="tip-question"
          label={t('tips.fields.question')}
          hint={t('tips.tip.askHint')}
          className="tips-textarea"
          value={body}
          onChange={(e) => setBody(e.target.value)}
          maxLength={2000}
          rows={3}
          required
        />
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
  const [disposition, setDisposition] = useState(tip.disposition ?? '');
  const [dispositionNote, setDispositionNote] = useState(tip.dispositionNote ?? '');
  const [otherId, setOtherId] = useState('');
  const ending = ENDED_STATUSES.includes(status);
  const action = useAction();
  const linking = useAction();
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (
      await action.run(() =>
        api.patch(`/tips/${tip.id}`, {
          // The status shown when the form opened: if a colleague changed it since, the server refuses.
          fromStatus: tip.status,
          status,
          priority,
          category,
          unitId: unitId || null,
          ...(ending && disposition ? { disposition } : {}),
          ...(ending && dispositionNote.trim() ? { dispositionNote } : {}),
        }),
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
      <ErrorSummary
        error={action.error}
        fieldId={{ disposition: 'tip-disposition', dispositionNote: 'tip-disposition-note' }}
      />
      <form className="form" onSubmit={onSubmit}>
        <ChoiceField
          id="tip-status"
          label={t('tips.fields.status')}
          value={status}
          onChange={(e) => setStatus(e.target.value as TipStatus)}
          options={choices(STATUSES, (s) => t(`tips.statuses.${s}`))}
        />
        {ending ? (
          <>
            <ChoiceField
              id="tip-disposition"
              label={t('tips.fields.disposition')}
              hint={t('tips.tip.dispositionHint')}
              value={disposition}
              onChange={(e) => setDisposition(e.target.value)}
              required
              placeholder={t('tips.tip.chooseDisposition')}
              options={choices(DISPOSITIONS, (d) => t(`tips.dispositions.${d}`))}
            />
            <TextAreaField
              id="tip-disposition-note"
              label={t('tips.fields.dispositionNote')}
              hint={t('tips.tip.dispositionNoteHint')}
              className="tips-textarea"
              value={dispositionNote}
              onChange={(e) => setDispositionNote(e.target.value)}
              maxLength={2000}
              rows={2}
            />
          </>
        ) : null}
        <ChoiceField
          id="tip-priority"
          label={t('tips.fields.priority')}
          hint={t('tips.tip.priorityHint')}
          value={priority}
          onChange={(e) => setPriority(e.target.value as Priority)}
          options={choices(PRIORITIES, (p) => t(`tips.priorities.${p}`))}
        />
        <ChoiceField
          id="tip-category"
          label={t('tips.fields.category')}
          value={category}
          onChange={(e) => setCategory(e.target.value as Channel)}
          options={choices(CHANNELS, (c) => t(`tips.channels.${c}`))}
        />
        <ChoiceField
          id="tip-unit"
          label={t('tips.fields.unit')}
          value={unitId}
          onChange={(e) => setUnitId(e.target.value)}
          placeholder={t('tips.tip.noUnit')}
          options={units.map((u) => ({ value: u.id, label: u.name }))}
        />
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
      <ErrorSummary error={linking.error} fieldId={{ otherId: 'tip-other' }} />
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
      setContact((await api.post<IdentityResponse>(`/tips/${id}/identity`, { purpose })).contact);
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
          <ErrorSummary error={action.error} fieldId={{ purpose: 'tip-identity-purpose' }} />
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

function Notes({ tip, onDone }: { tip: TipDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const [noteText, setNoteText] = useState('');
  const action = useAction();
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (await action.run(() => api.post(`/tips/${tip.id}/notes`, { noteText }))) {
      setNoteText('');
      onDone();
    }
  };
  return (
    <section aria-labelledby="tip-notes-title">
      <h2 id="tip-notes-title">{t('tips.tip.notes')}</h2>
      <p className="field-hint">{t('tips.tip.notesLead')}</p>
      {tip.notes.length === 0 ? (
        <p>{t('tips.tip.noNotes')}</p>
      ) : (
        <ol className="tips-dialogue">
          {tip.notes.map((n) => (
            <li key={n.id} className="tips-message tips-message-police">
              <p className="field-hint">
                {n.authorName ?? '—'} — {formatDateTime(n.createdAt, currentLocale())}
              </p>
              <p className="tips-text">{n.body}</p>
            </li>
          ))}
        </ol>
      )}
      <ErrorSummary error={action.error} fieldId={{ noteText: 'tip-note' }} />
      <form className="form" onSubmit={onSubmit}>
        <TextAreaField
          id="tip-note"
          label={t('tips.fields.note')}
          className="tips-textarea"
          value={noteText}
          onChange={(e) => setNoteText(e.target.value)}
          maxLength={4000}
          rows={3}
          required
        />
        <Button type="submit" variant="secondary" pending={action.pending}>
          {t('tips.tip.addNote')}
        </Button>
      </form>
    </section>
  );
}

/**
 * The PDF for an investigation file. The identity vault is left out unless someone allowed to open
 * it ticks the box and gives the reason; the export is audited with that reason.
 */
function PdfExport({ id, purpose }: { id: string; purpose: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const [withIdentity, setWithIdentity] = useState(false);
  const [reason, setReason] = useState('');
  const exportPurpose = withIdentity ? reason.trim() : purpose;
  const ready = exportPurpose.length >= 3;
  const href = `/api${withQuery(`/tips/${id}/pdf`, {
    purpose: exportPurpose,
    includeIdentity: withIdentity ? 'true' : null,
  })}`;
  return (
    <section aria-labelledby="tip-pdf-title">
      <h2 id="tip-pdf-title">{t('tips.tip.pdf')}</h2>
      <p>{t('tips.tip.pdfLead')}</p>
      {session.can('tips.identity') ? (
        <>
          <Checkbox
            id="tip-pdf-identity"
            label={t('tips.tip.pdfIdentity')}
            checked={withIdentity}
            onChange={(e) => setWithIdentity(e.target.checked)}
          />
          {withIdentity ? (
            <Field
              id="tip-pdf-reason"
              label={t('tips.fields.purpose')}
              hint={t('tips.tip.pdfIdentityHint')}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              required
              minLength={3}
              maxLength={300}
            />
          ) : null}
        </>
      ) : null}
      {ready ? (
        <p>
          <a className="button button-secondary" href={href} download>
            {t('tips.tip.pdfDownload')}
          </a>
        </p>
      ) : (
        <p className="field-hint">{t('tips.tip.pdfNeedsReason')}</p>
      )}
    </section>
  );
}
