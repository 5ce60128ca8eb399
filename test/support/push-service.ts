import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** One request as the test push service received it; the body is base64 (it is encrypted). */
export interface ReceivedPush {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export type PushServiceRequest = { type: 'list'; id: number };
export type PushServiceReport =
  | { type: 'ready'; port: number }
  | { type: 'push'; push: ReceivedPush }
  | { type: 'list'; id: number; pushes: ReceivedPush[] }
  | { type: 'error'; message: string };

export interface TestPushService {
  /** `https://127.0.0.1:<port>`: endpoints are this plus any path (`/gone/…` answers 410, `/missing/…` 404). */
  origin: string;
  /** The service's self-signed certificate, for the sender's TLS agent. */
  ca: string;
  requests(): Promise<ReceivedPush[]>;
  waitFor(predicate: (push: ReceivedPush) => boolean, timeoutMs?: number): Promise<ReceivedPush>;
  close(): Promise<void>;
}

const CHILD_SCRIPT = fileURLToPath(new URL('./push-service-process.ts', import.meta.url));

function tsxLoaderUrl(): string {
  const require = createRequire(import.meta.url);
  const tsxPackage = require.resolve('tsx/package.json');
  return pathToFileURL(path.join(path.dirname(tsxPackage), 'dist', 'loader.mjs')).href;
}

/**
 * Starts a real HTTPS push service in a child process on an ephemeral port of 127.0.0.1, with a
 * throw-away self-signed certificate made by `openssl` for 127.0.0.1. Throws when it cannot start.
 */
export async function startTestPushService(): Promise<TestPushService> {
  const dir = mkdtempSync(path.join(tmpdir(), 'filet-push-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  const ca = readFileSync(cert, 'utf8');
  const child: ChildProcess = fork(CHILD_SCRIPT, [], {
    execPath: process.execPath,
    execArgv: ['--import', tsxLoaderUrl()],
    env: { ...process.env, PUSH_TLS_KEY: key, PUSH_TLS_CERT: cert },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'json',
  });
  const killChild = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.once('exit', killChild);

  const seen: ReceivedPush[] = [];
  const waiters = new Set<{ predicate: (p: ReceivedPush) => boolean; resolve: (p: ReceivedPush) => void }>();
  const replies = new Map<number, (pushes: ReceivedPush[]) => void>();
  let nextId = 1;
  child.on('message', (report: PushServiceReport) => {
    if (report.type === 'push') {
      seen.push(report.push);
      for (const waiter of waiters) {
        if (waiter.predicate(report.push)) {
          waiters.delete(waiter);
          waiter.resolve(report.push);
        }
      }
    } else if (report.type === 'list') {
      replies.get(report.id)?.(report.pushes);
      replies.delete(report.id);
    }
  });

  const port = await new Promise<number>((resolve, reject) => {
    const onMessage = (report: PushServiceReport) => {
      if (report.type === 'ready') resolve(report.port);
      else if (report.type === 'error') reject(new Error(`test push service failed: ${report.message}`));
    };
    child.on('message', onMessage);
    child.once('exit', (code) =>
      reject(new Error(`test push service exited before listening (code ${code})`)),
    );
  }).catch((error: unknown) => {
    killChild();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });

  return {
    origin: `https://127.0.0.1:${port}`,
    ca,
    requests() {
      const id = nextId++;
      return new Promise((resolve) => {
        replies.set(id, resolve);
        child.send({ type: 'list', id } satisfies PushServiceRequest);
      });
    },
    waitFor(predicate, timeoutMs = 10_000) {
      const already = seen.find(predicate);
      if (already) return Promise.resolve(already);
      return new Promise((resolve, reject) => {
        const waiter = {
          predicate,
          resolve: (push: ReceivedPush) => {
            clearTimeout(timer);
            resolve(push);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no matching request reached the test push service within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    async close() {
      process.off('exit', killChild);
      if (child.exitCode === null && child.signalCode === null) {
        await new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
