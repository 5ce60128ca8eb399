// One digest of the sources a build is made from (src/server, src/cli, src/shared and src/web, tests
// left out): `npm run build` writes it beside the build, and `filet` refuses to run a build whose
// sources changed since, so a deployment that pulled new code but skipped the build (a security fix
// among it) does not quietly go on running the old one.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const FOLDERS = ['server', 'cli', 'shared', 'web'];

/** SHA-256 over every source file's path and content, in a fixed order; null without sources. */
export function sourceDigest(root) {
  if (!existsSync(path.join(root, 'src', 'server'))) return null;
  const files = [];
  for (const folder of FOLDERS) {
    const from = path.join(root, 'src', folder);
    if (!existsSync(from)) continue;
    for (const entry of readdirSync(from, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || /\.test\.tsx?$/.test(entry.name)) continue;
      files.push(path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
    }
  }
  const hash = createHash('sha256');
  for (const file of files.sort()) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(path.join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}
