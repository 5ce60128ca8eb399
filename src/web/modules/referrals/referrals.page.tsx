import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { ReferralList } from '../../../shared/contracts/referrals';
import { REFERRAL_STATUSES } from '../../../shared/contracts/resources.values';
import { withQuery } from '../../app/api';
import { formatNumber } from '../../app/format';
import { useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { Button } from '../../ui/button';
import { Checkbox, ChoiceField, choices, Fieldset } from '../../ui/field';
import { FilterBar } from '../../ui/filter-bar';
import { Loaded } from '../../ui/loaded';
import { Page } from '../../ui/page';
import { Pagination } from '../../ui/pagination';
import { ReferralCard } from './parts';

const PAGE_SIZE = 20;
type Side = 'sent' | 'received';

interface Filters {
  status: string;
  open: boolean;
  overdue: boolean;
  /** Sent side: only the referrals the reader is in charge of. */
  mine: boolean;
}

const NO_FILTER: Filters = { status: '', open: false, overdue: false, mine: false };

function filtersOf(params: URLSearchParams): Filters {
  return {
    status: params.get('status') ?? '',
    // Links from notifications say `true`; the filters write `1`.
    open: ['1', 'true'].includes(params.get('open') ?? ''),
    overdue: ['1', 'true'].includes(params.get('overdue') ?? ''),
    mine: ['1', 'true'].includes(params.get('mine') ?? ''),
  };
}

/**
 * The referrals of the reader's organisation, as cards: those it sent and those it received (each tab
 * shown to whom may send or receive), filtered by status, open ones, overdue ones; the filters and the
 * tab are kept in the address.
 */
export function ReferralsPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const sides: Side[] = [
    ...(can('referrals.send') ? (['sent'] as const) : []),
    ...(can('referrals.receive') ? (['received'] as const) : []),
  ];
  const asked = params.get('side');
  const side: Side = sides.find((s) => s === asked) ?? sides[0] ?? 'sent';
  const applied = filtersOf(params);
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const [draft, setDraft] = useState<Filters>(applied);
  const list = useApiData<ReferralList>(
    withQuery('/referrals', {
      side,
      status: applied.status || null,
      open: applied.open ? 'true' : null,
      overdue: applied.overdue ? 'true' : null,
      mine: side === 'sent' && applied.mine ? 'true' : null,
      limit: PAGE_SIZE,
      offset: page > 1 ? (page - 1) * PAGE_SIZE : null,
    }),
  );

  const tabHref = (target: Side) => {
    const next = new URLSearchParams(params);
    next.set('side', target);
    next.delete('page');
    return `/references?${next.toString()}`;
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next = new URLSearchParams({ side });
    if (draft.status) next.set('status', draft.status);
    if (draft.open) next.set('open', '1');
    if (draft.overdue) next.set('overdue', '1');
    if (side === 'sent' && draft.mine) next.set('mine', '1');
    setParams(next);
  };
  const onReset = () => {
    setDraft(NO_FILTER);
    setParams(new URLSearchParams({ side }));
  };

  return (
    <Page title={t('referrals.list.title')} lead={t('referrals.list.lead')}>
      {can('referrals.send') ? (
        <ul className="button-row inline-list">
          <li>
            <Link className="button button-primary" to="/repertoire/recherche">
              {t('referrals.list.refer')}
            </Link>
          </li>
          <li>
            <Link className="button button-secondary" to="/suivis">
              {t('referrals.list.subjects')}
            </Link>
          </li>
        </ul>
      ) : null}
      {sides.length > 1 ? (
        <nav className="ref-tabs" aria-label={t('referrals.list.sides')}>
          <ul>
            {sides.map((s) => (
              <li key={s}>
                <Link to={tabHref(s)} aria-current={s === side ? 'page' : undefined}>
                  {t(`referrals.list.${s}`)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <h2>{side === 'sent' && applied.mine ? t('referrals.list.sentMine') : t(`referrals.list.${side}`)}</h2>
      <details
        className="ref-filters"
        open={Boolean(applied.status || applied.open || applied.overdue || (side === 'sent' && applied.mine))}
      >
        <summary>{t('referrals.list.filters')}</summary>
        <FilterBar
          label={t('referrals.list.filtersLabel')}
          submit={t('referrals.list.apply')}
          onSubmit={onSubmit}
          reset={
            <Button type="button" variant="secondary" onClick={onReset}>
              {t('referrals.list.reset')}
            </Button>
          }
        >
          <ChoiceField
            id="ref-filter-status"
            label={t('referrals.fields.status')}
            placeholder={t('referrals.list.anyStatus')}
            options={choices(REFERRAL_STATUSES, (s) => t(`referrals.statuses.${s}`))}
            value={draft.status}
            onChange={(event) => setDraft((d) => ({ ...d, status: event.target.value }))}
          />
          <Fieldset id="ref-filter-more" legend={t('referrals.list.more')}>
            <div className="checkbox-list">
              {side === 'sent' ? (
                <Checkbox
                  id="ref-filter-mine"
                  label={t('referrals.list.mineOnly')}
                  checked={draft.mine}
                  onChange={(event) => setDraft((d) => ({ ...d, mine: event.target.checked }))}
                />
              ) : null}
              <Checkbox
                id="ref-filter-open"
                label={t('referrals.list.openOnly')}
                checked={draft.open}
                onChange={(event) => setDraft((d) => ({ ...d, open: event.target.checked }))}
              />
              <Checkbox
                id="ref-filter-overdue"
                label={t('referrals.list.overdueOnly')}
                checked={draft.overdue}
                onChange={(event) => setDraft((d) => ({ ...d, overdue: event.target.checked }))}
              />
            </div>
          </Fieldset>
        </FilterBar>
      </details>
      <Loaded data={list}>
        {(data) => (
          <>
            <p role="status">
              {t('referrals.list.total', { count: data.total, formatted: formatNumber(data.total, locale) })}
            </p>
            {data.items.length === 0 ? <p>{t(`referrals.list.empty.${side}`)}</p> : null}
            <ul className="card-list">
              {data.items.map((referral) => (
                <ReferralCard key={referral.id} referral={referral} side={side} />
              ))}
            </ul>
            <Pagination page={page} pageSize={PAGE_SIZE} total={data.total} />
          </>
        )}
      </Loaded>
    </Page>
  );
}
