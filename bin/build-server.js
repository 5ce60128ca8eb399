#!/usr/bin/env node
// Builds the server and the `filet` command into dist/ for production, where they run on plain Node.
// Every TypeScript file of src/server, src/cli and src/shared becomes one JavaScript file at the same
// place under dist/ as under src/, so a path a module computes from its own address (the locales, the
// migrations, dist/web) reaches the same folder from either; the files the server reads beside its code
// (the common-password list, the tip line's stylesheet and script) are copied along. Tests are left
// out. Types are checked by `npm run typecheck`, not here.
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { sourceDigest } from './source-digest.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SOURCE_FOLDERS = ['server', 'cli', 'shared'];

const entryPoints = [];
const besideTheCode = [];
for (const folder of SOURCE_FOLDERS) {
  const from = path.join(ROOT, 'src', folder);
  rmSync(path.join(ROOT, 'dist', folder), { recursive: true, force: true });
  for (const entry of readdirSync(from, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (entry.name.endsWith('.test.ts')) continue;
    if (entry.name.endsWith('.ts')) entryPoints.push(file);
    else if (!entry.name.endsWith('.md')) besideTheCode.push(file);
  }
}

await build({
  absWorkingDir: ROOT,
  entryPoints,
  outbase: 'src',
  outdir: 'dist',
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  tsconfig: 'tsconfig.server.json',
  // Stack traces in the logs name the TypeScript file and line (bin/filet.js turns source maps on).
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'warning',
});

for (const file of besideTheCode) {
  const target = path.join(ROOT, 'dist', path.relative(path.join(ROOT, 'src'), file));
  mkdirSync(path.dirname(target), { recursive: true });
  copyFileSync(file, target);
}

// What the build was made from: `filet` compares it with the sources before it runs the build.
writeFileSync(path.join(ROOT, 'dist', 'build.json'), `${JSON.stringify({ sources: sourceDigest(ROOT) })}\n`);
