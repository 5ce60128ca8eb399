import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useSearchParams } from 'react-router';
import type { ConsultationList } from '../../../shared/contracts/consultations';
import type { ConsultationBox } from '../../../shared/contracts/consultations.values';
import { withQuery } from '../../app/api';
import { formatNumber } from '../../app/format';
import { useApiData } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { Checkbox, ChoiceField, choices } from '../../ui/field';
import { FilterBar } from '../../ui/filter-bar';
import { Loaded } from '../../ui/loaded';
import { Page } from '../../ui/page';
import { Pagination } from '../../ui/pagination';
import { ConsultationCard, subscribeToConsultations } from './parts';

const PAGE_SIZE = 20;
/** "Current" = open or taken; "done" = closed or withdrawn. */
const STATES = ['current', 'done'] as const;
type State = (typeof STATES)[number];
const STATUSES_OF: Record<State, string[]> = { current: ['open', 'taken'], done: ['closed', 'withdrawn'] };

/**
 * The words under a box's title. The coordination box holds different things by role: an organisation
 * coordinator's organisation, the table coordinator's unrouted consultations of every organisation.
 */
function boxLeadKey(box: ConsultationBox, roles: readonly string[]): string {
  if (box !== 'coordination') return `consultations.list.boxLead.${box}`;
  const organisation = roles.includes('org_coordinator');
  const table = roles.includes('table_coordinator');
  if (organisation && table) return 'consultations.list.boxLead.coordinationBoth';
  if (table) return 'consultations.list.boxLead.coordinationTable';
  return 'consultations.list.boxLead.coordination';
}

/** The lists the reader has, in the order a working day asks for them. */
function boxesOf(can: (permission: string) => boolean): ConsultationBox[] {
  return [
    ...(can('consultations.answer') ? (['inbox', 'mine'] as const) : []),
    ...(can('consultations.coordinate') ? (['coordination'] as const) : []),
    ...(can('consultations.ask') ? (['asked'] as const) : []),
  ];
}

/**
 * The consultations of the reader, one list at a time: what waits for me (pivots: routed to me, not
 * taken), the ones I take part in, my organisation's (coordinators: overdue ones first to see), the
 * questions I asked; current or done. Each card shows urgency, due time (red when overdue) and state.
 * A notification about any consultation reloads the list.
 */
export function ConsultationsPage() {
  const { t } = useTranslation();
  const locale = currentLocale();
  const { can, state: session } = useSession();
  const roles = session.status === 'signed_in' ? session.session.roles : [];
  const [params, setParams] = useSearchParams();
  const boxes = boxesOf(can);
  const box = boxes.find((b) => b === params.get('box')) ?? boxes[0] ?? 'asked';
  const state: State | '' =
    STATES.find((s) => s === params.get('state')) ?? (params.has('state') ? '' : 'current');
  const overdue = ['1', 'true'].includes(params.get('overdue') ?? '');
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const [draft, setDraft] = useState({ state: state as string, overdue });
  const query = new URLSearchParams();
  query.set('box', box);
  if (state) for (const s of STATUSES_OF[state]) query.append('status', s);
  if (overdue) query.set('overdue', 'true');
  query.set('limit', String(PAGE_SIZE));
  if (page > 1) query.set('offset', String((page - 1) * PAGE_SIZE));
  const list = useApiData<ConsultationList>(boxes.length > 0 ? `/consultations?${query.toString()}` : null);
  const { reload } = list;
  useEffect(() => subscribeToConsultations(() => reload()), [reload]);

  // A member who neither asks, answers nor coordinates has only the know-how here.
  if (boxes.length === 0) return <Navigate to="/savoir" replace />;

  const tabHref = (target: ConsultationBox) => withQuery('/consultations', { box: target });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next = new URLSearchParams({ box, state: draft.state });
    if (draft.overdue) next.set('overdue', '1');
    setParams(next);
  };

  return (
    <Page title={t('consultations.list.title')} lead={t('consultations.list.lead')}>
      {can('consultations.ask') ? (
        <p>
          <Link className="button button-primary" to="/consultations/nouvelle">
            {t('consultations.list.ask')}
          </Link>
        </p>
      ) : null}
      {boxes.length > 1 ? (
        <nav className="ref-tabs consult-tabs" aria-label={t('consultations.list.boxes')}>
          <ul>
            {boxes.map((b) => (
              <li key={b}>
                <Link to={tabHref(b)} aria-current={b === box ? 'page' : undefined}>
                  {t(`consultations.list.box.${b}`)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <h2>{t(`consultations.list.box.${box}`)}</h2>
      <p className="muted">{t(boxLeadKey(box, roles))}</p>
      <details className="ref-filters" open={state !== 'current' || overdue}>
        <summary>{t('consultations.list.filters')}</summary>
        <FilterBar
          label={t('consultations.list.filtersLabel')}
          submit={t('consultations.list.apply')}
          onSubmit={onSubmit}
        >
          <ChoiceField
            id="consult-filter-state"
            label={t('consultations.list.state')}
            placeholder={t('consultations.list.anyState')}
            options={choices(STATES, (s) => t(`consultations.list.states.${s}`))}
            value={draft.state}
            onChange={(event) => setDraft((d) => ({ ...d, state: event.target.value }))}
          />
          <Checkbox
            id="consult-filter-overdue"
            label={t('consultations.list.overdueOnly')}
            checked={draft.overdue}
            onChange={(event) => setDraft((d) => ({ ...d, overdue: event.target.checked }))}
          />
        </FilterBar>
      </details>
      <Loaded data={list}>
        {(data) => (
          <>
            <p role="status">
              {t('consultations.list.total', {
                count: data.total,
                formatted: formatNumber(data.total, locale),
              })}
            </p>
            {data.items.length === 0 ? <p>{t(`consultations.list.empty.${box}`)}</p> : null}
            <ul className="card-list">
              {data.items.map((c) => (
                <ConsultationCard key={c.id} consultation={c} />
              ))}
            </ul>
            <Pagination page={page} pageSize={PAGE_SIZE} total={data.total} />
          </>
        )}
      </Loaded>
    </Page>
  );
}
