#!/usr/bin/env node
// The `filet` command: runs the compiled command line (dist/cli/main.js, made by `npm run build`) in
// this process, whatever the working directory, so signals reach the server directly and the exit
// status is the command's. Stack traces name the TypeScript sources through the build's source maps.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write('filet: not built yet: run `npm run build` in the Filet folder first\n');
  process.exit(1);
}
process.setSourceMapsEnabled(true);
await import(cli.href);
