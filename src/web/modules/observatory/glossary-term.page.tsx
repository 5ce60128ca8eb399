import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import type { GlossaryTerm, GlossaryUpdate } from '../../../shared/contracts/observatory';
import { type GlossaryStatus, PLACE_TYPES } from '../../../shared/contracts/observatory.values';
import { type ApiError, api } from '../../app/api';
import { useForm } from '../../app/form';
import { formatDateTime, formatNumber } from '../../app/format';
import { useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { Button } from '../../ui/button';
import { ConfirmButton } from '../../ui/confirm-button';
import { Detail } from '../../ui/details';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { CheckboxGroup, Field, TextAreaField } from '../../ui/field';
import { LoadingPage, Page } from '../../ui/page';
import { LoadErrorPage } from '../errors/load-error';
import { OBS } from './access';
import { LanguageField, meaningOf, seenRange } from './glossary.page';
import { conflictError, GlossaryStatusBadge, isMonth, labelsOf, localProblem, valueChoices } from './parts';

/** The moves a curator offers from each status. */
const MOVES: Record<GlossaryStatus, GlossaryStatus[]> = {
  proposed: ['published', 'retired'],
  published: ['retired'],
  retired: ['published', 'proposed'],
};

/**
 * One term of the glossary: its meanings in French and English, where and when it was heard (and, for
 * the table only, how many observations named it). The table curates it: edits the meanings and facts,
 * publishes it (both meanings needed), retires it or brings it back, deletes it if never published.
 */
export function GlossaryTermPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const { can } = useSession();
  const { id = '' } = useParams();
  const location = useLocation();
  const created = (location.state as { flash?: string } | null)?.flash === 'created';
  const path = `/observatory/glossary/${encodeURIComponent(id)}`;
  const term = useApiData<GlossaryTerm>(path);
  const [said, setSaid] = useState<string | null>(created ? t('observatory.glossary.created') : null);
  const [problem, setProblem] = useState<ApiError | undefined>(undefined);
  const [deleting, setDeleting] = useState(false);
  const navigate = useNavigate();

  if (term.error) return <LoadErrorPage error={term.error} />;
  const g = term.data;
  if (!g) return <LoadingPage />;
  const other = locale.startsWith('en') ? g.meaningFr : g.meaningEn;

  return (
    <Page title={t('observatory.glossary.termTitle', { term: g.term })}>
      <StatusMessage>{said}</StatusMessage>
      <ErrorSummary error={problem} />
      {can(OBS.curate) ? (
        <p>
          <GlossaryStatusBadge status={g.status} />
        </p>
      ) : null}
      <dl className="details">
        <Detail term={t('observatory.glossary.meaning')}>
          {meaningOf(g, locale) || t('observatory.glossary.noMeaning')}
        </Detail>
        {other.trim() && other !== meaningOf(g, locale) ? (
          <Detail term={t('observatory.glossary.otherMeaning')}>
            <span lang={locale.startsWith('en') ? 'fr' : 'en'}>{other}</span>
          </Detail>
        ) : null}
        <Detail term={t('observatory.glossary.language')}>
          {t(`observatory.glossary.languages.${g.language}`, { defaultValue: g.language })}
        </Detail>
        <Detail term={t('observatory.glossary.heardIn')}>{labelsOf(t, 'placeTypes', g.placeTypes)}</Detail>
        <Detail term={t('observatory.glossary.seen')}>{seenRange(g, locale)}</Detail>
        {/* Sent to the table's coordination only: they move when an observation names the term. */}
        {g.sightings !== undefined ? (
          <Detail term={t('observatory.glossary.sightings')}>{formatNumber(g.sightings, locale)}</Detail>
        ) : null}
        {g.updatedAt !== undefined ? (
          <Detail term={t('observatory.glossary.updatedAt')}>{formatDateTime(g.updatedAt, locale)}</Detail>
        ) : null}
      </dl>
      {can(OBS.curate) ? (
        <Curation
          key={g.version}
          term={g}
          onSaved={(next, words) => {
            term.setData(next);
            setProblem(undefined);
            setSaid(words);
          }}
          onConflict={(error) => {
            setSaid(null);
            setProblem(error);
            term.reload();
          }}
        />
      ) : null}
      {can(OBS.curate) && g.canDelete ? (
        <section aria-labelledby="obs-term-delete">
          <h2 id="obs-term-delete">{t('observatory.glossary.deleteHeading')}</h2>
          <p>{t('observatory.glossary.deleteLead')}</p>
          <ConfirmButton
            label={t('observatory.glossary.deleteOf', { term: g.term })}
            title={t('observatory.glossary.deleteTitle', { term: g.term })}
            message={t('observatory.glossary.deleteMessage')}
            confirmLabel={t('observatory.glossary.delete')}
            pending={deleting}
            onConfirm={() => {
              setDeleting(true);
              api
                .delete(`/observatory/glossary/${encodeURIComponent(g.id)}?version=${g.version}`)
                .then(() => navigate('/observatoire/glossaire', { state: { flash: 'deleted' } }))
                .catch((reason: unknown) => {
                  setDeleting(false);
                  setSaid(null);
                  setProblem(conflictError(reason, t('observatory.glossary.changedMeanwhile')) as ApiError);
                  term.reload();
                });
            }}
          />
        </section>
      ) : null}
      <p>
        <Link to="/observatoire/glossaire">{t('observatory.glossary.back')}</Link>
      </p>
    </Page>
  );
}

interface CurationDraft {
  term: string;
  language: string;
  meaningFr: string;
  meaningEn: string;
  placeTypes: string[];
  firstSeen: string;
  lastSeen: string;
}

const FIELD_IDS = (field: string) => `obs-term-${field.split('.')[0]}`;

function Curation({
  term,
  onSaved,
  onConflict,
}: {
  term: GlossaryTerm;
  onSaved: (term: GlossaryTerm, said: string) => void;
  /** Someone changed the term first: the page says so and shows the term as it is now. */
  onConflict: (error: ApiError) => void;
}) {
  const { t } = useTranslation();
  const form = useForm<CurationDraft>(
    {
      term: term.term,
      language: term.language,
      meaningFr: term.meaningFr,
      meaningEn: term.meaningEn,
      placeTypes: [...term.placeTypes],
      firstSeen: term.firstSeen ?? '',
      lastSeen: term.lastSeen ?? '',
    },
    FIELD_IDS,
  );
  const v = form.values;

  const send = (status: GlossaryStatus | null) =>
    form.run(async () => {
      const problems: Array<{ field: string; message: string }> = [];
      if (!v.term.trim()) problems.push({ field: 'term', message: t('observatory.glossary.needTerm') });
      for (const key of ['firstSeen', 'lastSeen'] as const) {
        if (v[key] && !isMonth(v[key]))
          problems.push({ field: key, message: t('observatory.form.needMonth') });
      }
      if (status === 'published') {
        if (!v.meaningFr.trim()) {
          problems.push({ field: 'meaningFr', message: t('observatory.glossary.needMeaning') });
        }
        if (!v.meaningEn.trim()) {
          problems.push({ field: 'meaningEn', message: t('observatory.glossary.needMeaning') });
        }
      }
      if (problems.length > 0) throw localProblem(problems);
      const body: GlossaryUpdate = {
        term: v.term.trim(),
        language: v.language,
        meaningFr: v.meaningFr,
        meaningEn: v.meaningEn,
        placeTypes: v.placeTypes as GlossaryUpdate['placeTypes'],
        firstSeen: v.firstSeen || null,
        lastSeen: v.lastSeen || null,
        version: term.version,
        ...(status ? { status } : {}),
      };
      try {
        const next = await api.patch<GlossaryTerm>(
          `/observatory/glossary/${encodeURIComponent(term.id)}`,
          body,
        );
        onSaved(
          next,
          status
            ? t('observatory.glossary.moved', { status: t(`observatory.glossary.statuses.${status}`) })
            : t('observatory.glossary.saved'),
        );
      } catch (reason) {
        const plain = conflictError(reason, t('observatory.glossary.changedMeanwhile'));
        if (plain === reason) throw reason;
        onConflict(plain as ApiError);
      }
    });

  return (
    <section aria-labelledby="obs-curation">
      <h2 id="obs-curation">{t('observatory.glossary.curation')}</h2>
      <ErrorSummary error={form.error} fieldId={FIELD_IDS} />
      <form
        className="form narrow"
        onSubmit={(event) => {
          event.preventDefault();
          void send(null);
        }}
        noValidate
      >
        <Field {...form.field('term')} label={t('observatory.glossary.term')} maxLength={60} required />
        <LanguageField {...form.field('language')} />
        <TextAreaField
          {...form.field('meaningFr')}
          label={t('observatory.glossary.meaningFr')}
          maxLength={1000}
          rows={3}
          lang="fr"
        />
        <TextAreaField
          {...form.field('meaningEn')}
          label={t('observatory.glossary.meaningEn')}
          maxLength={1000}
          rows={3}
          lang="en"
        />
        <CheckboxGroup
          id="obs-term-placeTypes"
          legend={t('observatory.glossary.heardIn')}
          options={valueChoices(t, 'placeTypes', PLACE_TYPES)}
          value={v.placeTypes}
          onChange={(value) => form.set('placeTypes', value)}
        />
        <Field {...form.field('firstSeen')} type="month" label={t('observatory.glossary.firstSeen')} />
        <Field {...form.field('lastSeen')} type="month" label={t('observatory.glossary.lastSeen')} />
        <div className="button-row">
          <Button type="submit" pending={form.pending}>
            {t('observatory.glossary.save')}
          </Button>
          {MOVES[term.status].map((status) => (
            <Button
              key={status}
              variant={status === 'retired' ? 'danger' : 'secondary'}
              pending={form.pending}
              onClick={() => void send(status)}
            >
              {t(`observatory.glossary.moves.${status}`)}
            </Button>
          ))}
        </div>
      </form>
    </section>
  );
}
