/**
 * Filet's own source as the guard tests read it: files listed under a folder, parsed by the TypeScript
 * compiler (syntax only), paths relative to the repository with forward slashes.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Every `.ts` and `.tsx` file under `folder` (relative to the repository), declaration files excepted. */
export function sourceFiles(folder: string): string[] {
  const found: string[] = [];
  const visit = (relative: string) => {
    for (const entry of readdirSync(path.join(ROOT, relative), { withFileTypes: true })) {
      const child = `${relative}/${entry.name}`;
      if (entry.isDirectory()) visit(child);
      else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) found.push(child);
    }
  };
  visit(folder);
  return found.sort();
}

/** The syntax tree of one file of the repository. */
export function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(
    file,
    readFileSync(path.join(ROOT, file), 'utf8'),
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
}

/** Where a node starts, as `file:line`. */
export function place(source: ts.SourceFile, node: ts.Node): string {
  return `${source.fileName}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`;
}

export interface ImportReference {
  /** `file:line` of the import. */
  at: string;
  specifier: string;
  /**
   * The file or folder imported, relative to the repository and without extension (`…/index` for a
   * folder); null for a package.
   */
  target: string | null;
}

/** Resolves a relative specifier of `file` the way the bundler and Node do for Filet's sources. */
export function resolveSpecifier(file: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
  const absolute = path.join(ROOT, target);
  if (existsSync(absolute) && statSync(absolute).isDirectory()) return `${target}/index`;
  return target.replace(/\.(js|jsx|ts|tsx)$/, '');
}

/**
 * Every reference from one file to another: imports (type-only too), re-exports, dynamic `import()`,
 * `import('…')` types and `declare module '…'` augmentations.
 */
export function importsOf(file: string): ImportReference[] {
  const source = parse(file);
  const found: ImportReference[] = [];
  const add = (node: ts.Node, literal: ts.Node | undefined) => {
    if (!literal || !ts.isStringLiteralLike(literal)) return;
    found.push({
      at: place(source, node),
      specifier: literal.text,
      target: resolveSpecifier(file, literal.text),
    });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node, node.moduleSpecifier);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword)
      add(node, node.arguments[0]);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument))
      add(node, node.argument.literal);
    else if (ts.isModuleDeclaration(node) && ts.isStringLiteral(node.name)) add(node, node.name);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference))
      add(node, node.moduleReference.expression);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The server module a path belongs to (`src/server/modules/<name>/…`), or null. */
export function moduleOf(file: string): string | null {
  return /^src\/server\/modules\/([^/]+)\//.exec(file)?.[1] ?? null;
}
