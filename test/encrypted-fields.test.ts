import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../src/server/encrypted-fields.js';
import { ENCRYPTED_FIELDS } from '../src/server/platform/crypto/rotate.js';
import type { TestApp } from './support/app.js';
import { openDemo } from './support/demo.js';

/**
 * Key rotation re-seals, then deletes retired keys that no REGISTERED column names any more: a sealed
 * value in a column missing from the registry would become unreadable. This test loads the whole demo
 * (every module writes its encrypted data there) and looks for sealed values in every text and bytea
 * column of the schema.
 */
let demo: TestApp;
beforeAll(async () => {
  demo = await openDemo({ now: new Date('2026-11-20T15:00:00Z') });
}, 120_000);
afterAll(async () => {
  await demo.close();
});

const SEALED = '^v1\\.[A-Za-z0-9_-]{8}\\.[A-Za-z0-9_-]{20,}';

describe('encrypted columns registry', () => {
  it('names every column in which the demo stores a sealed value', async () => {
    const columns = await sql<{ table_name: string; column_name: string; data_type: string }>`
      select table_name, column_name, data_type from information_schema.columns
      where table_schema = current_schema() and data_type in ('text', 'bytea')
      order by table_name, column_name`.execute(demo.platform.db);
    const found: string[] = [];
    for (const { table_name, column_name, data_type } of columns.rows) {
      // The head of a bytea value as text, whatever its bytes ('escape' encoding never fails).
      const value =
        data_type === 'bytea'
          ? sql`encode(substring(${sql.ref(column_name)} from 1 for 60), 'escape')`
          : sql`${sql.ref(column_name)}`;
      const hit = await sql<{ n: number }>`
        select count(*)::int as n from ${sql.table(table_name)}
        where ${sql.ref(column_name)} is not null and ${value} ~ ${SEALED}`.execute(demo.platform.db);
      if ((hit.rows[0]?.n ?? 0) > 0) found.push(`${table_name}.${column_name}`);
    }
    const registered = new Set(ENCRYPTED_FIELDS.map((f) => `${f.table}.${f.column}`));
    // The demo stores sealed values in the modules' restricted columns: the scan must find them.
    expect(found).toEqual(
      expect.arrayContaining(['tips.content', 'alert_profiles.content', 'alerts.content']),
    );
    expect(found.filter((column) => !registered.has(column))).toEqual([]);
  });

  it('registers only columns that exist', async () => {
    const columns = await sql<{ name: string }>`
      select table_name || '.' || column_name as name from information_schema.columns
      where table_schema = current_schema()`.execute(demo.platform.db);
    const existing = new Set(columns.rows.map((r) => r.name));
    const missing = ENCRYPTED_FIELDS.flatMap((f) =>
      [f.column, f.idColumn, ...(f.onlyWhere ? [f.onlyWhere] : [])]
        .map((c) => `${f.table}.${c}`)
        .filter((name) => !existing.has(name)),
    );
    expect(missing).toEqual([]);
  });
});
