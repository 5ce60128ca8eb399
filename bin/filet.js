#!/usr/bin/env node
// The `filet` command: runs the compiled command line (dist/cli/main.js, made by `npm run build`) in
// this process, whatever the working directory, so signals reach the server directly and the exit
// status is the command's. Stack traces name the TypeScript sources through the build's source maps.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sourceDigest } from './source-digest.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const cli = new URL('../dist/cli/main.js', import.meta.url);
const stamp = new URL('../dist/build.json', import.meta.url);
if (!existsSync(fileURLToPath(cli)) || !existsSync(fileURLToPath(stamp))) {
  process.stderr.write('filet: not built yet: run `npm run build` in the Filet folder first\n');
  process.exit(1);
}
// Sources ship beside the build: a build older than them would run code that is no longer the code.
// (An installation that kept only the build has nothing to compare.)
const sources = sourceDigest(root);
if (sources !== null && JSON.parse(readFileSync(stamp, 'utf8')).sources !== sources) {
  process.stderr.write('filet: the sources changed since the last build: run `npm run build` first\n');
  process.exit(1);
}
process.setSourceMapsEnabled(true);
await import(cli.href);
