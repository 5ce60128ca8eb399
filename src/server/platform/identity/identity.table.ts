import type { ColumnType, Generated } from 'kysely';
import type { Locale, OrganisationType, PersonStatus, Role, RoleConsent } from '../../../shared/roles.js';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;

export interface OrganisationsTable {
  id: Generated<string>;
  name: string;
  short_name: string | null;
  type: OrganisationType;
  region: string;
  active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface PeopleTable {
  id: Generated<string>;
  organisation_id: string;
  given_name: string;
  family_name: string;
  email: string;
  phone: string | null;
  job_title: string | null;
  locale: Generated<Locale>;
  status: Generated<PersonStatus>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  disabled_at: Date | null;
}

export interface PersonRolesTable {
  person_id: string;
  role: Role;
  granted_by: string | null;
  granted_at: CreatedAt;
  consent: ColumnType<RoleConsent, RoleConsent | undefined, RoleConsent>;
  approved_by: string | null;
  approved_at: Date | null;
}

export type RoleRequestStatus = 'pending' | 'approved' | 'refused' | 'cancelled';

export interface RoleRequestsTable {
  id: Generated<string>;
  person_id: string;
  organisation_id: string;
  role: Role;
  status: Generated<RoleRequestStatus>;
  proposed_by: string;
  proposed_at: CreatedAt;
  decided_by: string | null;
  decided_at: Date | null;
}

export interface OrganisationAccessTable {
  organisation_id: string;
  bootstrap_person_id: string | null;
  bootstrap_by: string | null;
  bootstrap_at: Date | null;
  reminded_at: Date | null;
}

export interface AccessAttestationsTable {
  id: Generated<string>;
  organisation_id: string;
  attested_by: string;
  attested_at: CreatedAt;
  holdings: number;
}

export type EmergencyReviewStatus = 'pending' | 'accepted' | 'contested';

export interface EmergencyAccessTable {
  id: Generated<string>;
  person_id: string;
  organisation_id: string;
  roles: Role[];
  /** Sealed with the keyring (context `emergency_access.justification:<id>`). */
  justification: string;
  started_at: Date;
  expires_at: Date;
  ended_at: Date | null;
  ended_by: string | null;
  review_status: Generated<EmergencyReviewStatus>;
  reviewed_by: string | null;
  reviewed_at: Date | null;
}

export interface SettingsTable {
  key: string;
  value: ColumnType<unknown, string, string>;
  updated_at: UpdatedAt;
}

export interface IdentityTables {
  organisations: OrganisationsTable;
  people: PeopleTable;
  person_roles: PersonRolesTable;
  role_requests: RoleRequestsTable;
  organisation_access: OrganisationAccessTable;
  access_attestations: AccessAttestationsTable;
  emergency_access: EmergencyAccessTable;
  settings: SettingsTable;
}
