import type { FormEvent, ReactNode } from 'react';
import { Button } from './button';

interface FilterBarProps {
  /** Names the search landmark. */
  label: string;
  submit: string;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  /** A second button beside the submit one (e.g. one that clears the filters). */
  reset?: ReactNode;
  children: ReactNode;
}

/** The search and filters above a list: a named search landmark whose form applies them. */
export function FilterBar({ label, submit, onSubmit, reset, children }: FilterBarProps) {
  const button = <Button type="submit">{submit}</Button>;
  return (
    <search aria-label={label}>
      <form className="filters" onSubmit={onSubmit}>
        {children}
        {reset ? (
          <div>
            {button} {reset}
          </div>
        ) : (
          button
        )}
      </form>
    </search>
  );
}
