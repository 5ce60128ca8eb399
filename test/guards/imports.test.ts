/**
 * Import boundaries of Filet's source, read with the TypeScript compiler: the server and the web app
 * never import each other (both may import src/shared, which imports neither), the platform imports
 * neither a module nor the demo, and a module reaches another module only through its `index.ts`.
 * Every import counts: type-only, re-exports, dynamic `import()`, `import('…')` types, augmentations.
 */
import { describe, expect, it } from 'vitest';
import { type ImportReference, importsOf, moduleOf, resolveSpecifier, sourceFiles } from './source.js';

type Side = 'server' | 'web' | 'shared' | 'elsewhere';

function sideOf(file: string): Side {
  if (file.startsWith('src/server/') || file.startsWith('src/cli/')) return 'server';
  if (file.startsWith('src/web/')) return 'web';
  if (file.startsWith('src/shared/')) return 'shared';
  return 'elsewhere';
}

/**
 * Modules that reach into another module's files today instead of its `index.ts`. Each pair is a debt:
 * the imported functions belong on the other module's public face. A new pair fails the test, and a
 * pair that no longer happens must leave this list.
 */
const KNOWN_MODULE_CROSSINGS: Record<string, string> = {
  // alerts find organisations, pivots and people to reach through network.service
  'alerts → network': 'activeOrganisations, peopleWithRole, holdsActiveMandate, peopleReached…',
  // appointing a pivot gives the person the pivot role (accounts.service)
  'network → accounts': 'setPersonRoles',
  // the tips desk and the tip line read people and organisations through accounts.service
  'tips → accounts': 'getPerson, searchPeople, getOrganisation, listOrganisations',
  // the directory checks a keeper organisation exists and finds who to tell about stale entries
  'resources → accounts': 'getOrganisation, searchPeople',
  // training figures count active pivots; training supplies the network's prerequisite-training source
  'training → network': 'activePivots, setPrerequisiteTrainingSource',
};

interface Rule {
  name: string;
  /** Whether an import from `file` of `target` breaks the rule. */
  breaks(file: string, target: string): boolean;
}

const RULES: Rule[] = [
  {
    name: 'the server never imports the web app',
    breaks: (file, target) => sideOf(file) === 'server' && sideOf(target) === 'web',
  },
  {
    name: 'the web app never imports the server',
    breaks: (file, target) => sideOf(file) === 'web' && sideOf(target) === 'server',
  },
  {
    name: 'src/shared imports neither the server nor the web app',
    breaks: (file, target) =>
      sideOf(file) === 'shared' && (sideOf(target) === 'server' || sideOf(target) === 'web'),
  },
  {
    name: 'the platform never imports a module',
    breaks: (file, target) =>
      file.startsWith('src/server/platform/') && target.startsWith('src/server/modules/'),
  },
  {
    name: 'the platform never imports the demo',
    breaks: (file, target) =>
      file.startsWith('src/server/platform/') && target.startsWith('src/server/demo/'),
  },
  {
    name: "a module imports another module only through that module's index.ts",
    breaks: (file, target) => {
      const from = moduleOf(file);
      const to = moduleOf(target);
      if (!from || !to || from === to) return false;
      if (target === `src/server/modules/${to}/index`) return false;
      return !(`${from} → ${to}` in KNOWN_MODULE_CROSSINGS);
    },
  },
];

const references: Array<ImportReference & { file: string }> = sourceFiles('src').flatMap((file) =>
  importsOf(file).map((reference) => ({ ...reference, file })),
);

function breaches(rule: Rule): string[] {
  return references
    .filter((r) => r.target !== null && rule.breaks(r.file, r.target))
    .map((r) => `${r.at} imports ${r.specifier}`);
}

describe('import boundaries', () => {
  it('reads the imports of the whole source', () => {
    expect(references.length).toBeGreaterThan(1000);
    expect(references.some((r) => r.file.startsWith('src/web/'))).toBe(true);
  });

  it.each(RULES.map((rule) => [rule.name, rule] as const))('%s', (_name, rule) => {
    expect(breaches(rule)).toEqual([]);
  });

  it('lists only module crossings that still happen', () => {
    const happening = new Set(
      references
        .filter((r) => r.target !== null)
        .map((r) => [moduleOf(r.file), moduleOf(r.target!)] as const)
        .filter(([from, to]) => from && to && from !== to)
        .map(([from, to]) => `${from} → ${to}`),
    );
    expect(Object.keys(KNOWN_MODULE_CROSSINGS).filter((pair) => !happening.has(pair))).toEqual([]);
  });
});

describe('each boundary rule catches its crossing', () => {
  const rule = (name: string) => RULES.find((r) => r.name === name)!;
  const crossings: Array<[string, string, string]> = [
    ['the server never imports the web app', 'src/server/app.ts', '../web/app/types.js'],
    ['the server never imports the web app', 'src/cli/cli.ts', '../web/main.js'],
    ['the web app never imports the server', 'src/web/main.tsx', '../server/platform/authz/actor.js'],
    ['src/shared imports neither the server nor the web app', 'src/shared/roles.ts', '../web/main.js'],
    [
      'the platform never imports a module',
      'src/server/platform/db/schema.ts',
      '../../modules/tips/index.js',
    ],
    ['the platform never imports the demo', 'src/server/platform/auth/x.ts', '../../demo/demo-data.js'],
    [
      "a module imports another module only through that module's index.ts",
      'src/server/modules/governance/governance.service.ts',
      '../alerts/alerts.service.js',
    ],
  ];

  it.each(crossings)('%s: refuses %s importing %s', (name, file, specifier) => {
    expect(rule(name).breaks(file, resolveSpecifier(file, specifier)!)).toBe(true);
  });

  it.each([
    ['src/server/modules/alerts/alerts.service.ts', '../../../shared/roles.js'],
    ['src/web/main.tsx', '../shared/roles.js'],
    ['src/server/modules/governance/governance.service.ts', '../alerts/index.js'],
    ['src/server/modules/governance/governance.service.ts', '../alerts'],
    ['src/server/app.ts', './modules/alerts/index.js'],
    ['src/server/main.ts', './demo/demo-data.js'],
  ])('lets %s import %s', (file, specifier) => {
    const target = resolveSpecifier(file, specifier)!;
    expect(RULES.filter((r) => r.breaks(file, target)).map((r) => r.name)).toEqual([]);
  });
});
