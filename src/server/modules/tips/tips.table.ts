import type { ColumnType } from 'kysely';
import type { Channel, Disposition, TipStatus } from '../../../shared/contracts/tips.values.js';

export {
  CHANNELS,
  type Channel,
  DISPOSITIONS,
  type Disposition,
  STATUSES,
  type TipStatus,
} from '../../../shared/contracts/tips.values.js';

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export interface TipUnitsTable {
  id: ColumnType<string, string | undefined, never>;
  service_id: string;
  name: string;
}

export interface TipUnitMembersTable {
  unit_id: string;
  person_id: string;
}

export interface TipsTable {
  id: string;
  service_id: string;
  channel: Channel;
  source: 'web' | 'phone';
  receipt_hash: string;
  content: string;
  status: ColumnType<TipStatus, TipStatus | undefined, TipStatus>;
  priority: ColumnType<Priority, Priority | undefined, Priority>;
  category: Channel;
  unit_id: string | null;
  has_identity: ColumnType<boolean, boolean | undefined, boolean>;
  received_at: Date;
  tipster_access_until: Date;
  expires_at: ColumnType<string, string, string>;
  entered_by: string | null;
  disposition: ColumnType<Disposition | null, Disposition | null | undefined, Disposition | null>;
  disposition_note: ColumnType<string | null, string | null | undefined, string | null>;
  announced: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface TipRetentionPeriodsTable {
  service_id: string;
  channel: Channel;
  days: number;
  updated_at: Date;
  updated_by: string | null;
}

export interface TipNotesTable {
  id: string;
  tip_id: string;
  author_person_id: string | null;
  body: string;
  created_at: Date;
}

export interface TipUnitCopiesTable {
  tip_id: string;
  unit_id: string;
}

export interface TipIdentitiesTable {
  tip_id: string;
  contact: string;
}

export interface TipMessagesTable {
  id: string;
  tip_id: string;
  author: 'police' | 'tipster';
  author_person_id: string | null;
  body: string;
  position: number;
  created_at: Date;
}

export interface TipLinksTable {
  tip_a: string;
  tip_b: string;
}

export interface TipAttachmentsTable {
  tip_id: string;
  file_id: string;
}

export interface TipCountsTable {
  month: ColumnType<string, string, string>;
  channel: string;
  outcome: string;
  count: number;
}

/** The page showing a receipt for a few minutes: SHA-256 of its ticket, the receipt sealed by the ticket. */
export interface TipReceiptTicketsTable {
  id: string;
  receipt: string;
  expires_at: Date;
}

/** Nonces of spent public-form tokens, until the tokens would have expired (rounded up to the hour). */
export interface TipFormTokensSpentTable {
  nonce: string;
  expires_at: Date;
}

/** The tip line's settings (one row at most). */
export interface TipLineSettingsTable {
  id: ColumnType<number, number | undefined, never>;
  receiving_service_id: string | null;
  updated_by: string | null;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** Tables of the tips module. */
export interface TipsTables {
  tip_units: TipUnitsTable;
  tip_unit_members: TipUnitMembersTable;
  tips: TipsTable;
  tip_unit_copies: TipUnitCopiesTable;
  tip_identities: TipIdentitiesTable;
  tip_messages: TipMessagesTable;
  tip_links: TipLinksTable;
  tip_counts: TipCountsTable;
  tip_attachments: TipAttachmentsTable;
  tip_retention_periods: TipRetentionPeriodsTable;
  tip_notes: TipNotesTable;
  tip_receipt_tickets: TipReceiptTicketsTable;
  tip_form_tokens_spent: TipFormTokensSpentTable;
  tip_line_settings: TipLineSettingsTable;
}

// The tables of the tip line join the database type the platform declares, without the platform knowing them.
declare module '../../platform/db/schema.js' {
  interface DB extends TipsTables {}
}
