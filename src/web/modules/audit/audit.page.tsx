import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditItem, AuditPage as AuditPageData } from '../../../shared/contracts/audit';
import { AUDIT_ACTIONS } from '../../../shared/contracts/audit-actions';
import { type ApiError, api, fieldMessage, toApiError, withQuery } from '../../app/api';
import { useFilters } from '../../app/filters';
import { formatDateTime, labelOf } from '../../app/format';
import { useAction } from '../../app/hooks';
import { currentLocale } from '../../app/i18n';
import { Button } from '../../ui/button';
import { ErrorSummary } from '../../ui/error-summary';
import { Field, SelectField } from '../../ui/field';
import { FilterBar } from '../../ui/filter-bar';
import { Loading, Page } from '../../ui/page';
import { DataTable } from '../../ui/table';

const FILTERS = ['actorId', 'action', 'targetType', 'targetId', 'from', 'to'] as const;
type Filter = (typeof FILTERS)[number];

/** The catalogue's actions by module or platform area, in catalogue order. */
const ACTIONS_BY_AREA = AUDIT_ACTIONS.reduce((areas, action) => {
  const area = action.slice(0, action.indexOf('.'));
  areas.set(area, [...(areas.get(area) ?? []), action]);
  return areas;
}, new Map<string, string[]>());

function metaText(meta: AuditItem['meta']): string {
  if (!meta) return '';
  return Object.entries(meta)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' · ');
}

/** The audit log: who did what to which record, why, and how it ended; filterable and exportable. */
export function AuditPage() {
  const { t } = useTranslation();
  const { applied, draft, field, onSubmit } = useFilters(FILTERS);
  const query = withQuery('', applied);
  const [items, setItems] = useState<AuditItem[]>([]);
  const [nextCursor, setNextCursor] = useState<number | string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [loadError, setLoadError] = useState<ApiError | undefined>(undefined);
  const more = useAction();
  const locale = currentLocale();

  useEffect(() => {
    let current = true;
    setLoaded(false);
    setLoadError(undefined);
    api
      .get<AuditPageData>(`/audit${query}`)
      .then((page) => {
        if (!current) return;
        setItems(page.items);
        setNextCursor(page.nextCursor);
        setLoaded(true);
      })
      .catch((reason: unknown) => {
        if (!current) return;
        setLoadError(toApiError(reason));
        setLoaded(true);
      });
    return () => {
      current = false;
    };
  }, [query]);

  const loadMore = () => {
    if (nextCursor === null) return;
    void more.run(async () => {
      const page = await api.get<AuditPageData>(withQuery('/audit', { ...applied, cursor: nextCursor }));
      setItems((previous) => [...previous, ...page.items]);
      setNextCursor(page.nextCursor);
    });
  };

  const textFilter = (key: Filter, type: 'text' | 'date' = 'text') => (
    <Field
      key={key}
      id={`audit-${key}`}
      label={t(`audit.filters.${key}`)}
      type={type}
      error={fieldMessage(loadError, key)}
      {...field(key)}
    />
  );

  // An action is shown by its label; one the catalogue does not know (a test entry, a name from a
  // later version) by its code alone.
  const actionLabel = (action: string) => t(`audit-actions.${action}`, { defaultValue: '' });
  const actionFilter = (
    <SelectField
      id="audit-action"
      label={t('audit.filters.action')}
      hint={t('audit.actionHint')}
      error={fieldMessage(loadError, 'action')}
      {...field('action')}
    >
      <option value="">{t('audit.allActions')}</option>
      {draft.action && !draft.action.endsWith('.') && !AUDIT_ACTIONS.some((a) => a === draft.action) ? (
        <option value={draft.action}>{draft.action}</option>
      ) : null}
      {[...ACTIONS_BY_AREA].map(([area, actions]) => (
        <optgroup key={area} label={t(`audit.areas.${area}`)}>
          <option value={`${area}.`}>{t('audit.wholeArea', { area: t(`audit.areas.${area}`) })}</option>
          {actions.map((action) => (
            <option key={action} value={action}>
              {actionLabel(action) || action}
            </option>
          ))}
        </optgroup>
      ))}
    </SelectField>
  );

  return (
    <Page title={t('audit.title')} lead={t('audit.lead')}>
      <FilterBar label={t('audit.searchLabel')} submit={t('common.filter')} onSubmit={onSubmit}>
        {textFilter('actorId')}
        {actionFilter}
        {textFilter('targetType')}
        {textFilter('targetId')}
        {textFilter('from', 'date')}
        {textFilter('to', 'date')}
      </FilterBar>
      <p>
        <a className="button button-secondary" href={`/api/audit/export.csv${query}`} download>
          {t('audit.export')}
        </a>
      </p>
      {loadError ? <ErrorSummary error={loadError} fieldId={(field) => `audit-${field}`} /> : null}
      {!loaded ? <Loading /> : null}
      {loaded && !loadError && items.length === 0 ? <p role="status">{t('audit.none')}</p> : null}
      {items.length > 0 ? (
        <>
          <DataTable
            caption={t('audit.caption')}
            captionHidden
            columns={[
              t('audit.columns.seq'),
              t('audit.columns.at'),
              t('audit.columns.actor'),
              t('audit.columns.action'),
              t('audit.columns.target'),
              t('audit.columns.outcome'),
              t('audit.columns.purpose'),
              t('audit.columns.meta'),
            ]}
            rows={items}
          >
            {(entry) => (
              <tr key={String(entry.seq)}>
                <th scope="row" className="numeric">
                  {entry.seq}
                </th>
                <td>{formatDateTime(entry.at, locale)}</td>
                <td>{entry.actorName || entry.actorId || t('audit.system')}</td>
                <td>
                  {actionLabel(entry.action) ? (
                    <>
                      {actionLabel(entry.action)}
                      <br />
                      <code className="muted">{entry.action}</code>
                    </>
                  ) : (
                    <code>{entry.action}</code>
                  )}
                </td>
                <td>
                  {entry.targetType ? <code>{entry.targetType}</code> : '—'}
                  {entry.targetId ? <span className="muted break"> {entry.targetId}</span> : null}
                </td>
                <td>{labelOf(t, 'audit.outcomes', entry.outcome)}</td>
                <td>{entry.purpose || '—'}</td>
                <td className="break">{metaText(entry.meta) || '—'}</td>
              </tr>
            )}
          </DataTable>
          <ErrorSummary error={more.error} />
          {nextCursor ? (
            <Button variant="secondary" pending={more.pending} onClick={loadMore}>
              {t('audit.more')}
            </Button>
          ) : null}
        </>
      ) : null}
    </Page>
  );
}
