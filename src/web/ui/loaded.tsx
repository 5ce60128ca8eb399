import type { ReactNode } from 'react';
import type { ApiError } from '../app/api';
import type { ApiData } from '../app/hooks';
import { ErrorSummary } from './error-summary';
import { Loading } from './page';

interface LoadedProps<T> {
  data: ApiData<T>;
  /** What the summary says, when it is more than the load's own error. */
  error?: ApiError | undefined;
  children: (data: T) => ReactNode;
}

/** A part of a page that waits for its data: the error summary, a polite "loading", then the part. */
export function Loaded<T>({ data, error = data.error, children }: LoadedProps<T>) {
  return (
    <>
      <ErrorSummary error={error} />
      {data.loading && !data.data ? <Loading /> : null}
      {data.data ? children(data.data) : null}
    </>
  );
}
