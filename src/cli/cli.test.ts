import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/** The `filet` command as an operator runs it: a real process, its exit code and its output. */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const loader = pathToFileURL(
  path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'loader.mjs'),
).href;
const dataDir = mkdtempSync(path.join(tmpdir(), 'filet-cli-'));

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

function filet(args: string[], env: Record<string, string>) {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !name.startsWith('FILET_') || name.startsWith('FILET_TEST_'),
    ),
  ) as Record<string, string>;
  delete base.DATABASE_URL;
  return spawnSync(process.execPath, ['--import', loader, 'src/cli/main.ts', ...args], {
    cwd: ROOT,
    env: { ...base, FILET_MASTER_KEY: randomBytes(32).toString('base64'), FILET_DATA_DIR: dataDir, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

describe('the filet command', () => {
  it('refuses to start with a misspelt setting, naming it and the setting it resembles', () => {
    const run = filet(['migrate'], { FILET_TRUST_PROXI: '127.0.0.1' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('FILET_TRUST_PROXI: unknown setting (did you mean FILET_TRUST_PROXY?)');
  });

  it('leaves the test harness’s FILET_TEST_ variables alone', () => {
    // A bad port stops the start right after the configuration is read: only it is reported.
    const run = filet(['migrate'], { FILET_TEST_ANYTHING: '1', FILET_TRUST_PROXY: '127.0.0.1', PORT: 'x' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('PORT: "x" is not a port number');
    expect(run.stderr).not.toContain('FILET_TEST_ANYTHING');
    expect(run.stderr).not.toContain('FILET_TRUST_PROXY');
  });
});
