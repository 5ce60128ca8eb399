import type { ReactNode } from 'react';

/** One term and its value in a definition list (`<dl className="details">` and its kin). */
export function Detail({ term, children }: { term: ReactNode; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}
