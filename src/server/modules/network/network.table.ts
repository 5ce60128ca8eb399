import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;
/** `date` columns: written and read as 'YYYY-MM-DD'. */
type DateColumn = ColumnType<string, string, string>;

export interface NetworkProfilesTable {
  organisation_id: string;
  mandates: ColumnType<string[], string[] | undefined, string[]>;
  functions: ColumnType<string[], string[] | undefined, string[]>;
  pivot_target: number | null;
  updated_at: UpdatedAt;
}

export interface NetworkAgreementsTable {
  organisation_id: string;
  signed_on: DateColumn;
  signatories: string;
  released_person_id: string | null;
  commitment: string;
  renewal_on: DateColumn | null;
  document_file_id: string | null;
  updated_by: string | null;
  updated_at: UpdatedAt;
}

export interface NetworkContactsTable {
  id: Generated<string>;
  organisation_id: string;
  name: string;
  role: string;
  email: string | null;
  phone: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface PivotMandatesTable {
  id: Generated<string>;
  person_id: string;
  organisation_id: string;
  start_on: DateColumn;
  end_on: DateColumn | null;
  expertise: ColumnType<string[], string[] | undefined, string[]>;
  languages: ColumnType<string[], string[] | undefined, string[]>;
  prerequisite_completed_on: DateColumn | null;
  successor_mandate_id: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface PivotAbsencesTable {
  id: Generated<string>;
  mandate_id: string;
  from_on: DateColumn;
  to_on: DateColumn;
  reason: string;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface NetworkWarningsTable {
  id: Generated<string>;
  organisation_id: string;
  kind: 'coverage' | 'pivot_ending';
  mandate_id: string | null;
  subject_key: string;
  params: ColumnType<Record<string, string | number>, string, string>;
  opened_at: CreatedAt;
  closed_at: Date | null;
}

/** Tables of the network module (migration 0005). */
export interface NetworkTables {
  network_profiles: NetworkProfilesTable;
  network_agreements: NetworkAgreementsTable;
  network_contacts: NetworkContactsTable;
  pivot_mandates: PivotMandatesTable;
  pivot_absences: PivotAbsencesTable;
  network_warnings: NetworkWarningsTable;
}

// The tables of the network module join the database type the platform declares, without the platform knowing them.
declare module '../../platform/db/schema.js' {
  interface DB extends NetworkTables {}
}
