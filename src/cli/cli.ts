import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { createAuditWriter } from '../server/platform/audit/audit.js';
import { auditHead, verifyAuditChain } from '../server/platform/audit/verify.js';
import { type Config, ConfigError, loadConfig } from '../server/platform/config.js';
import { Keyring } from '../server/platform/crypto/keyring.js';
import { rotateDataKey } from '../server/platform/crypto/rotate.js';
// Modules' encrypted columns must be registered before `keys rotate` runs.
import '../server/encrypted-fields.js';
import { backupDatabase, restoreDatabase } from '../server/platform/db/backup.js';
import { type Database, openDatabase } from '../server/platform/db/database.js';
import { openMigratedDatabase } from '../server/platform/db/database-setup.js';
import { withoutStatementLimits } from '../server/platform/db/pool.js';
import { promptHidden } from './prompt.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A problem the person can fix: printed as is, without a stack. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_FAILURE,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

const HELP = `filet — plateforme Filet / the Filet platform

Usage: filet <commande / command> [options]

  start                         démarre le serveur / start the server
  demo                          démarre avec des données fictives / start with fictional demo data
  migrate                       applique les migrations / apply database migrations
  create-admin --email E [--given-name G] [--family-name F] [--organisation NAME]
                                crée un compte administrateur (mot de passe : FILET_ADMIN_PASSWORD
                                ou saisie masquée) / create an administrator (password from
                                FILET_ADMIN_PASSWORD or a hidden prompt)
  access restore-coordinator --email E
                                nomme coordination d'organisation un membre d'une organisation qui
                                n'a plus personne pour consentir (ni coordination ni responsable
                                des renseignements personnels) / names a member coordinator of an
                                organisation left with nobody to consent for it
  audit verify                  vérifie la chaîne du journal d'audit / verify the audit chain
  backup --out FILE             sauvegarde la base (JSON lines gzip) / back up the database
  restore --in FILE             restaure dans une base vide / restore into an empty database
  keys rotate [--keep-minutes N]
                                nouvelle clé de données, rechiffrement, suppression des clés
                                inutilisées (PostgreSQL : retirées depuis 60 min) / new data key,
                                re-encryption, unused keys deleted (PostgreSQL: retired 60+ min ago)

Environnement / environment: DATABASE_URL (PostgreSQL) or FILET_DATA_DIR (PGlite, ./data),
FILET_MASTER_KEY or FILET_MASTER_KEY_FILE (32 bytes, base64).

Codes de sortie / exit codes: 0 ok, 1 échec / failure, 2 usage.
`;

function out(text: string): void {
  process.stdout.write(`${text}\n`);
}

function err(text: string): void {
  process.stderr.write(`${text}\n`);
}

type Options = Record<string, { type: 'string' | 'boolean'; short?: string }>;

function parse<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n\n${HELP}`, EXIT_USAGE);
  }
}

function config(): Config {
  return loadConfig(process.env);
}

async function withDatabase<T>(
  open: () => Promise<Database>,
  work: (database: Database) => Promise<T>,
): Promise<T> {
  const database = await open();
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

// Commands run long on purpose (a backup, a rotation, a migration that builds an index): only opening
// a connection is bounded, not the statements.
function openPlain(cfg: Config): Promise<Database> {
  return openDatabase({
    databaseUrl: cfg.databaseUrl,
    dataDir: cfg.dataDir,
    timeouts: withoutStatementLimits(cfg.dbTimeouts),
  });
}

function openMigrated(cfg: Config, quiet = false): Promise<Database> {
  return openMigratedDatabase(cfg, {
    timeouts: withoutStatementLimits(cfg.dbTimeouts),
    onMigration: (name) => (quiet ? err : out)(`migration appliquée / applied: ${name}`),
  });
}

function rate(entries: number, seconds: number): string {
  return seconds > 0 ? `${Math.round(entries / seconds).toLocaleString('fr-CA')}` : '—';
}

async function migrateCommand(args: string[]): Promise<number> {
  parse(args, {});
  const cfg = config();
  let applied = 0;
  const database = await openMigratedDatabase(cfg, {
    timeouts: withoutStatementLimits(cfg.dbTimeouts),
    onMigration: (name) => {
      applied++;
      out(`migration appliquée / applied: ${name}`);
    },
  });
  await database.close();
  out(applied === 0 ? 'Base à jour / database up to date' : `${applied} migration(s) appliquée(s) / applied`);
  return EXIT_OK;
}

async function createAdminCommand(args: string[]): Promise<number> {
  const { values } = parse(args, {
    email: { type: 'string' },
    'given-name': { type: 'string' },
    'family-name': { type: 'string' },
    organisation: { type: 'string' },
  });
  if (!values.email) throw new CliError(`--email est requis / --email is required\n\n${HELP}`, EXIT_USAGE);
  let password = process.env.FILET_ADMIN_PASSWORD ?? '';
  if (!password) {
    if (!process.stdin.isTTY) {
      throw new CliError(
        'Aucun terminal : donnez le mot de passe dans FILET_ADMIN_PASSWORD / no terminal: set FILET_ADMIN_PASSWORD',
      );
    }
    password = await promptHidden('Mot de passe / password (12+): ');
    const again = await promptHidden('Confirmez / confirm: ');
    if (password !== again) throw new CliError('Les mots de passe diffèrent / passwords differ');
  }
  const cfg = config();
  const { createAdministrator } = await import('../server/platform/auth/admin.js');
  const created = await withDatabase(
    () => openMigrated(cfg),
    async (database) => {
      const keyring = new Keyring(cfg.masterKey);
      await keyring.load(database.db);
      const audit = createAuditWriter(() => keyring.auditChainKey());
      return createAdministrator(database, keyring, audit, {
        email: values.email!,
        givenName: values['given-name'] ?? 'Administrateur',
        familyName: values['family-name'] ?? 'Filet',
        organisationName: values.organisation ?? 'Filet',
        password,
      });
    },
  );
  out(`Administrateur créé / administrator created: ${values.email} (${created.personId})`);
  out('');
  out('Ajoutez ce compte à votre application d’authentification / add it to your authenticator app:');
  out(created.otpauthUri);
  if (process.stdout.isTTY) {
    const { default: qrcode } = await import('qrcode');
    out(await qrcode.toString(created.otpauthUri, { type: 'terminal', small: true }));
  }
  return EXIT_OK;
}

async function restoreCoordinatorCommand(args: string[]): Promise<number> {
  const { values } = parse(args, { email: { type: 'string' } });
  if (!values.email) throw new CliError(`--email est requis / --email is required\n\n${HELP}`, EXIT_USAGE);
  const cfg = config();
  const { restoreCoordinator, AdminInputError } = await import('../server/platform/auth/admin.js');
  try {
    const restored = await withDatabase(
      () => openMigrated(cfg),
      async (database) => {
        const keyring = new Keyring(cfg.masterKey);
        await keyring.load(database.db);
        const audit = createAuditWriter(() => keyring.auditChainKey());
        return restoreCoordinator(database, audit, { email: values.email! });
      },
    );
    out(
      `Coordination rétablie / coordinator restored: ${values.email} (${restored.personId}), organisation ${restored.organisationId}`,
    );
    return EXIT_OK;
  } catch (error) {
    if (error instanceof AdminInputError) throw new CliError(`Refusé / refused: ${error.message}`);
    throw error;
  }
}

async function auditVerifyCommand(args: string[]): Promise<number> {
  parse(args, {});
  const cfg = config();
  return withDatabase(
    () => openPlain(cfg),
    async (database) => {
      const keys = await sql<{ n: number }>`select count(*)::int as n from encryption_keys`.execute(
        database.db,
      );
      if (Number(keys.rows[0]?.n ?? 0) === 0) {
        const head = await auditHead(database.db);
        if (!head) {
          out('Journal d’audit vide / empty audit log: 0 entrées / entries');
          return EXIT_OK;
        }
        throw new CliError('Aucune clé de chaîne d’audit dans la base / no audit-chain key in the database');
      }
      const keyring = new Keyring(cfg.masterKey);
      await keyring.reload(database.db);
      const started = process.hrtime.bigint();
      let reported = 0;
      const verdict = await verifyAuditChain(database.db, keyring.auditChainKey(), (checked) => {
        if (Math.floor(checked / 100_000) > reported) {
          reported = Math.floor(checked / 100_000);
          err(`  … ${checked.toLocaleString('fr-CA')} entrées vérifiées / entries checked`);
        }
      });
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (!verdict.ok) {
        err(
          `JOURNAL D’AUDIT ROMPU / AUDIT CHAIN BROKEN at seq ${verdict.firstBroken}: ${verdict.reason} (${verdict.entries} entrées intactes avant / intact entries before)`,
        );
        return EXIT_FAILURE;
      }
      const head = await auditHead(database.db);
      out(
        `Journal d’audit intègre / audit chain intact: ${verdict.entries} entrées / entries en / in ${seconds.toFixed(2)} s (${rate(verdict.entries, seconds)} entrées/s)`,
      );
      // The chain cannot show that its newest entries were cut off: keep the head somewhere else.
      if (head) out(`Tête / head: seq ${head.seq} ${head.hash}`);
      return EXIT_OK;
    },
  );
}

async function backupCommand(args: string[]): Promise<number> {
  const { values } = parse(args, { out: { type: 'string', short: 'o' } });
  if (!values.out) throw new CliError(`--out est requis / --out is required\n\n${HELP}`, EXIT_USAGE);
  const file = path.resolve(values.out);
  const cfg = config();
  return withDatabase(
    () => openPlain(cfg),
    async (database) => {
      // The key is checked first: a backup this master key cannot restore is worth nothing.
      const keyring = new Keyring(cfg.masterKey);
      await keyring.load(database.db);
      const summary = await backupDatabase(database, file, ({ table, rows }) => err(`  ${table}: ${rows}`));
      // A backup discloses everything: it is journalled like any other export.
      const audit = createAuditWriter(() => keyring.auditChainKey());
      await database.db.transaction().execute((trx) =>
        audit.append(trx, {
          actor: null,
          action: 'backup.database.create',
          meta: { tables: summary.tables, rows: summary.rows, file: path.basename(file) },
        }),
      );
      out(
        `Sauvegarde écrite / backup written: ${file} (${summary.tables} tables, ${summary.rows} lignes / rows)`,
      );
      return EXIT_OK;
    },
  );
}

async function restoreCommand(args: string[]): Promise<number> {
  const { values } = parse(args, { in: { type: 'string', short: 'i' } });
  if (!values.in) throw new CliError(`--in est requis / --in is required\n\n${HELP}`, EXIT_USAGE);
  const file = path.resolve(values.in);
  const cfg = config();
  return withDatabase(
    () => openMigrated(cfg, true),
    async (database) => {
      const summary = await restoreDatabase(database, file, {
        masterKey: cfg.masterKey,
        onProgress: ({ table, rows }) => err(`  ${table}: ${rows}`),
      });
      out(
        `Restauration terminée / restore complete: ${summary.tables} tables, ${summary.rows} lignes / rows (sauvegarde du / backup of ${summary.createdAt}); journal d’audit vérifié / audit chain verified`,
      );
      return EXIT_OK;
    },
  );
}

async function keysRotateCommand(args: string[]): Promise<number> {
  const { values } = parse(args, { 'keep-minutes': { type: 'string' } });
  const keepMinutes = values['keep-minutes'] === undefined ? null : Number(values['keep-minutes']);
  if (keepMinutes !== null && (!Number.isFinite(keepMinutes) || keepMinutes < 0)) {
    throw new CliError('--keep-minutes: un nombre de minutes / a number of minutes', EXIT_USAGE);
  }
  const cfg = config();
  return withDatabase(
    () => openMigrated(cfg, true),
    async (database) => {
      const keyring = new Keyring(cfg.masterKey);
      await keyring.load(database.db);
      const audit = createAuditWriter(() => keyring.auditChainKey());
      // On PGlite the data folder's lock proves no server runs; on PostgreSQL servers may still hold the
      // old key in memory for a moment, so a key retired less than an hour ago is kept by default.
      const retiredForMs = (keepMinutes ?? (database.engine === 'postgres' ? 60 : 0)) * 60_000;
      const result = await rotateDataKey(
        database,
        keyring,
        audit,
        ({ table, column, reencrypted }) => err(`  ${table}.${column}: ${reencrypted}`),
        { retiredForMs },
      );
      out(`Nouvelle clé de données / new data key: ${result.newKeyId}`);
      out(`Valeurs rechiffrées / values re-encrypted: ${result.reencrypted}`);
      out(
        `Anciennes clés supprimées / retired keys deleted: ${result.retiredKeys.length > 0 ? result.retiredKeys.join(', ') : '—'}`,
      );
      if (retiredForMs > 0) {
        out(
          `Clés retirées depuis moins de ${retiredForMs / 60_000} min conservées (serveurs en marche) ; la prochaine rotation les supprime / keys retired less than ${retiredForMs / 60_000} min ago are kept for running servers; the next rotation deletes them`,
        );
      }
      return EXIT_OK;
    },
  );
}

async function startCommand(args: string[], demo: boolean): Promise<number> {
  parse(args, {});
  const { startServer } = await import('../server/main.js');
  await startServer({ demo });
  return -1;
}

/**
 * Runs one `filet` command and resolves to its exit code, or -1 for the commands that keep running
 * (start, demo). Every database it opens is closed before it resolves.
 */
export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      (command ? out : err)(HELP);
      return command ? EXIT_OK : EXIT_USAGE;
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      out(HELP);
      return EXIT_OK;
    }
    switch (command) {
      case 'start':
        return await startCommand(rest, false);
      case 'demo':
        return await startCommand(rest, true);
      case 'migrate':
        return await migrateCommand(rest);
      case 'create-admin':
        return await createAdminCommand(rest);
      case 'backup':
        return await backupCommand(rest);
      case 'restore':
        return await restoreCommand(rest);
      case 'access':
        if (rest[0] === 'restore-coordinator') return await restoreCoordinatorCommand(rest.slice(1));
        break;
      case 'audit':
        if (rest[0] === 'verify') return await auditVerifyCommand(rest.slice(1));
        break;
      case 'keys':
        if (rest[0] === 'rotate') return await keysRotateCommand(rest.slice(1));
        break;
    }
    err(`Commande inconnue / unknown command: ${argv.join(' ')}\n\n${HELP}`);
    return EXIT_USAGE;
  } catch (error) {
    return report(error);
  }
}

function report(error: unknown): number {
  if (error instanceof CliError) {
    err(error.message);
    return error.exitCode;
  }
  if (error instanceof ConfigError) {
    err(error.message);
    return EXIT_FAILURE;
  }
  const message = error instanceof Error ? error.message : String(error);
  // Known failures (locked data folder, wrong master key, refused restore, bad input) carry a
  // readable message; the stack is for developers.
  err(`Erreur / error: ${message}`);
  if (process.env.FILET_DEBUG === '1' && error instanceof Error && error.stack) err(error.stack);
  return EXIT_FAILURE;
}
