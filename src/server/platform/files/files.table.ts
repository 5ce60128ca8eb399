import type { ColumnType } from 'kysely';

export interface FilesTable {
  id: string;
  filename: string;
  mime_type: string;
  size_bytes: number;
  sha256: string;
  restricted: ColumnType<boolean, boolean | undefined, boolean>;
  content: Buffer;
  created_by: string | null;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface FileTables {
  files: FilesTable;
}
