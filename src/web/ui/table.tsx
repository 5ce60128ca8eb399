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

export interface Column {
  label: ReactNode;
  /** E.g. "numeric", for figures aligned to the right. */
  className?: string;
  /** Read by screen readers only (a column of buttons, say). */
  hidden?: boolean;
}

/** The header row of a data table: one column header per label. */
export function TableHead({ columns }: { columns: readonly (ReactNode | Column)[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column, index) => {
          const { label, className, hidden } = isColumn(column) ? column : { label: column };
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: the columns of a table are fixed, in order.
            <th key={index} scope="col" className={className}>
              {hidden ? <span className="visually-hidden">{label}</span> : label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}

function isColumn(column: ReactNode | Column): column is Column {
  return typeof column === 'object' && column !== null && 'label' in column;
}

interface DataTableProps<T> {
  caption: ReactNode;
  captionHidden?: boolean;
  columns: readonly (ReactNode | Column)[];
  rows: readonly T[];
  /** Said in a paragraph instead of the table when there are no rows (else the table shows no rows). */
  empty?: ReactNode;
  /** One row of the body (a <tr> with its key). */
  children: (row: T) => ReactNode;
}

/** A list shown as a table with its column headers, or a sentence saying there is nothing to list. */
export function DataTable<T>({ caption, captionHidden, columns, rows, empty, children }: DataTableProps<T>) {
  if (rows.length === 0 && empty !== undefined) return <p>{empty}</p>;
  return (
    <Table caption={caption} captionHidden={captionHidden}>
      <TableHead columns={columns} />
      <tbody>{rows.map((row) => children(row))}</tbody>
    </Table>
  );
}
