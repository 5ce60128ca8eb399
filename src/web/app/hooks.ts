import { useCallback, useEffect, useRef, useState } from 'react';
import { type ApiError, api, toApiError } from './api';

export interface ApiData<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
  setData: (data: T) => void;
}

/** Loads `GET /api<path>` whenever the path changes; null waits. Late answers of an old path are dropped. */
export function useApiData<T>(path: string | null): ApiData<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [loading, setLoading] = useState(path !== null);
  const [version, setVersion] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the reload trigger.
  useEffect(() => {
    if (path === null) return;
    let current = true;
    setLoading(true);
    setError(undefined);
    api
      .get<T>(path)
      .then((result) => {
        if (!current) return;
        setData(result);
        setLoading(false);
      })
      .catch((reason: unknown) => {
        if (!current) return;
        setError(toApiError(reason));
        setLoading(false);
      });
    return () => {
      current = false;
    };
  }, [path, version]);

  const reload = useCallback(() => setVersion((value) => value + 1), []);
  return { data, error, loading, reload, setData };
}

export interface Action {
  pending: boolean;
  error: ApiError | undefined;
  setError: (error: ApiError | undefined) => void;
  /** Runs one change at a time; resolves true when it succeeded, else keeps the error to show. */
  run: (task: () => Promise<void>) => Promise<boolean>;
}

export function useAction(): Action {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const busy = useRef(false);

  const run = useCallback(async (task: () => Promise<void>) => {
    if (busy.current) return false;
    busy.current = true;
    setPending(true);
    setError(undefined);
    try {
      await task();
      return true;
    } catch (reason) {
      setError(toApiError(reason));
      return false;
    } finally {
      busy.current = false;
      setPending(false);
    }
  }, []);

  return { pending, error, setError, run };
}
