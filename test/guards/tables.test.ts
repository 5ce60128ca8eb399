/**
 * Table ownership. The platform declares its tables in `platform/db/schema.ts`; each module adds its
 * own from its `<name>.table.ts` (merged into the same `DB` interface). Read with the TypeScript
 * compiler, those declarations say who owns each table, and the test fails when a module's code
 * names a table another module owns, when a module writes a platform table, or when the platform
 * names a module's table. A table is named by a Kysely call (`selectFrom`, `insertInto`, `updateTable`,
 * `deleteFrom`, the joins…) or in the text of a `sql` template. Tests are left out: they arrange
 * records in any table.
 */
import path from 'node:path';
import { sql } from 'kysely';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/database.js';
import { moduleOf, parse, place, ROOT, sourceFiles } from './source.js';

const SCHEMA = 'src/server/platform/db/schema.ts';
const PLATFORM = 'platform';

/**
 * The identity tables are declared by the platform, whose session store reads them on every request,
 * but the accounts module is the one that manages them (organisations, people, their roles and the
 * organisation's consent, emergency access): for the other modules they are the accounts module's.
 */
const MANAGED_BY_MODULE: Record<string, string> = {
  organisations: 'accounts',
  people: 'accounts',
  person_roles: 'accounts',
  role_requests: 'accounts',
  organisation_access: 'accounts',
  access_attestations: 'accounts',
  emergency_access: 'accounts',
};

/**
 * Modules that read tables of another module. None does today: people and organisations have one
 * owner, the accounts module, that the others call (and whose pieces of SQL their queries compose). A
 * new crossing fails the test; one listed here with its reason must still happen.
 */
const KNOWN_CROSSINGS: Record<string, string[]> = {};

/** Kysely calls whose first argument names a table (`'people'`, `'people as p'`, or a list of them). */
const TABLE_CALLS = new Set([
  'selectFrom',
  'insertInto',
  'replaceInto',
  'updateTable',
  'deleteFrom',
  'mergeInto',
  'using',
  'innerJoin',
  'leftJoin',
  'rightJoin',
  'fullJoin',
  'crossJoin',
  'innerJoinLateral',
  'leftJoinLateral',
  'crossJoinLateral',
]);
const WRITE_CALLS = new Set(['insertInto', 'replaceInto', 'updateTable', 'deleteFrom', 'mergeInto']);
const SQL_NAMES = /\b(from|join|into|update|table|using)\s+(?:only\s+)?"?([a-z_][a-z0-9_]*)/gi;
const SQL_WRITES =
  /\b(?:insert\s+into|update|delete\s+from|truncate(?:\s+table)?|merge\s+into)\s+"?([a-z_][a-z0-9_]*)/gi;

interface TableMention {
  at: string;
  table: string;
  write: boolean;
}

/** Every table name a file mentions through Kysely or a `sql` template (names of no table included). */
function tableMentions(source: ts.SourceFile): TableMention[] {
  const found: TableMention[] = [];
  const visit = (node: ts.Node) => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      TABLE_CALLS.has(node.expression.name.text)
    ) {
      const first = node.arguments[0];
      const names = first && ts.isArrayLiteralExpression(first) ? [...first.elements] : first ? [first] : [];
      for (const name of names) {
        if (!ts.isStringLiteralLike(name)) continue;
        found.push({
          at: place(source, node),
          table: name.text.split(/\s+as\s+/i)[0]!.trim(),
          write: WRITE_CALLS.has(node.expression.name.text),
        });
      }
    }
    if (ts.isTaggedTemplateExpression(node) && /^sql\b/.test(node.tag.getText(source))) {
      const template = node.template;
      const text = ts.isNoSubstitutionTemplateLiteral(template)
        ? template.text
        : [template.head.text, ...template.templateSpans.map((span) => span.literal.text)].join(' ');
      const writes = new Set([...text.matchAll(SQL_WRITES)].map((match) => match[1]!.toLowerCase()));
      for (const match of text.matchAll(SQL_NAMES)) {
        const table = match[2]!.toLowerCase();
        found.push({ at: place(source, node), table, write: writes.has(table) });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * The tables of the `DB` interface as the compiler sees it once every table file has merged into it,
 * each with who declares it: a module's name, or 'platform'.
 */
function declaredTables(): Map<string, string[]> {
  const tableFiles = sourceFiles('src/server').filter((file) => file.endsWith('.table.ts'));
  const program = ts.createProgram({
    rootNames: [SCHEMA, ...tableFiles].map((file) => path.join(ROOT, file)),
    options: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      strict: true,
      skipLibCheck: true,
      noEmit: true,
      types: [],
    },
  });
  const checker = program.getTypeChecker();
  const schema = program.getSourceFile(path.join(ROOT, SCHEMA))!;
  const database = checker.getSymbolAtLocation(schema)!.exports!.get(ts.escapeLeadingUnderscores('DB'))!;
  const databaseType = checker.getDeclaredTypeOfSymbol(database) as ts.InterfaceType;
  const owners = new Map<string, string[]>();
  for (const group of checker.getBaseTypes(databaseType)) {
    const file = path.relative(ROOT, group.symbol.declarations![0]!.getSourceFile().fileName);
    const owner = moduleOf(file.split(path.sep).join('/')) ?? PLATFORM;
    for (const table of checker.getPropertiesOfType(group)) {
      owners.set(table.name, [...(owners.get(table.name) ?? []), owner]);
    }
  }
  return owners;
}

const declared = declaredTables();

/** Who a module's code must treat as a table's owner. */
function ownerFor(table: string): string | undefined {
  return MANAGED_BY_MODULE[table] ?? declared.get(table)?.[0];
}

interface ModuleMention extends TableMention {
  module: string;
}

/** The mentions of declared tables in a module's source file. */
function mentionsOf(source: ts.SourceFile): ModuleMention[] {
  return tableMentions(source)
    .map((mention) => ({ ...mention, module: moduleOf(source.fileName)! }))
    .filter((mention) => declared.has(mention.table));
}

const moduleMentions = sourceFiles('src/server/modules')
  .filter((file) => !file.endsWith('.test.ts'))
  .flatMap((file) => mentionsOf(parse(file)));

const platformMentions = sourceFiles('src/server/platform')
  .filter((file) => !file.endsWith('.test.ts'))
  .flatMap((file) => tableMentions(parse(file)))
  .filter((mention) => declared.has(mention.table));

function crossings(known: Record<string, string[]>, mentions = moduleMentions): string[] {
  return mentions
    .filter((m) => {
      const owner = ownerFor(m.table);
      return owner !== PLATFORM && owner !== m.module && !known[m.module]?.includes(m.table);
    })
    .map((m) => `${m.at} (${m.module}) names ${m.table}, owned by ${ownerFor(m.table)}`);
}

describe('table ownership', () => {
  it('knows who declares each table from the table files', () => {
    const owners = new Set([...declared.values()].flat());
    expect([...owners]).toEqual(
      expect.arrayContaining(['alerts', 'governance', 'network', PLATFORM, 'tips', 'training']),
    );
    expect(declared.get('alerts')).toEqual(['alerts']);
    expect(declared.get('questionnaires')).toEqual(['training']);
    expect(declared.get('people')).toEqual([PLATFORM]);
    // About 500 since the reads of people and organisations were written once, in the accounts module.
    expect(moduleMentions.length).toBeGreaterThan(400);
  });

  it('declares each table once', () => {
    expect([...declared].filter(([, owners]) => owners.length > 1).map(([table]) => table)).toEqual([]);
  });

  it('declares every table of the migrated database', async () => {
    const database = await createTestDatabase();
    try {
      const { rows } = await sql<{ name: string }>`
        select table_name as name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(database.db);
      // The migration runner's own ledger is read by the runner alone, never through Kysely's tables.
      const undeclared = rows.map((row) => row.name).filter((name) => !declared.has(name));
      expect(undeclared.sort()).toEqual(['schema_migrations']);
    } finally {
      await database.close();
    }
  });

  it('a module never names a table another module owns (known crossings aside)', () => {
    expect(crossings(KNOWN_CROSSINGS)).toEqual([]);
  });

  it('a module writes a platform table only through the platform', () => {
    const writes = moduleMentions
      .filter((m) => m.write && ownerFor(m.table) === PLATFORM)
      .map((m) => `${m.at} (${m.module}) writes ${m.table}`);
    expect(writes).toEqual([]);
  });

  it("the platform never names a module's table", () => {
    const named = platformMentions
      .filter((m) => declared.get(m.table)?.[0] !== PLATFORM)
      .map((m) => `${m.at} names ${m.table}, owned by ${declared.get(m.table)?.[0]}`);
    expect(named).toEqual([]);
  });

  it('lists only known crossings that still happen', () => {
    const happening = new Set(moduleMentions.map((m) => `${m.module} ${m.table}`));
    const stale = Object.entries(KNOWN_CROSSINGS).flatMap(([module, tables]) =>
      tables.filter((table) => !happening.has(`${module} ${table}`)).map((table) => `${module} ${table}`),
    );
    expect(stale).toEqual([]);
  });

  it('catches a crossing that is not on the list', () => {
    // No module crosses today: a training file that joins people stands for the one that would.
    const sample = ts.createSourceFile(
      'src/server/modules/training/sample.repository.ts',
      `db.selectFrom('training_participants as t').innerJoin('people as p', 'p.id', 't.person_id');`,
      ts.ScriptTarget.Latest,
      true,
    );
    expect(crossings(KNOWN_CROSSINGS, [...moduleMentions, ...mentionsOf(sample)])).toContainEqual(
      expect.stringMatching(
        /^src\/server\/modules\/training\/.*\(training\) names people, owned by accounts$/,
      ),
    );
  });

  it('reads table names from Kysely calls and sql templates', () => {
    const code = `
      db.selectFrom('alerts as a').innerJoin('people as p', 'p.id', 'a.raised_by');
      db.selectFrom(['organisations']).select(sql\`count(*)\`.as('n'));
      trx.insertInto('tips').values(row);
      trx.updateTable('gov_meetings').set(change);
      sql<number>\`select count(*) from training_sessions s join pivot_mandates m on \${on}\`;
      sql\`insert into audit_log (entry) select entry from person_roles\`;
      eb.selectFrom(daySpans(db));
    `;
    const mentions = tableMentions(ts.createSourceFile('example.ts', code, ts.ScriptTarget.Latest, true));
    expect(mentions.map((m) => `${m.table}${m.write ? ' (write)' : ''}`).sort()).toEqual([
      'alerts',
      'audit_log (write)',
      'gov_meetings (write)',
      'organisations',
      'people',
      'person_roles',
      'pivot_mandates',
      'tips (write)',
      'training_sessions',
    ]);
  });
});
