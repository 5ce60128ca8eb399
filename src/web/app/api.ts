import { currentLocale, i18n } from './i18n';

/** A field problem as the server reports it, already translated. */
export interface FieldProblem {
  field: string;
  rule: string;
  message: string;
}

/** Any failed API call: the server's `{ error: { code, message, details } }`, or a local stand-in. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: FieldProblem[];

  constructor(status: number, code: string, message: string, details: FieldProblem[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export type AuthProblem = 'unauthenticated' | 'session_expired' | 'mfa_enrolment_required';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  /** False for calls whose 401 is an expected answer (session probe, sign-in). */
  reportAuthProblems?: boolean;
}

// Kept in memory only: never in storage, so a script injected elsewhere cannot read it back later.
let csrfToken: string | null = null;
let authListener: ((problem: AuthProblem) => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The session provider listens here to send people back to sign-in when their session ends. */
export function onAuthProblem(listener: ((problem: AuthProblem) => void) | null): void {
  authListener = listener;
}

interface ErrorBody {
  error: { code: string; message: string; details?: FieldProblem[] };
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error: unknown = value.error;
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string' &&
    'message' in error &&
    typeof error.message === 'string'
  );
}

function authProblemOf(status: number, code: string): AuthProblem | null {
  if (status === 401 && (code === 'unauthenticated' || code === 'session_expired')) return code;
  if (code === 'mfa_enrolment_required') return code;
  return null;
}

/**
 * Calls the API under /api with the session cookie, the interface language and, for changes,
 * the CSRF token. Resolves with the JSON body (undefined for 204) or throws an ApiError.
 */
export async function apiRequest<T>(
  method: Method,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': currentLocale(),
  };
  let payload: string | undefined;
  if (method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
    payload = JSON.stringify(body ?? {});
  }

  let response: Response;
  try {
    response = await fetch(`/api${path}`, { method, headers, body: payload, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', i18n.t('errors.network'));
  }

  if (response.status === 204) return undefined as T;
  const data: unknown = await response.json().catch(() => null);
  if (response.ok) return data as T;

  const error = isErrorBody(data)
    ? new ApiError(response.status, data.error.code, data.error.message, data.error.details ?? [])
    : new ApiError(response.status, 'unexpected', i18n.t('errors.unexpected'));
  const problem = authProblemOf(response.status, error.code);
  if (problem && options.reportAuthProblems !== false) authListener?.(problem);
  throw error;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => apiRequest<T>('GET', path, undefined, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    apiRequest<T>('POST', path, body, options),
  put: <T>(path: string, body?: unknown) => apiRequest<T>('PUT', path, body),
  patch: <T>(path: string, body?: unknown) => apiRequest<T>('PATCH', path, body),
  delete: <T>(path: string) => apiRequest<T>('DELETE', path, {}),
};

/** Builds `path?query`, leaving out empty values. */
export function withQuery(path: string, params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(0, 'unexpected', i18n.t('errors.unexpected'));
}

/** The translated message for one field, if the error names it. */
export function fieldMessage(error: ApiError | undefined, field: string): string | undefined {
  if (!error) return undefined;
  const messages = error.details.filter((detail) => detail.field === field).map((detail) => detail.message);
  return messages.length > 0 ? messages.join(' ') : undefined;
}
