/**
 * The contract of signing in and of one's own account: sign-in, TOTP enrolment, invitations, password
 * reset, the session view the web app starts from, the account page and its sessions, and the demo
 * accounts offered on the sign-in page in demo mode. Shared by the server and the web app.
 */
import { type Static, Type } from '@sinclair/typebox';
import { Email, IsoDateTime, LocaleSchema, Nullable, Strict } from './common.js';

/** The longest password Filet hashes: longer ones are refused before any work is done. */
export const MAX_PASSWORD_LENGTH = 256;

const Password = Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH });
const Code = Type.String({ minLength: 1, maxLength: 12 });
const Token = Type.String({ minLength: 1, maxLength: 100 });
const OrganisationRef = Type.Object({ id: Type.String(), name: Type.String() });

// ---------------------------------------------------------------- signing in

/** Without `code`, an account with TOTP is answered `mfa_required`. */
export const LoginBody = Strict({ email: Email, password: Password, code: Type.Optional(Code) });
export type LoginBody = Static<typeof LoginBody>;

/** A session opened, complete or limited to TOTP enrolment. */
export const SignedIn = Type.Object({
  status: Type.Union([Type.Literal('signed_in'), Type.Literal('enrolment_required')]),
  csrfToken: Type.String(),
});
export type SignedIn = Static<typeof SignedIn>;

/** Who is signed in, with which roles and permissions: what the web app starts from. */
export const SessionView = Type.Object({
  person: Type.Object({
    id: Type.String(),
    givenName: Type.String(),
    familyName: Type.String(),
    email: Type.String(),
    locale: Type.String(),
    organisation: OrganisationRef,
  }),
  roles: Type.Array(Type.String()),
  mfaVerified: Type.Boolean(),
  csrfToken: Type.String(),
  permissions: Type.Record(Type.String(), Type.Boolean()),
  demo: Type.Boolean(),
  /** An administrator's emergency access in force: the organisation it opens and when it ends. */
  emergency: Type.Union([
    Type.Null(),
    Type.Object({
      id: Type.String(),
      organisation: OrganisationRef,
      until: Type.String({ format: 'date-time' }),
    }),
  ]),
});
export type SessionView = Static<typeof SessionView>;

export const TotpSetup = Type.Object({
  otpauthUri: Type.String(),
  qrSvg: Type.String(),
  secret: Type.String(),
});
export type TotpSetup = Static<typeof TotpSetup>;
export const TotpConfirmBody = Strict({ code: Code });
export type TotpConfirmBody = Static<typeof TotpConfirmBody>;

// ---------------------------------------------------------------- invitations and password reset

/** The secret token of an invitation or of a password-reset link. */
export const TokenParams = Strict({ token: Token });
export type TokenParams = Static<typeof TokenParams>;

export const Invitation = Type.Object({
  email: Type.String(),
  givenName: Type.String(),
  familyName: Type.String(),
});
export type Invitation = Static<typeof Invitation>;

/** The password chosen when accepting an invitation or from a reset link. */
export const PasswordBody = Strict({ password: Password });
export type PasswordBody = Static<typeof PasswordBody>;
export const PasswordResetRequestBody = Strict({ email: Email });
export type PasswordResetRequestBody = Static<typeof PasswordResetRequestBody>;

// ---------------------------------------------------------------- my account

export const Account = Type.Object({
  id: Type.String(),
  givenName: Type.String(),
  familyName: Type.String(),
  email: Type.String(),
  phone: Nullable(Type.String()),
  jobTitle: Nullable(Type.String()),
  locale: Type.String(),
  organisation: OrganisationRef,
  roles: Type.Array(Type.String()),
});
export type Account = Static<typeof Account>;

export const AccountUpdateBody = Strict({
  locale: Type.Optional(LocaleSchema),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 40, pattern: '^[0-9+() .-]*$' }))),
  jobTitle: Type.Optional(Nullable(Type.String({ maxLength: 120 }))),
});
export type AccountUpdateBody = Static<typeof AccountUpdateBody>;

export const PasswordChangeBody = Strict({
  currentPassword: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH }),
  newPassword: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH }),
});
export type PasswordChangeBody = Static<typeof PasswordChangeBody>;

export const AccountSession = Type.Object({
  id: Type.String(),
  createdAt: IsoDateTime,
  lastSeenAt: IsoDateTime,
  expiresAt: IsoDateTime,
  userAgent: Nullable(Type.String()),
  current: Type.Boolean(),
});
export type AccountSession = Static<typeof AccountSession>;
export const AccountSessionList = Type.Object({ items: Type.Array(AccountSession) });
export type AccountSessionList = Static<typeof AccountSessionList>;

/** A session is named by the SHA-256 of its token, never by the token itself. */
export const SessionParams = Strict({ id: Type.String({ pattern: '^[0-9a-f]{64}$' }) });
export type SessionParams = Static<typeof SessionParams>;

// ---------------------------------------------------------------- demo mode

/** A fictional account of the demo, with its current TOTP code. */
export const DemoAccount = Type.Object({
  email: Type.String(),
  name: Type.String(),
  roles: Type.Array(Type.String()),
  organisation: Type.String(),
  code: Type.String(),
});
export type DemoAccount = Static<typeof DemoAccount>;
export const DemoAccounts = Type.Object({ password: Type.String(), accounts: Type.Array(DemoAccount) });
export type DemoAccounts = Static<typeof DemoAccounts>;

// ------------------------------------------------------------------------------------------------
// Public configuration (GET /api/public/config), read by the web app before anyone signs in

export const PublicConfig = Type.Object({
  /** Whether this instance runs as a demo (fictional data, demo accounts offered on the sign-in page). */
  demo: Type.Boolean(),
});
export type PublicConfig = Static<typeof PublicConfig>;
