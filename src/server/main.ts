import { buildApp } from './app.js';
import {
  DEMO_ACCOUNT_EMAILS,
  DEMO_PASSWORD,
  hasAnyPerson,
  isDemoLoaded,
  loadDemoData,
} from './demo/demo-data.js';
import { ConfigError, loadConfig } from './platform/config.js';
import { openMigratedDatabase } from './platform/db/database-setup.js';
import { faultCode } from './platform/db/faults.js';
import { registerPlatformJobs } from './platform/jobs/platform-jobs.js';

function line(text: string): void {
  process.stdout.write(`${text}\n`);
}

/**
 * Starts Filet: validates the configuration, opens and migrates the database, (in demo mode) loads the
 * fictional demo data once, then listens. SIGINT/SIGTERM close the server, jobs and database cleanly.
 */
export async function startServer(options: { demo: boolean }): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env, { demo: options.demo });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  // The pool's lost connections are reported through the app's logger once it exists.
  let reportConnectionError = (_error: Error) => {};
  const database = await openMigratedDatabase(config, {
    onMigration: (name) => line(`migration appliquée / applied: ${name}`),
    onConnectionError: (error) => reportConnectionError(error),
  });
  const app = await buildApp({ config, database });
  reportConnectionError = (error) =>
    app.log.warn({ reason: faultCode(error) }, 'a database connection failed; the pool replaces it');
  const platform = app.platform;

  if (config.demo) {
    if (!(await isDemoLoaded(platform))) {
      if (await hasAnyPerson(platform)) {
        process.stderr.write(
          'Cette base contient des données réelles : le mode démo refuse de s’y ajouter. / This database holds real data: demo mode will not add to it.\n',
        );
        await app.close();
        await database.close();
        process.exit(1);
      }
      line('Chargement des données de démonstration fictives… / loading fictional demo data…');
      const loaded = await loadDemoData(platform, (message) => line(`  ${message}`));
      line(`  ${loaded.organisations} organisations, ${loaded.people} personnes / people`);
    }
  }

  registerPlatformJobs(platform);
  await platform.notifier.start();
  if (config.runJobs) await platform.jobs.start();

  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'closing');
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void close('SIGINT'));
  process.on('SIGTERM', () => void close('SIGTERM'));

  app.server.requestTimeout = 30_000;
  app.server.headersTimeout = 15_000;
  app.server.keepAliveTimeout = 5_000;
  const address = await app.listen({ port: config.port, host: config.host });

  line('');
  line(`Filet est prêt / Filet is ready: ${config.demo ? config.publicUrl : address}`);
  if (config.demo) {
    line('');
    line('MODE DÉMO — données fictives / DEMO MODE — fictional data');
    line(`Mot de passe de tous les comptes de démo / password of every demo account: ${DEMO_PASSWORD}`);
    line(
      'Comptes / accounts (le code à 6 chiffres est affiché sur la page de connexion / the 6-digit code is shown on the sign-in page):',
    );
    for (const email of DEMO_ACCOUNT_EMAILS) line(`  - ${email}`);
  }
  if (database.engine === 'pglite') {
    line('');
    line(
      'Base intégrée PGlite : pour essayer Filet ou une petite installation. En production, utilisez PostgreSQL (DATABASE_URL). / Embedded PGlite: for trying Filet; production runs on PostgreSQL (DATABASE_URL).',
    );
  }
}
