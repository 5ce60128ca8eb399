import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { SubjectList } from '../../../shared/contracts/referrals';
import { SUBJECT_KINDS } from '../../../shared/contracts/resources.values';
import { withQuery } from '../../app/api';
import { formatDate, formatNumber } from '../../app/format';
import { useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { Button } from '../../ui/button';
import { Detail } from '../../ui/details';
import { ChoiceField, choices, Field } from '../../ui/field';
import { FilterBar } from '../../ui/filter-bar';
import { Loaded } from '../../ui/loaded';
import { Page } from '../../ui/page';
import { Pagination } from '../../ui/pagination';

const PAGE_SIZE = 20;

/** The people the organisation follows, as cards: name, age, open referrals; search by name. */
export function SubjectsPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const [params, setParams] = useSearchParams();
  const applied = { q: params.get('q') ?? '', kind: params.get('kind') ?? '' };
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const [draft, setDraft] = useState(applied);
  const list = useApiData<SubjectList>(
    withQuery('/referrals/subjects', {
      q: applied.q || null,
      kind: applied.kind || null,
      limit: PAGE_SIZE,
      offset: page > 1 ? (page - 1) * PAGE_SIZE : null,
    }),
  );
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next = new URLSearchParams();
    if (draft.q.trim()) next.set('q', draft.q.trim());
    if (draft.kind) next.set('kind', draft.kind);
    setParams(next);
  };
  return (
    <Page title={t('referrals.subjects.title')} lead={t('referrals.subjects.lead')}>
      <p>
        <Link className="button button-primary" to="/suivis/nouvelle">
          {t('referrals.subjects.new')}
        </Link>
      </p>
      <FilterBar
        label={t('referrals.subjects.searchLabel')}
        submit={t('referrals.subjects.search')}
        onSubmit={onSubmit}
        reset={
          <Button
            type="button"
            variant="secondary"
            onClick={() => {
              setDraft({ q: '', kind: '' });
              setParams(new URLSearchParams());
            }}
          >
            {t('referrals.list.reset')}
          </Button>
        }
      >
        <Field
          id="subjects-q"
          type="search"
          label={t('referrals.subjects.q')}
          maxLength={100}
          value={draft.q}
          onChange={(event) => setDraft((d) => ({ ...d, q: event.target.value }))}
        />
        <ChoiceField
          id="subjects-kind"
          label={t('referrals.subject.kind')}
          placeholder={t('referrals.subjects.anyKind')}
          options={choices(SUBJECT_KINDS, (k) => t(`referrals.kinds.${k}`))}
          value={draft.kind}
          onChange={(event) => setDraft((d) => ({ ...d, kind: event.target.value }))}
        />
      </FilterBar>
      <Loaded data={list}>
        {(data) => (
          <>
            <p role="status">
              {t('referrals.subjects.total', {
                count: data.total,
                formatted: formatNumber(data.total, locale),
              })}
            </p>
            {data.items.length === 0 ? <p>{t('referrals.subjects.empty')}</p> : null}
            <ul className="card-list">
              {data.items.map((s) => (
                <li key={s.id} className="card" aria-labelledby={`subject-${s.id}`}>
                  <h2 id={`subject-${s.id}`} className="card-title">
                    <Link to={`/suivis/${encodeURIComponent(s.id)}`}>{s.displayName}</Link>
                  </h2>
                  <p>
                    <span className="tag">{t(`referrals.kinds.${s.kind}`)}</span>
                    {s.age !== null ? (
                      <span className="tag">{t('referrals.subject.age', { count: s.age })}</span>
                    ) : null}
                  </p>
                  <dl className="ref-card-facts">
                    <Detail term={t('referrals.subjects.open')}>
                      {formatNumber(s.openReferrals, locale)}
                    </Detail>
                    <Detail term={t('referrals.subjects.last')}>
                      {s.lastReferralAt
                        ? formatDate(s.lastReferralAt, locale)
                        : t('referrals.subjects.never')}
                    </Detail>
                  </dl>
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
