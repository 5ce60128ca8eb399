import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import type { GlossaryList, GlossaryTerm } from '../../../shared/contracts/observatory';
import { GLOSSARY_STATUSES, PLACE_TYPES } from '../../../shared/contracts/observatory.values';
import { api, withQuery } from '../../app/api';
import { useFilters } from '../../app/filters';
import { useForm } from '../../app/form';
import { formatNumber } from '../../app/format';
import { useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { Button } from '../../ui/button';
import { Detail } from '../../ui/details';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { ChoiceField, choices, Field } from '../../ui/field';
import { FilterBar } from '../../ui/filter-bar';
import { Loaded } from '../../ui/loaded';
import { Page } from '../../ui/page';
import { Pagination } from '../../ui/pagination';
import { OBS } from './access';
import { GlossaryStatusBadge, labelsOf, localProblem, periodLabel } from './parts';

const PAGE_SIZE = 50;
const FILTERS = ['q', 'placeType', 'status'] as const;

/** A term's meaning in the reader's language, the other one when it is missing. */
export function meaningOf(term: Pick<GlossaryTerm, 'meaningFr' | 'meaningEn'>, locale: string): string {
  const [first, second] = locale.startsWith('en')
    ? [term.meaningEn, term.meaningFr]
    : [term.meaningFr, term.meaningEn];
  return first.trim() || second.trim();
}

/** When a term was heard: first and last month seen. */
export function seenRange(term: Pick<GlossaryTerm, 'firstSeen' | 'lastSeen'>, locale: string): string {
  if (!term.firstSeen && !term.lastSeen) return '—';
  const first = term.firstSeen ? periodLabel(term.firstSeen, locale) : '…';
  const last = term.lastSeen ? periodLabel(term.lastSeen, locale) : '…';
  return first === last ? first : `${first} – ${last}`;
}

/**
 * The shared glossary of recruitment language and code words: every member searches the published
 * terms (accents and case do not matter) and prints them as a PDF for training; the table also sees
 * proposed and retired terms, and adds a term.
 */
export function GlossaryPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const { can } = useSession();
  const curator = can(OBS.curate);
  const deleted = (useLocation().state as { flash?: string } | null)?.flash === 'deleted';
  const { applied, params, field, onSubmit } = useFilters(FILTERS);
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const list = useApiData<GlossaryList>(
    withQuery('/observatory/glossary', {
      q: applied.q || null,
      placeType: applied.placeType || null,
      status: curator ? applied.status || null : null,
      limit: PAGE_SIZE,
      offset: page > 1 ? (page - 1) * PAGE_SIZE : null,
    }),
  );
  const pdf = withQuery('/api/observatory/glossary.pdf', { q: applied.q || null });

  return (
    <Page title={t('observatory.glossary.title')} lead={t('observatory.glossary.lead')}>
      <StatusMessage>{deleted ? t('observatory.glossary.deleted') : null}</StatusMessage>
      <p>
        <a className="button button-secondary" href={pdf} download>
          {t('observatory.glossary.print')}
        </a>
      </p>
      <FilterBar
        label={t('observatory.glossary.searchLabel')}
        submit={t('common.search')}
        onSubmit={onSubmit}
      >
        <Field id="obs-glossary-q" type="search" label={t('observatory.glossary.q')} {...field('q')} />
        <ChoiceField
          id="obs-glossary-place"
          label={t('observatory.glossary.heardIn')}
          placeholder={t('observatory.list.any')}
          options={choices(PLACE_TYPES, (p) => t(`observatory.values.placeTypes.${p}`))}
          {...field('placeType')}
        />
        {curator ? (
          <ChoiceField
            id="obs-glossary-status"
            label={t('observatory.glossary.status')}
            placeholder={t('observatory.list.any')}
            options={choices(GLOSSARY_STATUSES, (s) => t(`observatory.glossary.statuses.${s}`))}
            {...field('status')}
          />
        ) : null}
      </FilterBar>
      <Loaded data={list}>
        {(data) => (
          <>
            <p role="status">
              {t('observatory.glossary.total', {
                count: data.total,
                formatted: formatNumber(data.total, locale),
              })}
            </p>
            {data.items.length === 0 ? <p>{t('observatory.glossary.empty')}</p> : null}
            <ul className="card-grid">
              {data.items.map((term) => (
                <li key={term.id} className="card" aria-labelledby={`obs-term-${term.id}`}>
                  <h2 id={`obs-term-${term.id}`} className="card-title">
                    <Link to={`/observatoire/glossaire/${encodeURIComponent(term.id)}`} lang={term.language}>
                      {term.term}
                    </Link>
                  </h2>
                  {curator ? (
                    <p>
                      <GlossaryStatusBadge status={term.status} />
                    </p>
                  ) : null}
                  <p>{meaningOf(term, locale) || t('observatory.glossary.noMeaning')}</p>
                  <dl className="ref-card-facts">
                    <Detail term={t('observatory.glossary.heardIn')}>
                      {labelsOf(t, 'placeTypes', term.placeTypes)}
                    </Detail>
                    <Detail term={t('observatory.glossary.seen')}>{seenRange(term, locale)}</Detail>
                  </dl>
                </li>
              ))}
            </ul>
            <Pagination page={page} pageSize={PAGE_SIZE} total={data.total} />
          </>
        )}
      </Loaded>
      {curator ? <NewTermForm /> : null}
    </Page>
  );
}

interface TermDraft {
  term: string;
  language: string;
}

/** The table adds a term (proposed until it has both meanings and is published from its page). */
function NewTermForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const form = useForm<TermDraft>({ term: '', language: 'fr' }, (f) => `obs-new-term-${f}`);
  const onSubmit = form.onSubmit(async () => {
    if (!form.values.term.trim()) {
      throw localProblem([{ field: 'term', message: t('observatory.glossary.needTerm') }]);
    }
    const created = await api.post<GlossaryTerm>('/observatory/glossary', {
      term: form.values.term.trim(),
      language: form.values.language,
    });
    navigate(`/observatoire/glossaire/${encodeURIComponent(created.id)}`, { state: { flash: 'created' } });
  });
  return (
    <section aria-labelledby="obs-new-term">
      <h2 id="obs-new-term">{t('observatory.glossary.add')}</h2>
      <ErrorSummary error={form.error} fieldId={form.fieldId} />
      <form className="form narrow" onSubmit={onSubmit} noValidate>
        <Field {...form.field('term')} label={t('observatory.glossary.term')} maxLength={60} required />
        <LanguageField {...form.field('language')} />
        <Button type="submit" pending={form.pending}>
          {t('observatory.glossary.addSubmit')}
        </Button>
      </form>
    </section>
  );
}

/** The languages a term is heard in, most often: a closed list keeps the codes right. */
export const TERM_LANGUAGES = ['fr', 'en', 'es', 'ht', 'ar', 'cr', 'iu'] as const;

export function LanguageField(props: {
  id: string;
  value: string;
  error: string | undefined;
  onChange: (event: { target: { value: string } }) => void;
}) {
  const { t } = useTranslation();
  const options = choices(TERM_LANGUAGES, (code) => t(`observatory.glossary.languages.${code}`));
  if (props.value && !options.some((o) => o.value === props.value)) {
    options.push({ value: props.value, label: props.value });
  }
  return <ChoiceField {...props} label={t('observatory.glossary.language')} options={options} />;
}
