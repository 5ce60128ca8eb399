import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { KnowledgeEntry, KnowledgeList } from '../../../shared/contracts/consultations';
import {
  CONSULTATION_EXPERTISE,
  CONSULTATION_LANGUAGES,
  KNOWLEDGE_TEXT_MAX,
} from '../../../shared/contracts/consultations.values';
import { api, fieldMessage, withQuery } from '../../app/api';
import { useFilters } from '../../app/filters';
import { formatDate, formatNumber } from '../../app/format';
import { useAction, useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { Button } from '../../ui/button';
import { Detail } from '../../ui/details';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { CheckboxGroup, ChoiceField, choices, Field, TextAreaField } from '../../ui/field';
import { FilterBar } from '../../ui/filter-bar';
import { Loaded } from '../../ui/loaded';
import { Page } from '../../ui/page';
import { Pagination } from '../../ui/pagination';
import { textProblem, useIdentifierFindings } from './identifiers';

const PAGE_SIZE = 20;
const FILTERS = ['q', 'tag', 'language'] as const;

/**
 * The know-how drawn from closed consultations, for every member: French full text on the question and
 * the answer, an expertise tag, a language. An entry says nothing of the consultation it came from.
 */
export function KnowledgeSearchPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const { applied, params, field, onSubmit } = useFilters(FILTERS);
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const list = useApiData<KnowledgeList>(
    withQuery('/knowledge', {
      q: applied.q,
      tag: applied.tag,
      language: applied.language,
      limit: PAGE_SIZE,
      offset: page > 1 ? (page - 1) * PAGE_SIZE : null,
    }),
  );
  return (
    <Page title={t('consultations.knowledge.title')} lead={t('consultations.knowledge.lead')}>
      <FilterBar
        label={t('consultations.knowledge.searchLabel')}
        submit={t('consultations.knowledge.search')}
        onSubmit={onSubmit}
      >
        <Field id="knowledge-q" type="search" label={t('consultations.knowledge.words')} {...field('q')} />
        <ChoiceField
          id="knowledge-tag"
          label={t('consultations.knowledge.tag')}
          placeholder={t('consultations.knowledge.anyTag')}
          options={choices(CONSULTATION_EXPERTISE, (v) => t(`network.expertise.${v}`))}
          {...field('tag')}
        />
        <ChoiceField
          id="knowledge-language"
          label={t('consultations.knowledge.language')}
          placeholder={t('consultations.knowledge.anyLanguage')}
          options={choices(CONSULTATION_LANGUAGES, (v) => t(`consultations.languages.${v}`))}
          {...field('language')}
        />
      </FilterBar>
      <Loaded data={list}>
        {(data) => (
          <>
            <p role="status">
              {t('consultations.knowledge.total', {
                count: data.total,
                formatted: formatNumber(data.total, locale),
              })}
            </p>
            <ul className="card-list">
              {data.items.map((entry) => (
                <li key={entry.id} className="card" aria-labelledby={`knowledge-${entry.id}`}>
                  <h2 id={`knowledge-${entry.id}`} className="card-title">
                    <Link to={`/savoir/${encodeURIComponent(entry.id)}`}>{entry.question}</Link>
                  </h2>
                  <p>{entry.answerExcerpt}</p>
                  <p className="consult-tags">
                    {entry.tags.map((tag) => (
                      <span key={tag} className="tag">
                        {t(`network.expertise.${tag}`)}
                      </span>
                    ))}
                    <span className="muted">
                      {t(`consultations.languages.${entry.language}`)} — {formatDate(entry.updatedAt, locale)}
                    </span>
                  </p>
                </li>
              ))}
            </ul>
            <Pagination page={page} pageSize={PAGE_SIZE} total={data.total} />
          </>
        )}
      </Loaded>
    </Page>
  );
}

/** One entry of the know-how; its author and the table coordination may correct it. */
export function KnowledgeEntryPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const { id = '' } = useParams();
  const entry = useApiData<KnowledgeEntry>(`/knowledge/${encodeURIComponent(id)}`);
  const [editing, setEditing] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const e = entry.data;
  return (
    <Page title={t('consultations.knowledge.entryTitle')} heading={e?.question}>
      <StatusMessage>{message}</StatusMessage>
      <Loaded data={entry}>
        {(data) => (
          <>
            <section aria-labelledby="knowledge-answer">
              <h2 id="knowledge-answer">{t('consultations.knowledge.answer')}</h2>
              <p className="pre-wrap">{data.answer}</p>
            </section>
            <dl className="details">
              <Detail term={t('consultations.knowledge.tags')}>
                {data.tags.map((tag) => t(`network.expertise.${tag}`)).join(', ') || '—'}
              </Detail>
              <Detail term={t('consultations.knowledge.language')}>
                {t(`consultations.languages.${data.language}`)}
              </Detail>
              {data.authorName || data.authorOrganisationName ? (
                <Detail term={t('consultations.knowledge.author')}>
                  {[data.authorName, data.authorOrganisationName].filter(Boolean).join(', ')}
                </Detail>
              ) : null}
              <Detail term={t('consultations.knowledge.updatedAt')}>
                {formatDate(data.updatedAt, locale)}
              </Detail>
            </dl>
            {data.mayEdit && !editing ? (
              <Button variant="secondary" onClick={() => setEditing(true)}>
                {t('consultations.knowledge.edit')}
              </Button>
            ) : null}
            {data.mayEdit && editing ? (
              <KnowledgeEditForm
                entry={data}
                onSaved={(saved) => {
                  entry.setData(saved);
                  setEditing(false);
                  setMessage(t('consultations.knowledge.saved'));
                }}
                onCancel={() => setEditing(false)}
              />
            ) : null}
          </>
        )}
      </Loaded>
      <p>
        <Link to="/savoir">{t('consultations.knowledge.back')}</Link>
      </p>
    </Page>
  );
}

function KnowledgeEditForm({
  entry,
  onSaved,
  onCancel,
}: {
  entry: KnowledgeEntry;
  onSaved: (entry: KnowledgeEntry) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [question, setQuestion] = useState(entry.question);
  const [answer, setAnswer] = useState(entry.answer);
  const [tags, setTags] = useState<string[]>(entry.tags);
  const [language, setLanguage] = useState<string>(entry.language);
  const action = useAction();
  const findings = useIdentifierFindings({ question, answer });
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const box: { saved?: KnowledgeEntry } = {};
    const ok = await action.run(async () => {
      box.saved = await api.put<KnowledgeEntry>(`/knowledge/${encodeURIComponent(entry.id)}`, {
        question,
        answer,
        tags,
        language,
        version: entry.version,
      });
    });
    if (ok && box.saved) onSaved(box.saved);
  };
  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-labelledby="knowledge-edit-title">
      <h2 id="knowledge-edit-title">{t('consultations.knowledge.editTitle')}</h2>
      <ErrorSummary
        error={action.error}
        fieldId={{
          question: 'knowledge-edit-question',
          answer: 'knowledge-edit-answer',
          tags: 'knowledge-edit-tags',
        }}
      />
      <TextAreaField
        id="knowledge-edit-question"
        label={t('consultations.knowledge.question')}
        rows={3}
        maxLength={KNOWLEDGE_TEXT_MAX.question}
        value={question}
        onChange={(event) => setQuestion(event.target.value)}
        error={textProblem(t, findings.question, action.error, 'question')}
      />
      <TextAreaField
        id="knowledge-edit-answer"
        label={t('consultations.knowledge.answer')}
        rows={8}
        maxLength={KNOWLEDGE_TEXT_MAX.answer}
        value={answer}
        onChange={(event) => setAnswer(event.target.value)}
        error={textProblem(t, findings.answer, action.error, 'answer')}
      />
      <CheckboxGroup
        id="knowledge-edit-tags"
        legend={t('consultations.knowledge.tags')}
        options={choices(CONSULTATION_EXPERTISE, (v) => t(`network.expertise.${v}`))}
        value={tags}
        onChange={setTags}
        error={fieldMessage(action.error, 'tags')}
      />
      <ChoiceField
        id="knowledge-edit-language"
        label={t('consultations.knowledge.language')}
        options={choices(CONSULTATION_LANGUAGES, (v) => t(`consultations.languages.${v}`))}
        value={language}
        onChange={(event) => setLanguage(event.target.value)}
      />
      <div className="button-row">
        <Button
          type="submit"
          pending={action.pending}
          disabled={findings.question.length + findings.answer.length > 0}
        >
          {t('consultations.knowledge.save')}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          {t('consultations.knowledge.cancel')}
        </Button>
      </div>
    </form>
  );
}
