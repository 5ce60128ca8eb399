import { type ReactNode, useId } from 'react';

interface TableProps {
  caption: ReactNode;
  children: ReactNode;
  captionHidden?: boolean;
}

/** A data table in a keyboard-scrollable region, named by its caption (narrow screens scroll sideways). */
export function Table({ caption, children, captionHidden = false }: TableProps) {
  const captionId = useId();
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
    <section className="table-wrap" aria-labelledby={captionId} tabIndex={0}>
      <table className="table">
        <caption id={captionId} className={captionHidden ? 'visually-hidden' : undefined}>
          {caption}
        </caption>
        {children}
      </table>
    </section>
  );
}
