import type { FormEvent, ReactNode } from 'react';
import { Button } from './button';

interface FilterBarProps {
  /** Names the search landmark. */
  label: string;
  submit: string;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  children: ReactNode;
}

/** The search and filters above a list: a named search landmark whose form applies them. */
export function FilterBar({ label, submit, onSubmit, children }: FilterBarProps) {
  return (
    <search aria-label={label}>
      <form className="filters" onSubmit={onSubmit}>
        {children}
        <Button type="submit">{submit}</Button>
      </form>
    </search>
  );
}
