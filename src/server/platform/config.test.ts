import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, KNOWN_SETTINGS, loadConfig } from './config.js';

const KEY = Buffer.alloc(32, 7).toString('base64');

function problems(env: Record<string, string>, demo = false): string[] {
  try {
    loadConfig(env, { demo });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('defaults to the embedded database on 127.0.0.1:3000', () => {
    const config = loadConfig({ FILET_MASTER_KEY: KEY });
    expect(config).toMatchObject({
      databaseUrl: null,
      port: 3000,
      host: '127.0.0.1',
      publicUrl: 'http://127.0.0.1:3000',
    });
    expect(config.secureCookies).toBe(false);
    expect(config.masterKey.length).toBe(32);
  });

  it('refuses to start without a master key outside demo mode', () => {
    expect(problems({})).toEqual([expect.stringContaining('FILET_MASTER_KEY')]);
  });

  it('names every bad variable at once', () => {
    const found = problems({
      FILET_MASTER_KEY: 'trop-court',
      PORT: 'quatre-vingt',
      DATABASE_URL: 'mysql://x',
      PUBLIC_URL: 'ftp://filet',
      SMTP_URL: 'http://mail',
      LOG_LEVEL: 'bavard',
    });
    for (const name of ['FILET_MASTER_KEY', 'PORT', 'DATABASE_URL', 'PUBLIC_URL', 'SMTP_URL', 'LOG_LEVEL']) {
      expect(
        found.some((p) => p.startsWith(name)),
        name,
      ).toBe(true);
    }
  });

  it('rejects a key of the wrong length and both key sources at once', () => {
    expect(problems({ FILET_MASTER_KEY: Buffer.alloc(16).toString('base64') })[0]).toContain('16 bytes');
    expect(problems({ FILET_MASTER_KEY: KEY, FILET_MASTER_KEY_FILE: '/nowhere' })[0]).toContain('not both');
    expect(problems({ FILET_MASTER_KEY_FILE: '/nowhere/filet.key' })[0]).toContain('does not exist');
  });

  it('bounds every wait on the database, with defaults and one line per bad value', () => {
    expect(loadConfig({ FILET_MASTER_KEY: KEY }).dbTimeouts).toEqual({
      connectMs: 5_000,
      statementMs: 30_000,
      queryMs: 35_000,
    });
    // A longer statement time-out carries the query time-out with it, unless that one is given.
    expect(loadConfig({ FILET_MASTER_KEY: KEY, FILET_DB_STATEMENT_TIMEOUT_MS: '120000' }).dbTimeouts).toEqual(
      { connectMs: 5_000, statementMs: 120_000, queryMs: 125_000 },
    );
    expect(
      loadConfig({
        FILET_MASTER_KEY: KEY,
        FILET_DB_CONNECT_TIMEOUT_MS: '2000',
        FILET_DB_STATEMENT_TIMEOUT_MS: '0',
        FILET_DB_QUERY_TIMEOUT_MS: '0',
      }).dbTimeouts,
    ).toEqual({ connectMs: 2_000, statementMs: 0, queryMs: 0 });

    const found = problems({
      FILET_MASTER_KEY: KEY,
      FILET_DB_CONNECT_TIMEOUT_MS: '0',
      FILET_DB_STATEMENT_TIMEOUT_MS: 'trente secondes',
      FILET_DB_QUERY_TIMEOUT_MS: '-5',
    });
    expect(found).toHaveLength(3);
    expect(found[0]).toMatch(/^FILET_DB_CONNECT_TIMEOUT_MS: "0" must be a whole number of milliseconds/);
    expect(found[1]).toMatch(/^FILET_DB_STATEMENT_TIMEOUT_MS: /);
    expect(found[2]).toMatch(/^FILET_DB_QUERY_TIMEOUT_MS: /);
    expect(
      problems({
        FILET_MASTER_KEY: KEY,
        FILET_DB_STATEMENT_TIMEOUT_MS: '60000',
        FILET_DB_QUERY_TIMEOUT_MS: '30000',
      }),
    ).toEqual([
      expect.stringMatching(/^FILET_DB_QUERY_TIMEOUT_MS: must be longer than FILET_DB_STATEMENT_TIMEOUT_MS/),
    ]);
  });

  it('turns on Secure cookies behind https', () => {
    expect(
      loadConfig({ FILET_MASTER_KEY: KEY, PUBLIC_URL: 'https://filet.example.test/' }).secureCookies,
    ).toBe(true);
  });

  it('takes a metrics token of at least 32 characters, and none by default', () => {
    expect(loadConfig({ FILET_MASTER_KEY: KEY }).metricsToken).toBeNull();
    const token = 'a'.repeat(64);
    expect(loadConfig({ FILET_MASTER_KEY: KEY, FILET_METRICS_TOKEN: ` ${token}\n` }).metricsToken).toBe(
      token,
    );
    expect(problems({ FILET_MASTER_KEY: KEY, FILET_METRICS_TOKEN: 'court' })[0]).toMatch(
      /^FILET_METRICS_TOKEN: .*32 characters/,
    );
    expect(
      problems({ FILET_MASTER_KEY: KEY, FILET_METRICS_TOKEN: `${'a'.repeat(20)} ${'b'.repeat(20)}` }),
    ).toHaveLength(1);
  });

  it('generates a demo key once, readable by the owner only, and reuses it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'filet-config-'));
    const first = loadConfig({ FILET_DATA_DIR: dir }, { demo: true });
    const file = path.join(dir, 'master.key');
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')).toEqual(first.masterKey);
    expect(loadConfig({ FILET_DATA_DIR: dir }, { demo: true }).masterKey).toEqual(first.masterKey);
  });

  it('stops on an unknown FILET_ setting, one line each, naming the setting it resembles', () => {
    expect(problems({ FILET_MASTER_KEY: KEY, FILET_TRUST_PROXI: '127.0.0.1' })).toEqual([
      'FILET_TRUST_PROXI: unknown setting (did you mean FILET_TRUST_PROXY?)',
    ]);
    expect(problems({ FILET_MASTER_KEY: KEY, FILET_JOB: '0', FILET_COULEUR: 'bleu' })).toEqual([
      'FILET_COULEUR: unknown setting',
      'FILET_JOB: unknown setting (did you mean FILET_JOBS?)',
    ]);
  });

  it('accepts every known setting, the test harness’s FILET_TEST_ variables and other programs’ variables', () => {
    const env: Record<string, string> = { FILET_MASTER_KEY: KEY };
    for (const name of KNOWN_SETTINGS) env[name] ??= 'x';
    const found = problems({
      ...env,
      FILET_TEST_TEMPLATE: '/tmp/modele',
      FILET_TEST_BROWSER_SKIP_REPORTED: '1',
      BENCH_SECONDS: '5',
      HOME: '/root',
    });
    expect(found.length).toBeGreaterThan(0);
    expect(found.filter((p) => p.includes('unknown setting'))).toEqual([]);
    expect(
      problems({
        FILET_MASTER_KEY: KEY,
        FILET_TEST_DIR: '/tmp/x',
        FILET_ADMIN_PASSWORD: 'x',
        FILET_DEBUG: '1',
      }),
    ).toEqual([]);
  });

  it('reads the trusted proxies as addresses and CIDR ranges, and refuses anything else', () => {
    expect(loadConfig({ FILET_MASTER_KEY: KEY }).trustProxy).toBe(false);
    expect(
      loadConfig({ FILET_MASTER_KEY: KEY, FILET_TRUST_PROXY: ' 127.0.0.1, 10.0.1.0/24,::1,fd00::/8 ' })
        .trustProxy,
    ).toEqual(['127.0.0.1', '10.0.1.0/24', '::1', 'fd00::/8']);
    expect(problems({ FILET_MASTER_KEY: KEY, FILET_TRUST_PROXY: '10.0.0.1,mandataire,10.0.0.0/33' })).toEqual(
      [
        expect.stringMatching(
          /^FILET_TRUST_PROXY: "mandataire", "10.0.0.0\/33" is not an IP address or CIDR range/,
        ),
      ],
    );
    // A bare count of proxies cannot tell a proxy from a client that reaches Filet directly.
    expect(problems({ FILET_MASTER_KEY: KEY, FILET_TRUST_PROXY: '1' })).toEqual([
      expect.stringContaining('FILET_TRUST_PROXY: a number of proxies cannot tell a proxy from a client'),
    ]);
  });
});
