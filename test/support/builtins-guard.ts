import { afterAll } from 'vitest';

/**
 * Test files share their worker's process (vitest.config.ts: isolate false). A file that replaced a
 * JavaScript built-in (a library's polyfill, say) would change what every later file runs on: the
 * built-ins seen when the worker started are kept, and a file that leaves one changed fails, naming it.
 */
const OWNERS: Record<string, object> = {
  globalThis,
  Object,
  'Object.prototype': Object.prototype,
  Function: Function,
  'Function.prototype': Function.prototype,
  Array,
  'Array.prototype': Array.prototype,
  String,
  'String.prototype': String.prototype,
  Number,
  Promise,
  'Promise.prototype': Promise.prototype,
  Map,
  'Map.prototype': Map.prototype,
  Set,
  'Set.prototype': Set.prototype,
  ArrayBuffer,
  'ArrayBuffer.prototype': ArrayBuffer.prototype,
  JSON,
  Math,
  Reflect,
  Date,
  'Date.prototype': Date.prototype,
  RegExp,
  'RegExp.prototype': RegExp.prototype,
  Error,
  'Error.prototype': Error.prototype,
};

type Snapshot = Map<string, unknown>;

function snapshot(): Snapshot {
  const values: Snapshot = new Map();
  for (const [name, owner] of Object.entries(OWNERS)) {
    for (const key of Reflect.ownKeys(owner)) {
      if (typeof key !== 'string') continue;
      const descriptor = Object.getOwnPropertyDescriptor(owner, key);
      // Methods and constructors are what a polyfill swaps or adds. Accessors (Node's lazy globals) and
      // plain values (Error.stackTraceLimit, which libraries set) are left alone.
      if (descriptor && 'value' in descriptor && typeof descriptor.value === 'function') {
        values.set(`${name}.${key}`, descriptor.value);
      }
    }
  }
  return values;
}

const KEY = Symbol.for('filet.test.builtins');
const holder = globalThis as typeof globalThis & { [KEY]?: Snapshot };
holder[KEY] ??= snapshot();
const original = holder[KEY];

afterAll(() => {
  const now = snapshot();
  // A global that appears later may be one of Node's lazy globals taking its value: only those seen at
  // the start are compared on globalThis; on the built-in objects, an added method counts too.
  const keys = new Set([
    ...original.keys(),
    ...[...now.keys()].filter((key) => !key.startsWith('globalThis.')),
  ]);
  const changed = [...keys].filter((key) => !Object.is(original.get(key), now.get(key)));
  if (changed.length > 0) {
    throw new Error(
      `this test file changed JavaScript built-ins, which later files of its worker would run on: ${changed.join(', ')}`,
    );
  }
});
