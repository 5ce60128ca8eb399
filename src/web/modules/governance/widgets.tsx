import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PeoplePage } from '../../../shared/contracts/accounts';
import type { PlanItem } from '../../../shared/contracts/governance';
import { withQuery } from '../../app/api';
import { useApiData } from '../../app/hooks';
import { Button } from '../../ui/button';
import { ChoiceField, Field } from '../../ui/field';

/** Orders plan items depth-first (mandates, their means, their actions) with their depth. */
export function flattenPlan(items: readonly PlanItem[]): Array<{ item: PlanItem; depth: number }> {
  const children = new Map<string | null, PlanItem[]>();
  for (const item of items) {
    const list = children.get(item.parentId) ?? [];
    list.push(item);
    children.set(item.parentId, list);
  }
  const out: Array<{ item: PlanItem; depth: number }> = [];
  const walk = (parentId: string | null, depth: number) => {
    for (const item of children.get(parentId) ?? []) {
      out.push({ item, depth });
      walk(item.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** A select of action-plan items, indented by level. */
export function PlanItemSelect({
  id,
  label,
  items,
  value,
  onChange,
  error,
}: {
  id: string;
  label: string;
  items: readonly PlanItem[];
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <ChoiceField
      id={id}
      label={label}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      error={error}
      placeholder={t('governance.plan.noItem')}
      options={flattenPlan(items).map(({ item, depth }) => ({
        value: item.id,
        label: `${'\u00a0\u00a0'.repeat(depth * 2)}${t(`governance.plan.kinds.${item.kind}`)} : ${item.title}`,
      }))}
    />
  );
}

/** Finds active people by name and offers one action on each result (invite, make owner…). */
export function PersonPicker({
  id,
  label,
  actionLabel,
  exclude,
  onPick,
}: {
  id: string;
  label: string;
  /** The button text for one result, e.g. "Inviter {{name}}". */
  actionLabel: (name: string) => string;
  exclude: readonly string[];
  onPick: (person: { id: string; name: string }) => void;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [query, setQuery] = useState<string | null>(null);
  const results = useApiData<PeoplePage>(
    query ? withQuery('/people', { q: query, status: 'active', pageSize: 10 }) : null,
  );
  const found = (results.data?.items ?? []).filter((p) => !exclude.includes(p.id));
  return (
    <div className="gov-picker">
      <form
        className="gov-inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          setQuery(q.trim() || null);
        }}
      >
        <Field
          id={id}
          label={label}
          value={q}
          onChange={(event) => setQ(event.target.value)}
          maxLength={100}
        />
        <Button type="submit" variant="secondary">
          {t('governance.picker.search')}
        </Button>
      </form>
      {query && results.data ? (
        found.length === 0 ? (
          <p role="status">{t('governance.picker.none')}</p>
        ) : (
          <ul className="gov-picker-results">
            {found.map((person) => {
              const name = `${person.givenName} ${person.familyName}`;
              return (
                <li key={person.id}>
                  {name} <span className="gov-muted">({person.organisation.name})</span>{' '}
                  <Button variant="link" onClick={() => onPick({ id: person.id, name })}>
                    {actionLabel(name)}
                  </Button>
                </li>
              );
            })}
          </ul>
        )
      ) : null}
    </div>
  );
}
