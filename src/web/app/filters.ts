import { type FormEvent, useState } from 'react';
import { useSearchParams } from 'react-router';

/**
 * The filters of a list page, kept in the address (so a filtered list can be shared and survives a
 * reload): what is applied, the draft being typed, and a submit that applies the draft.
 */
export function useFilters<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const applied = Object.fromEntries(keys.map((key) => [key, params.get(key) ?? ''])) as Record<K, string>;
  const [draft, setDraft] = useState(applied);
  /** Binds one filter input to the draft. */
  const field = (key: K) => ({
    value: draft[key],
    onChange: (event: { target: { value: string } }) =>
      setDraft((previous) => ({ ...previous, [key]: event.target.value })),
  });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const key of keys) {
      const value = draft[key].trim();
      if (value) next.set(key, value);
    }
    setParams(next);
  };
  return { applied, params, draft, field, onSubmit };
}
