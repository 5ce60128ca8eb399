import type { ColumnType, Generated } from 'kysely';
import type {
  ConsentGiver,
  DeclineReason,
  DisclosableField,
  ReferralLegalBasis,
  ReferralOutcome,
  ReferralStatus,
  ResourceGender,
  ResourceTaxonomy,
  SafeChannel,
  SubjectKind,
} from '../../../shared/contracts/resources.values.js';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;
type Version = ColumnType<number, number | undefined, number>;
type List<T> = ColumnType<T[], T[] | undefined, T[]>;

/** Kysely types of the closed-loop referrals (migrations/0020_referrals.sql). */
export interface ReferralSubjectsTable {
  id: Generated<string>;
  organisation_id: string;
  kind: SubjectKind;
  /** Sealed JSON of the identity and contact details (context `referral_subjects.identity:<id>`). */
  sealed_identity: string;
  gender: ResourceGender | null;
  languages: List<string>;
  do_not_contact: ColumnType<boolean, boolean | undefined, boolean>;
  safe_channels: List<SafeChannel>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  version: Version;
  purged_at: Date | null;
  /** Keyed hashes of the name words' prefixes (subject-names.ts), and the fingerprint of their key. */
  name_index: List<string>;
  name_index_key: string | null;
}

export interface ReferralConsentsTable {
  id: Generated<string>;
  subject_id: string;
  organisation_id: string;
  for_organisation_id: string;
  given_by: ConsentGiver;
  /** `YYYY-MM-DD` (date columns are read as text). */
  given_on: string;
  expires_on: string;
  sealed_justification: string | null;
  flagged: ColumnType<boolean, boolean | undefined, boolean>;
  reviewed_at: Date | null;
  reviewed_by: string | null;
  recorded_by: string | null;
  recorded_at: CreatedAt;
  revoked_at: Date | null;
  revoked_by: string | null;
}

export interface ReferralsTable {
  id: Generated<string>;
  subject_id: string;
  consent_id: string | null;
  sender_organisation_id: string;
  sender_person_id: string | null;
  service_id: string | null;
  receiving_organisation_id: string | null;
  service_name: string;
  taxonomy: List<ResourceTaxonomy>;
  logged: ColumnType<boolean, boolean | undefined, boolean>;
  disclosed_fields: List<DisclosableField>;
  /** Sealed JSON of the disclosed fields (context `referrals.disclosed:<id>`); null once wiped. */
  sealed_disclosed: string | null;
  out_of_region_reason: string | null;
  status: ColumnType<ReferralStatus, ReferralStatus | undefined, ReferralStatus>;
  outcome: ReferralOutcome | null;
  decline_reason: DeclineReason | null;
  sent_at: ColumnType<Date, Date | undefined, Date>;
  due_at: Date | null;
  answered_at: Date | null;
  first_contact_on: string | null;
  escalated_at: Date | null;
  closed_at: Date | null;
  created_by: string | null;
  updated_at: UpdatedAt;
  version: Version;
}

export type ReferralEventKind =
  | 'sent'
  | 'logged'
  | 'status'
  | 'outcome'
  | 'note'
  | 'escalated'
  | 'handover'
  | 'consent_revoked'
  | 'consent_expired';

export interface ReferralEventsTable {
  id: Generated<string>;
  seq: ColumnType<string, never, never>;
  referral_id: string;
  at: ColumnType<Date, Date, never>;
  kind: ReferralEventKind;
  actor_person_id: string | null;
  actor_organisation_id: string | null;
  from_status: ReferralStatus | null;
  to_status: ReferralStatus | null;
  outcome: ReferralOutcome | null;
  /** Sealed (context `referral_events.note:<id>`). */
  sealed_note: string | null;
}

export interface ReferralDisclosuresTable {
  id: Generated<string>;
  referral_id: string | null;
  consent_id: string | null;
  disclosed_at: ColumnType<Date, Date, never>;
  disclosed_by: string | null;
  from_organisation_id: string;
  to_organisation_id: string;
  fields: DisclosableField[];
  legal_basis: ReferralLegalBasis;
  flagged: ColumnType<boolean, boolean | undefined, boolean>;
  reviewed_at: Date | null;
  reviewed_by: string | null;
}

/** Tables of the referrals (migration 0020). */
export interface ReferralTables {
  referral_subjects: ReferralSubjectsTable;
  referral_consents: ReferralConsentsTable;
  referrals: ReferralsTable;
  referral_events: ReferralEventsTable;
  referral_disclosures: ReferralDisclosuresTable;
}

declare module '../../platform/db/schema.js' {
  interface DB extends ReferralTables {}
}
