import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type {
  ConsultationDetail,
  ConsultationTargets,
  KnowledgeEntry,
} from '../../../shared/contracts/consultations';
import {
  CONSULTATION_EXPERTISE,
  CONSULTATION_LANGUAGES,
  CONSULTATION_MAX_SUGGESTED,
  CONSULTATION_TEXT_MAX,
  KNOWLEDGE_TEXT_MAX,
} from '../../../shared/contracts/consultations.values';
import type { ServiceSearchResult } from '../../../shared/contracts/resources';
import { ApiError, api, fieldMessage, withQuery } from '../../app/api';
import { type Action, useAction, useApiData } from '../../app/hooks';
import { Button } from '../../ui/button';
import { ErrorSummary } from '../../ui/error-summary';
import { Checkbox, CheckboxGroup, ChoiceField, choices, Field, TextAreaField } from '../../ui/field';
import { textProblem, useIdentifierFindings } from './identifiers';

/** What each way of calling on a pivot says once done. */
const DONE = {
  participants: 'consultations.actions.broughtIn',
  handover: 'consultations.actions.handedOver',
  recipients: 'consultations.actions.askedPivot',
} as const;

const path = (id: string, move: string) => `/consultations/${encodeURIComponent(id)}/${move}`;

/**
 * Runs one move as the action (its error kept to show) and resolves with its answer, or undefined when
 * it was refused; a 409 (someone else moved first) also calls `onConflict`, to read the record again.
 */
async function perform<T>(
  action: Action,
  task: () => Promise<T>,
  onConflict?: () => void,
): Promise<T | undefined> {
  const box: { value?: T } = {};
  const ok = await action.run(async () => {
    try {
      box.value = await task();
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) onConflict?.();
      throw error;
    }
  });
  return ok ? box.value : undefined;
}

interface ActionsProps {
  consultation: ConsultationDetail;
  /** A move succeeded: the consultation as it is now, and what to say. */
  onDone: (next: ConsultationDetail, message: string) => void;
  /** A move was refused (taken meanwhile, changed by someone else): read it again. */
  onRefused: () => void;
}

/** The pivots' moves on a consultation, each shown when the server says the reader may make it. */
export function PivotActions({ consultation: c, onDone, onRefused }: ActionsProps) {
  const { t } = useTranslation();
  const [entry, setEntry] = useState<KnowledgeEntry | null>(null);
  const any = c.may.bringIn || c.may.handOver || c.may.askPivot || c.may.close || c.may.makeKnowledge;
  if (!any && !entry) return null;
  return (
    <section aria-labelledby="consult-actions" className="ref-actions">
      <h2 id="consult-actions">
        {t(
          c.side === 'coordinator' ? 'consultations.actions.titleCoordinator' : 'consultations.actions.title',
        )}
      </h2>
      {c.may.bringIn || c.may.handOver || c.may.askPivot ? (
        <PivotChoice consultation={c} onDone={onDone} onRefused={onRefused} />
      ) : null}
      {c.may.close ? <CloseForm consultation={c} onDone={onDone} onRefused={onRefused} /> : null}
      {c.may.makeKnowledge ? (
        <KnowledgeForm
          consultation={c}
          onCreated={(created) => {
            setEntry(created);
            onDone(
              { ...c, knowledgeId: created.id, may: { ...c.may, makeKnowledge: false } },
              t('consultations.knowledge.created'),
            );
          }}
        />
      ) : null}
      {entry ? (
        <p>
          <Link to={`/savoir/${encodeURIComponent(entry.id)}`}>
            {t('consultations.detail.knowledgeLink')}
          </Link>
        </p>
      ) : null}
    </section>
  );
}

/**
 * Calling on another pivot: bringing one into the thread, handing the consultation over to one (the lead
 * only), or, for a coordinator, asking one for a consultation nobody has taken.
 */
function PivotChoice({ consultation: c, onDone, onRefused }: ActionsProps) {
  const { t } = useTranslation();
  const targets = useApiData<ConsultationTargets>(
    withQuery('/consultations/targets', { language: c.language }),
  );
  const [personId, setPersonId] = useState('');
  const action = useAction();
  // Already in the thread; and, for a coordinator asking someone, already asked.
  const inThread = new Set(
    [...c.participants, ...(c.may.askPivot ? c.recipients : [])].map((p) => p.personId),
  );
  const options = (targets.data?.pivots ?? [])
    .filter((p) => !p.absent && !inThread.has(p.personId))
    .map((p) => ({
      value: p.personId,
      label: t('consultations.ask.pivotOption', { name: p.name, organisation: p.organisationName }),
    }));
  const run = async (move: 'participants' | 'handover' | 'recipients') => {
    const body = move === 'handover' ? { personId, version: c.version } : { personId };
    const next = await perform(action, () => api.post<ConsultationDetail>(path(c.id, move), body), onRefused);
    if (next) {
      setPersonId('');
      onDone(next, t(DONE[move]));
    }
  };
  return (
    <form className="form" onSubmit={(event) => event.preventDefault()} noValidate>
      <h3>
        {t(c.may.askPivot ? 'consultations.actions.askPivotTitle' : 'consultations.actions.pivotTitle')}
      </h3>
      <ErrorSummary error={action.error ?? targets.error} fieldId={{ personId: 'consult-pivot' }} />
      <ChoiceField
        id="consult-pivot"
        label={t('consultations.actions.pivot')}
        hint={
          targets.loading
            ? t('common.loading')
            : t(c.may.askPivot ? 'consultations.actions.askPivotHint' : 'consultations.actions.pivotHint')
        }
        placeholder={t('consultations.ask.choose')}
        options={options}
        value={personId}
        onChange={(event) => setPersonId(event.target.value)}
        error={fieldMessage(action.error, 'personId')}
      />
      <div className="button-row">
        {c.may.bringIn ? (
          <Button
            variant="secondary"
            pending={action.pending}
            disabled={!personId}
            onClick={() => void run('participants')}
          >
            {t('consultations.actions.bringIn')}
          </Button>
        ) : null}
        {c.may.handOver ? (
          <Button
            variant="secondary"
            pending={action.pending}
            disabled={!personId}
            onClick={() => void run('handover')}
          >
            {t('consultations.actions.handOver')}
          </Button>
        ) : null}
        {c.may.askPivot ? (
          <Button
            variant="secondary"
            pending={action.pending}
            disabled={!personId}
            onClick={() => void run('recipients')}
          >
            {t('consultations.actions.askPivot')}
          </Button>
        ) : null}
      </div>
    </form>
  );
}

interface Picked {
  id: string;
  name: string;
}

/** The close: a summary (checked like every text) and, if useful, services found in the directory. */
function CloseForm({ consultation: c, onDone, onRefused }: ActionsProps) {
  const { t } = useTranslation();
  const [summary, setSummary] = useState('');
  const [picked, setPicked] = useState<Picked[]>([]);
  const [q, setQ] = useState('');
  const [searched, setSearched] = useState<string | null>(null);
  const results = useApiData<ServiceSearchResult>(
    searched === null ? null : withQuery('/resources/services', { q: searched, limit: 10 }),
  );
  const action = useAction();
  const findings = useIdentifierFindings({ summary });

  const toggle = (service: Picked, checked: boolean) =>
    setPicked((list) =>
      checked
        ? [...list.filter((s) => s.id !== service.id), service]
        : list.filter((s) => s.id !== service.id),
    );
  const onSearch = () => setSearched(q.trim());
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next = await perform(
      action,
      () =>
        api.post<ConsultationDetail>(path(c.id, 'close'), {
          summary,
          serviceIds: picked.map((s) => s.id),
          version: c.version,
        }),
      onRefused,
    );
    if (next) onDone(next, t('consultations.close.closed'));
  };
  const full = picked.length >= CONSULTATION_MAX_SUGGESTED;
  // Services ticked in an earlier search stay listed (and can be unticked) above the current results.
  const pickedElsewhere = picked.filter((p) => !results.data?.items.some((s) => s.id === p.id));
  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-labelledby="consult-close-title">
      <h3 id="consult-close-title">{t('consultations.close.title')}</h3>
      <ErrorSummary
        error={action.error}
        fieldId={{ summary: 'consult-close-summary', serviceIds: 'consult-close-q' }}
      />
      <TextAreaField
        id="consult-close-summary"
        label={t('consultations.close.summary')}
        hint={t('consultations.close.summaryHint')}
        rows={4}
        maxLength={CONSULTATION_TEXT_MAX.summary}
        value={summary}
        onChange={(event) => setSummary(event.target.value)}
        error={textProblem(t, findings.summary, action.error, 'summary')}
      />
      <fieldset className="field fieldset">
        <legend>{t('consultations.close.services')}</legend>
        <p className="field-hint">
          {t('consultations.close.servicesHint', { count: CONSULTATION_MAX_SUGGESTED })}
        </p>
        {pickedElsewhere.length > 0 ? (
          <div className="checkbox-list">
            {pickedElsewhere.map((s) => (
              <Checkbox
                key={s.id}
                id={`consult-picked-${s.id}`}
                label={s.name}
                checked
                onChange={(event) => toggle(s, event.target.checked)}
              />
            ))}
          </div>
        ) : null}
        <div className="ref-search-row">
          <Field
            id="consult-close-q"
            type="search"
            label={t('consultations.close.search')}
            value={q}
            onChange={(event) => setQ(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                onSearch();
              }
            }}
            error={fieldMessage(action.error, 'serviceIds')}
          />
          <Button variant="secondary" onClick={onSearch}>
            {t('consultations.close.searchButton')}
          </Button>
        </div>
        {results.data ? (
          results.data.items.length === 0 ? (
            <p role="status">{t('consultations.close.noResult')}</p>
          ) : (
            <fieldset className="fieldset checkbox-list">
              <legend>{t('consultations.close.results')}</legend>
              {results.data.items.map((s) => {
                const chosen = picked.some((p) => p.id === s.id);
                return (
                  <Checkbox
                    key={s.id}
                    id={`consult-result-${s.id}`}
                    label={t('consultations.close.serviceOption', {
                      name: s.name,
                      organisation: s.organisationName,
                    })}
                    checked={chosen}
                    disabled={full && !chosen}
                    onChange={(event) => toggle({ id: s.id, name: s.name }, event.target.checked)}
                  />
                );
              })}
            </fieldset>
          )
        ) : null}
      </fieldset>
      <Button type="submit" pending={action.pending} disabled={findings.summary.length > 0}>
        {t('consultations.close.submit')}
      </Button>
    </form>
  );
}

/** Turning a closed consultation into know-how every member can search: rewritten, checked, tagged. */
function KnowledgeForm({
  consultation: c,
  onCreated,
}: {
  consultation: ConsultationDetail;
  onCreated: (entry: KnowledgeEntry) => void;
}) {
  const { t } = useTranslation();
  const [question, setQuestion] = useState(c.texts?.question ?? '');
  const [answer, setAnswer] = useState(c.summary ?? '');
  const [tags, setTags] = useState<string[]>(c.expertise);
  const [language, setLanguage] = useState<string>(c.language);
  const action = useAction();
  const findings = useIdentifierFindings({ question, answer });
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const created = await perform(action, () =>
      api.post<KnowledgeEntry>(path(c.id, 'knowledge'), { question, answer, tags, language }),
    );
    if (created) onCreated(created);
  };
  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-labelledby="consult-knowledge-title">
      <h3 id="consult-knowledge-title">{t('consultations.knowledge.makeTitle')}</h3>
      <p>{t('consultations.knowledge.makeLead')}</p>
      <ErrorSummary
        error={action.error}
        fieldId={{
          question: 'consult-k-question',
          answer: 'consult-k-answer',
          tags: 'consult-k-tags',
          language: 'consult-k-language',
        }}
      />
      <TextAreaField
        id="consult-k-question"
        label={t('consultations.knowledge.question')}
        rows={3}
        maxLength={KNOWLEDGE_TEXT_MAX.question}
        value={question}
        onChange={(event) => setQuestion(event.target.value)}
        error={textProblem(t, findings.question, action.error, 'question')}
      />
      <TextAreaField
        id="consult-k-answer"
        label={t('consultations.knowledge.answer')}
        rows={6}
        maxLength={KNOWLEDGE_TEXT_MAX.answer}
        value={answer}
        onChange={(event) => setAnswer(event.target.value)}
        error={textProblem(t, findings.answer, action.error, 'answer')}
      />
      <CheckboxGroup
        id="consult-k-tags"
        legend={t('consultations.knowledge.tags')}
        options={choices(CONSULTATION_EXPERTISE, (v) => t(`network.expertise.${v}`))}
        value={tags}
        onChange={setTags}
        error={fieldMessage(action.error, 'tags')}
      />
      <ChoiceField
        id="consult-k-language"
        label={t('consultations.knowledge.language')}
        options={choices(CONSULTATION_LANGUAGES, (v) => t(`consultations.languages.${v}`))}
        value={language}
        onChange={(event) => setLanguage(event.target.value)}
        error={fieldMessage(action.error, 'language')}
      />
      <Button
        type="submit"
        pending={action.pending}
        disabled={findings.question.length + findings.answer.length > 0}
      >
        {t('consultations.knowledge.make')}
      </Button>
    </form>
  );
}
