import type { ColumnType } from 'kysely';

export type KeyPurpose = 'data' | 'audit_chain';

export interface EncryptionKeysTable {
  id: string;
  purpose: KeyPurpose;
  wrapped_key: string;
  status: 'active' | 'retired';
  created_at: ColumnType<Date, Date | undefined, never>;
  retired_at: Date | null;
}

export interface CryptoTables {
  encryption_keys: EncryptionKeysTable;
}
