/**
 * The one error type of Filet. Services and policies throw an AppError with a stable code; the
 * error handler turns it into `{ error: { code, message, details? } }` with the message translated
 * into the requester's language (key `errors.<code>` of the server catalogue).
 */
export interface FieldProblem {
  /** Path of the field in the request, e.g. `email` or `agenda.2.title`. */
  field: string;
  /** Validation rule that failed: `required`, `too_long`, `format`, ... (key `validation.<rule>`). */
  rule: string;
  params?: Record<string, string | number>;
}

export type ErrorCode =
  | 'validation_failed'
  | 'invalid_json'
  | 'invalid_encoding'
  | 'invalid_characters'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'unauthenticated'
  | 'session_expired'
  | 'mfa_required'
  | 'mfa_enrolment_required'
  | 'invalid_credentials'
  | 'invalid_code'
  | 'too_many_attempts'
  | 'csrf_failed'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'email_taken'
  | 'weak_password'
  | 'token_invalid'
  | 'rate_limited'
  | 'method_not_allowed'
  | 'unavailable'
  | 'internal';

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: FieldProblem[] | undefined;
  readonly params: Record<string, string | number> | undefined;

  constructor(
    code: ErrorCode,
    status: number,
    options: { details?: FieldProblem[]; params?: Record<string, string | number>; cause?: unknown } = {},
  ) {
    super(code, options.cause ? { cause: options.cause } : undefined);
    this.name = 'AppError';
    this.code = code;
    this.status = status;
    this.details = options.details;
    this.params = options.params;
  }
}

/** Shorthands for the errors every module throws. */
export const Errors = {
  /** Absent and forbidden look the same for case records: use this for both. */
  notFound: () => new AppError('not_found', 404),
  forbidden: () => new AppError('forbidden', 403),
  unauthenticated: () => new AppError('unauthenticated', 401),
  conflict: (params?: Record<string, string | number>) => new AppError('conflict', 409, { params }),
  invalid: (details: FieldProblem[]) => new AppError('validation_failed', 400, { details }),
  field: (field: string, rule: string, params?: Record<string, string | number>) =>
    new AppError('validation_failed', 400, { details: [{ field, rule, ...(params ? { params } : {}) }] }),
};
