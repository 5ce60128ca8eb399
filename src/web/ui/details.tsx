import type { ReactNode } from 'react';

/** One term and its value in a definition list (`<dl className="details">` and its kin). */
export function Detail({
  term,
  className,
  children,
}: {
  term: ReactNode;
  /** The value's class (e.g. "pre-wrap", for text that keeps its line breaks). */
  className?: string;
  children: ReactNode;
}) {
  return (
    <div>
      <dt>{term}</dt>
      <dd className={className}>{children}</dd>
    </div>
  );
}
