import type { ColumnType, Generated } from 'kysely';

export interface CredentialsTable {
  person_id: string;
  password_hash: string;
  password_changed_at: ColumnType<Date, Date | undefined, Date>;
  totp_secret: string | null;
  totp_enrolled_at: Date | null;
  totp_last_step: ColumnType<number, number | undefined, number>;
}

export interface SessionsTable {
  id: string;
  person_id: string;
  created_at: ColumnType<Date, Date | undefined, never>;
  last_seen_at: ColumnType<Date, Date | undefined, Date>;
  expires_at: Date;
  mfa_verified: ColumnType<boolean, boolean | undefined, boolean>;
  user_agent: string | null;
  revoked_at: Date | null;
  revoke_reason: string | null;
}

export interface LoginAttemptsTable {
  id: Generated<number>;
  subject: string;
  at: ColumnType<Date, Date | undefined, never>;
  success: boolean;
}

export type OneTimeTokenKind = 'invitation' | 'password_reset';

export interface OneTimeTokensTable {
  id: string;
  kind: OneTimeTokenKind;
  person_id: string;
  created_by: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
  expires_at: Date;
  used_at: Date | null;
}

export interface AuthTables {
  credentials: CredentialsTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  one_time_tokens: OneTimeTokensTable;
}
