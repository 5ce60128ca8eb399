#!/usr/bin/env node
// The `filet` command: runs src/cli/main.ts under tsx (resolved from this package, whatever the
// working directory), with the same standard streams, and leaves with the command's exit status.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const loader = import.meta.resolve('tsx');
const cli = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const child = spawn(process.execPath, ['--import', loader, cli, ...process.argv.slice(2)], {
  stdio: 'inherit',
});

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
for (const signal of SIGNALS) {
  // The child closes its database before leaving: pass the signal on rather than die first.
  process.on(signal, () => child.kill(signal));
}

child.on('error', (error) => {
  process.stderr.write(`filet: ${error.message}\n`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  if (signal) {
    for (const s of SIGNALS) process.removeAllListeners(s);
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 1);
});
