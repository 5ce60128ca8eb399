import { type ChildProcess, fork } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** A message as the test SMTP server received it: envelope addresses, parsed subject and bodies. */
export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html?: string;
  /** The message exactly as it arrived after DATA (headers and encoded body), for tests that parse it. */
  raw: string;
}

export interface TestSmtpServer {
  /** `smtp://127.0.0.1:<port>`: give it to the code under test as its SMTP_URL. */
  url: string;
  /** Every message received since the start (or the last `clear()`), in arrival order. */
  messages(): Promise<ReceivedMail[]>;
  /** Resolves with the first message (already received or arriving) that matches; rejects after the timeout. */
  waitFor(predicate: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  clear(): Promise<void>;
  close(): Promise<void>;
}

/** IPC from the parent to the child. */
export type ParentRequest = { type: 'list'; id: number } | { type: 'clear'; id: number };

/** IPC from the child to the parent. */
export type ServerReport =
  | { type: 'ready'; port: number }
  | { type: 'mail'; mail: ReceivedMail }
  | { type: 'list'; id: number; mails: ReceivedMail[] }
  | { type: 'cleared'; id: number }
  | { type: 'error'; message: string };

const CHILD_SCRIPT = fileURLToPath(new URL('./smtp-server-process.ts', import.meta.url));

function tsxLoaderUrl(): string {
  // Resolved from this project's node_modules, so the child works whatever the current directory is.
  const require = createRequire(import.meta.url);
  const tsxPackage = require.resolve('tsx/package.json');
  return pathToFileURL(path.join(path.dirname(tsxPackage), 'dist', 'loader.mjs')).href;
}

/**
 * Starts a real SMTP server (smtp-server, no TLS, authentication optional) in a child process on an
 * ephemeral port of 127.0.0.1. The child is killed by `close()` and when this process exits.
 * Throws when the child cannot start.
 */
export async function startTestSmtpServer(): Promise<TestSmtpServer> {
  const child: ChildProcess = fork(CHILD_SCRIPT, [], {
    execPath: process.execPath,
    execArgv: ['--import', tsxLoaderUrl()],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'json',
  });
  const killChild = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.once('exit', killChild);

  const seen: ReceivedMail[] = [];
  const waiters = new Set<{ predicate: (m: ReceivedMail) => boolean; resolve: (m: ReceivedMail) => void }>();
  const replies = new Map<number, (report: ServerReport) => void>();
  let nextId = 1;

  child.on('message', (report: ServerReport) => {
    if (report.type === 'mail') {
      seen.push(report.mail);
      for (const waiter of waiters) {
        if (waiter.predicate(report.mail)) {
          waiters.delete(waiter);
          waiter.resolve(report.mail);
        }
      }
    } else if (report.type === 'list' || report.type === 'cleared') {
      replies.get(report.id)?.(report);
      replies.delete(report.id);
    }
  });

  const port = await new Promise<number>((resolve, reject) => {
    const onMessage = (report: ServerReport) => {
      if (report.type === 'ready') {
        cleanup();
        resolve(report.port);
      } else if (report.type === 'error') {
        cleanup();
        reject(new Error(`test SMTP server failed: ${report.message}`));
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`test SMTP server exited before listening (code ${code})`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  }).catch((error: unknown) => {
    killChild();
    process.off('exit', killChild);
    throw error;
  });

  function ask(type: ParentRequest['type']): Promise<ServerReport> {
    const id = nextId++;
    return new Promise<ServerReport>((resolve, reject) => {
      if (!child.connected) {
        reject(new Error('test SMTP server is closed'));
        return;
      }
      replies.set(id, resolve);
      child.send({ type, id } satisfies ParentRequest);
    });
  }

  return {
    url: `smtp://127.0.0.1:${port}`,
    async messages() {
      const report = await ask('list');
      return report.type === 'list' ? report.mails : [];
    },
    waitFor(predicate, timeoutMs = 10_000) {
      const already = seen.find(predicate);
      if (already) return Promise.resolve(already);
      return new Promise<ReceivedMail>((resolve, reject) => {
        const waiter = {
          predicate,
          resolve: (mail: ReceivedMail) => {
            clearTimeout(timer);
            resolve(mail);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no matching e-mail reached the test SMTP server within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    async clear() {
      await ask('clear');
      seen.length = 0;
    },
    async close() {
      process.off('exit', killChild);
      if (child.exitCode !== null || child.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
  };
}
