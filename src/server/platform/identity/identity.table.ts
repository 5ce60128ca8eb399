import type { ColumnType, Generated } from 'kysely';
import type { Locale, OrganisationType, PersonStatus, Role } from '../../../shared/roles.js';

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
  settings: SettingsTable;
}
