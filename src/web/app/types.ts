import type { Locale } from '../../shared/roles';

export interface OrganisationRef {
  id: string;
  name: string;
}

export interface SessionInfo {
  person: {
    id: string;
    givenName: string;
    familyName: string;
    email: string;
    locale: string;
    organisation: OrganisationRef;
  };
  roles: string[];
  mfaVerified: boolean;
  csrfToken: string;
  permissions: Record<string, boolean>;
  demo: boolean;
  /** An administrator's emergency access in force. */
  emergency: { id: string; organisation: OrganisationRef; until: string } | null;
}

export interface PublicConfig {
  demo: boolean;
}

export interface LoginResult {
  status: 'signed_in' | 'enrolment_required';
  csrfToken: string;
}

export interface TotpSetup {
  otpauthUri: string;
  qrSvg: string;
  secret: string;
}

export interface Invitation {
  email: string;
  givenName: string;
  familyName: string;
}

export interface DemoAccount {
  email: string;
  name: string;
  roles: string[];
  organisation: string;
  code: string;
}

export interface DemoAccounts {
  password: string;
  accounts: DemoAccount[];
}

export interface Account {
  id: string;
  givenName: string;
  familyName: string;
  email: string;
  phone: string | null;
  jobTitle: string | null;
  locale: Locale;
  organisation: OrganisationRef;
  roles: string[];
}

export interface AccountSession {
  id: string;
  createdAt: string;
  lastSeenAt: string | null;
  expiresAt: string;
  userAgent: string | null;
  current: boolean;
}

export interface Items<T> {
  items: T[];
}

export interface NotificationItem {
  id: string;
  kind: string;
  params: Record<string, string | number> | null;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationList {
  items: NotificationItem[];
  unread: number;
}
