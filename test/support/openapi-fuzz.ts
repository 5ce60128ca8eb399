/**
 * Malformed requests generated from Filet's OpenAPI document, for the test that no client input gets a
 * 5xx. Generation is deterministic for a seed: the same seed gives the same requests, so a failure
 * names an input that can be sent again.
 */

/** The subset of JSON Schema (OpenAPI 3.0 flavour) the route schemas use. */
export interface Schema {
  type?: string;
  format?: string;
  enum?: unknown[];
  anyOf?: Schema[];
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  multipleOf?: number;
  minItems?: number;
  maxItems?: number;
  maxProperties?: number;
  nullable?: boolean;
  default?: unknown;
}

interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema: Schema;
}

interface OpenApiOperation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
}

export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** As in the document: `/api/people/{id}`. */
  path: string;
  /** As Fastify registers it: `/api/people/:id`. */
  route: string;
  pathParams: Parameter[];
  query: Parameter[];
  body: Schema | null;
}

export interface FuzzCase {
  /** What is wrong with this request, for the failure message. */
  label: string;
  method: Operation['method'];
  url: string;
  /** Raw body text (so keys like `__proto__` and lone surrogates arrive as written). */
  payload?: string;
  contentType?: string;
}

export function operationsOf(doc: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const parameters = operation.parameters ?? [];
      operations.push({
        method: method.toUpperCase() as Operation['method'],
        path,
        route: path.replace(/\{(\w+)\}/g, ':$1'),
        pathParams: parameters.filter((p) => p.in === 'path'),
        query: parameters.filter((p) => p.in === 'query'),
        body: operation.requestBody?.content['application/json']?.schema ?? null,
      });
    }
  }
  return operations;
}

/** A route the document does not describe, taken as one with text path parameters and no body. */
export function undocumentedOperation(method: string, route: string): Operation {
  return {
    method: method as Operation['method'],
    path: route.replace(/:(\w+)/g, '{$1}').replace(/\*$/, '{wildcard}'),
    route,
    pathParams: [...route.matchAll(/:(\w+)|\*$/g)].map((m) => ({
      in: 'path' as const,
      name: m[1] ?? 'wildcard',
      required: true,
      schema: { type: 'string' },
    })),
    query: [],
    body: null,
  };
}

/** A small seeded generator (mulberry32): enough to shuffle and pick, reproducible everywhere. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)]!;
}

function shuffle<T>(random: () => number, values: T[]): T[] {
  const out = [...values];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Picks a branch of anyOf that is not the null branch, merging allOf parts. */
function resolve(schema: Schema): Schema {
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map(resolve)) as Schema;
  if (schema.anyOf) {
    const branch = schema.anyOf.find((s) => s.type !== 'null') ?? schema.anyOf[0]!;
    return resolve(branch);
  }
  return schema;
}

const PATTERN_CANDIDATES = [
  'abc',
  'a_b.c',
  'AB',
  'ABC-12',
  'fr',
  '2025-03-10',
  'https://exemple.test/fuzz',
  '514 555-0100',
  'QUJD',
  'x',
  'f'.repeat(64),
];

function sampleString(schema: Schema): string {
  switch (schema.format) {
    case 'uuid':
      return '00000000-0000-4000-8000-00000000f022';
    case 'date':
      return '2025-03-10';
    case 'date-time':
      return '2025-03-10T14:00:00.000Z';
    case 'email':
      return 'fuzz@exemple.test';
    case 'uri':
      return 'https://exemple.test/fuzz';
  }
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? Number.POSITIVE_INFINITY;
  if (schema.pattern) {
    const pattern = new RegExp(schema.pattern);
    const found = PATTERN_CANDIDATES.find((c) => pattern.test(c) && c.length >= min && c.length <= max);
    if (found) return found;
  }
  return 'x'.repeat(Math.min(Math.max(min, 3), max));
}

/** A value that satisfies the schema as far as this generator can tell (ids point at nothing). */
export function sample(schema: Schema, depth = 0): unknown {
  const s = resolve(schema);
  if (s.enum) return s.enum[0];
  switch (s.type) {
    case 'string':
      return sampleString(s);
    case 'integer':
    case 'number': {
      const low = s.minimum ?? 0;
      return Math.min(Math.max(low, 1), s.maximum ?? Number.MAX_SAFE_INTEGER);
    }
    case 'boolean':
      return true;
    case 'array':
      return depth > 4 || !s.items
        ? []
        : Array.from({ length: s.minItems ?? 0 }, () => sample(s.items!, depth + 1));
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of s.required ?? []) {
        const property = s.properties?.[key];
        if (property) out[key] = sample(property, depth + 1);
      }
      return out;
    }
    default:
      return null;
  }
}

const DEEP = 2_000;
/** Raw JSON texts that no schema expects; each stands for a whole value. */
export const RAW_VALUES: Array<[string, string]> = [
  ['deep nesting (objects)', `${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}`],
  ['deep nesting (arrays)', `${'['.repeat(DEEP)}${']'.repeat(DEEP)}`],
  ['__proto__ key', '{"__proto__":{"admin":true,"roles":["admin"]}}'],
  ['constructor.prototype key', '{"constructor":{"prototype":{"admin":true}}}'],
  ['duplicate keys', '{"a":1,"a":"deux"}'],
];

const SURROGATE = '\ud800';
const RTL = '\u202eFDP.exe';
const COMBINING = `a${'\u0301'.repeat(500)}`;
const EMOJI = '👩🏽‍🚀🏳️‍⚧️';
const ZERO_WIDTH = '\u200b\u200d\ufeff';
const HUGE = 'x'.repeat(100_000);

/** Values of every type that break numbers, strings, arrays and objects. */
function universalBadValues(): Array<[string, unknown]> {
  return [
    ['null', null],
    ['true', true],
    ['a number', 42],
    ['a negative number', -1],
    ['1e20', 1e20],
    ['1e308', 1e308],
    ['-1e308', -1e308],
    ['a fraction', 0.5],
    ['the text NaN', 'NaN'],
    ['the text Infinity', 'Infinity'],
    ['the text 1e20', '1e20'],
    ['empty text', ''],
    ['blank text', '   '],
    ['a lone surrogate', SURROGATE],
    ['right-to-left override', RTL],
    ['combining marks', COMBINING],
    ['emoji sequences', EMOJI],
    ['zero-width characters', ZERO_WIDTH],
    ['100 000 characters', HUGE],
    ['an empty array', []],
    ['an array of nulls', [null, null]],
    ['an empty object', {}],
    ['an object instead of a value', { id: 1, nested: { deeper: [1, 'deux', null] } }],
    ['nested arrays', [[[['x']]]]],
  ];
}

/** Values crafted for one declared type or format: just outside what is valid. */
function typedBadValues(schema: Schema): Array<[string, unknown]> {
  const s = resolve(schema);
  const out: Array<[string, unknown]> = [];
  if (s.type === 'string') {
    if (s.maxLength !== undefined) out.push([`${s.maxLength + 1} characters`, 'x'.repeat(s.maxLength + 1)]);
    if (s.minLength !== undefined && s.minLength > 1)
      out.push([`${s.minLength - 1} characters`, 'x'.repeat(s.minLength - 1)]);
    switch (s.format) {
      case 'uuid':
        out.push(
          ['an id of the wrong shape', 'pas-un-id'],
          ['the nil id', '00000000-0000-0000-0000-000000000000'],
          ['an upper-case id', 'AAAAAAAA-AAAA-4AAA-8AAA-AAAAAAAAAAAA'],
          ['an id with a trailing character', '00000000-0000-4000-8000-000000000000x'],
        );
        break;
      case 'date':
        out.push(
          ['30 February', '2025-02-30'],
          ['year zero', '0000-01-01'],
          ['year 9999', '9999-12-31'],
          ['month 13', '2025-13-45'],
          ['a five-digit year', '10000-01-01'],
          ['a date with a time', '2025-03-10T12:00:00Z'],
        );
        break;
      case 'date-time':
        out.push(
          ['a leap second', '2016-12-31T23:59:60Z'],
          ['year zero', '0000-01-01T00:00:00Z'],
          ['year 9999', '9999-12-31T23:59:59.999Z'],
          ['beyond what a JavaScript date holds', '+275760-09-13T00:00:00.001Z'],
          ['hour 25', '2025-03-10T25:61:00Z'],
          ['no time zone', '2025-03-10T12:00:00'],
          ['a far offset', '2025-03-10T12:00:00+23:59'],
        );
        break;
      case 'email':
        out.push(
          ['an address without domain', 'personne@'],
          ['an over-long address', `${'a'.repeat(300)}@exemple.test`],
          ['an address with a line break', 'a@b.test\r\nBcc: c@d.test'],
        );
        break;
      case 'uri':
        out.push(
          ['a javascript: address', 'javascript:alert(1)'],
          ['an address with spaces', 'https://exemple.test/a b'],
        );
        break;
    }
    if (s.enum) out.push(['a value outside the list', 'zzz_inconnu']);
  }
  if (s.type === 'integer' || s.type === 'number') {
    if (s.maximum !== undefined) out.push(['just above the maximum', s.maximum + 1]);
    if (s.minimum !== undefined) out.push(['just below the minimum', s.minimum - 1]);
    out.push(
      ['2^31', 2 ** 31],
      ['beyond safe integers', 2 ** 53 + 2],
      ['a number as text', '12'],
      ['-0', -0],
    );
  }
  if (s.type === 'array') {
    const item = s.items ? sample(s.items) : 'x';
    const over = (s.maxItems ?? 1_000) + 1;
    out.push(
      [`${over} items`, Array.from({ length: over }, () => item)],
      ['one value instead of a list', item],
      ['a list of lists', [[item]]],
    );
    if (s.items)
      for (const [label, value] of typedBadValues(s.items)) out.push([`an item: ${label}`, [value]]);
  }
  if (s.type === 'object') {
    out.push(['an array instead of an object', [sample(s)]]);
  }
  if (s.type === 'boolean') out.push(['the text true', 'true']);
  return out;
}

/** Every property path of a body schema (nested objects and the first array item), with its schema. */
function fieldsOf(
  schema: Schema,
  prefix: string[] = [],
  depth = 0,
): Array<{ path: string[]; schema: Schema }> {
  const s = resolve(schema);
  const out: Array<{ path: string[]; schema: Schema }> = [];
  if (depth > 4) return out;
  if (s.type === 'object' && s.properties) {
    for (const [key, child] of Object.entries(s.properties)) {
      out.push({ path: [...prefix, key], schema: child });
      out.push(...fieldsOf(child, [...prefix, key], depth + 1));
    }
  } else if (s.type === 'array' && s.items) {
    out.push(...fieldsOf(s.items, [...prefix, '0'], depth + 1));
  }
  return out;
}

/** A full value with every declared property present (optional ones too), so nested fields exist. */
function fullSample(schema: Schema, depth = 0): unknown {
  const s = resolve(schema);
  if (s.type === 'object' && s.properties) {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(s.properties)) out[key] = fullSample(child, depth + 1);
    return out;
  }
  if (s.type === 'array' && s.items && depth < 5) {
    return Array.from({ length: Math.max(1, s.minItems ?? 0) }, () => fullSample(s.items!, depth + 1));
  }
  return sample(s, depth);
}

function setAt(target: unknown, path: string[], value: unknown): unknown {
  const copy = structuredClone(target) as Record<string, unknown>;
  let node: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    if (node[key] === null || typeof node[key] !== 'object') node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
  return copy;
}

/** JSON text with one value replaced by raw text (deep nesting, `__proto__`). */
function withRaw(base: unknown, path: string[], raw: string): string {
  const marker = '"__fuzz_raw_marker__"';
  return JSON.stringify(setAt(base, path, '__fuzz_raw_marker__')).replace(marker, raw);
}

/** Text for a path or query parameter: what a URL can carry that the schema does not expect. */
function badParamTexts(schema: Schema): Array<[string, string]> {
  const out: Array<[string, string]> = [
    ['an id of the wrong shape', 'pas-un-id'],
    ['1e20', '1e20'],
    ['1e308', '1e308'],
    ['-1', '-1'],
    ['0', '0'],
    ['NaN', 'NaN'],
    ['Infinity', 'Infinity'],
    ['a fraction', '1.5'],
    ['hexadecimal', '0x10'],
    ['beyond safe integers', '9007199254740993'],
    ['empty', ''],
    ['a null character', '\u0000'],
    ['right-to-left override', RTL],
    ['combining marks', COMBINING.slice(0, 60)],
    ['emoji', EMOJI],
    ['path traversal', '../../etc/passwd'],
    ['an over-long value', 'x'.repeat(5_000)],
    ['a date out of range', '0000-00-00'],
    ['a leap second', '2016-12-31T23:59:60Z'],
    ['the nil id', '00000000-0000-0000-0000-000000000000'],
  ];
  for (const [label, value] of typedBadValues(schema)) {
    if (typeof value === 'string' || typeof value === 'number') out.push([label, String(value)]);
  }
  return out;
}

function encodeParam(value: string): string {
  // A lone surrogate cannot be percent-encoded as UTF-8; send the bytes a broken client would.
  return value.includes(SURROGATE) ? value.replace(SURROGATE, '%ED%A0%80') : encodeURIComponent(value);
}

function buildUrl(op: Operation, params: Record<string, string>, query: Array<[string, string]>): string {
  const path = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeParam(params[name] ?? 'x'));
  if (query.length === 0) return path;
  return `${path}?${query.map(([k, v]) => `${encodeParam(k)}=${encodeParam(v)}`).join('&')}`;
}

/** Query strings that no route expects: odd names, repeated names, bracket syntax, huge numbers. */
const STRAY_QUERIES: Array<[string, string]> = [
  ['stray query parameters', 'cursor=1e20&page=-1&pageSize=1e308&year=abc&from=2025-13-45'],
  ['bracket syntax', '__proto__[admin]=true&constructor[prototype][x]=1&a[b][c]=d'],
  ['a repeated parameter', 'q=a&q=b&q=c&status=x&status=y'],
  ['undecodable percent-escapes', 'q=%E0%A4%A&x=%'],
  ['a null character', 'q=a%00b&search=%00'],
];

/** Bodies for requests whose schema declares none (form posts of public pages, actions). */
function strayBodies(): Array<Omit<FuzzCase, 'method' | 'url'>> {
  return [
    { label: 'a JSON body where none is declared', payload: '{"x":1}', contentType: 'application/json' },
    { label: 'JSON text', payload: '"texte"', contentType: 'application/json' },
    { label: 'a JSON array', payload: '[1,2,3]', contentType: 'application/json' },
    { label: 'malformed JSON', payload: '{"a":', contentType: 'application/json' },
    ...RAW_VALUES.map(([label, payload]) => ({ label, payload, contentType: 'application/json' })),
    {
      label: 'a form with odd fields',
      payload: `token=${'x'.repeat(3000)}&facts=${encodeURIComponent(COMBINING)}&channel=zzz&choice=%ED%A0%80&a[b]=c&__proto__[x]=1`,
      contentType: 'application/x-www-form-urlencoded',
    },
    {
      label: 'a form with repeated fields',
      payload: 'token=a&token=b&channel=place&channel=online&answers=1&answers=2',
      contentType: 'application/x-www-form-urlencoded',
    },
    {
      label: 'a form with bad escapes',
      payload: 'token=%&facts=%E0%A4%A',
      contentType: 'application/x-www-form-urlencoded',
    },
    { label: 'multipart without a boundary', payload: 'x', contentType: 'multipart/form-data' },
    {
      label: 'truncated multipart',
      payload: '--b\r\nContent-Disposition: form-data; name="facts"\r\n\r\nDes faits',
      contentType: 'multipart/form-data; boundary=b',
    },
    {
      label: 'multipart with a file where text is expected',
      payload:
        '--b\r\nContent-Disposition: form-data; name="facts"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nfaits\r\n--b--\r\n',
      contentType: 'multipart/form-data; boundary=b',
    },
    { label: 'an unknown content type', payload: 'x', contentType: 'application/x-fuzz' },
  ];
}

/**
 * At least `count` malformed requests for one operation: each path and query parameter broken in
 * turn, then the body (whole-body replacements, missing and extra fields, and every field given
 * values of the wrong type, out of bounds, of odd text), drawn in rounds so every field gets some.
 */
export function casesFor(op: Operation, random: () => number, count: number): FuzzCase[] {
  const params: Record<string, string> = {};
  for (const p of op.pathParams) params[p.name] = String(sample(p.schema));
  const validQuery: Array<[string, string]> = op.query
    .filter((p) => p.required)
    .map((p) => [p.name, String(sample(p.schema))]);
  const base = op.body ? fullSample(op.body) : undefined;
  const baseText = base === undefined ? undefined : JSON.stringify(base);
  const json = 'application/json';
  const cases: FuzzCase[] = [];
  const make = (label: string, url: string, payload?: string, contentType?: string): FuzzCase => ({
    label,
    method: op.method,
    url,
    ...(payload !== undefined ? { payload, contentType: contentType ?? json } : {}),
  });
  const baseUrl = buildUrl(op, params, validQuery);

  // Path parameters, each broken in turn.
  for (const p of op.pathParams) {
    for (const [label, value] of badParamTexts(p.schema)) {
      cases.push(
        make(`path ${p.name}: ${label}`, buildUrl(op, { ...params, [p.name]: value }, validQuery), baseText),
      );
    }
  }
  // Query parameters, each broken in turn, plus the stray query strings.
  for (const p of op.query) {
    for (const [label, value] of badParamTexts(p.schema)) {
      const query = [...validQuery.filter(([k]) => k !== p.name), [p.name, value] as [string, string]];
      cases.push(make(`query ${p.name}: ${label}`, buildUrl(op, params, query), baseText));
    }
  }
  for (const [label, query] of STRAY_QUERIES) {
    cases.push(make(label, `${baseUrl}${baseUrl.includes('?') ? '&' : '?'}${query}`, baseText));
  }

  if (op.body && base !== undefined) {
    const s = resolve(op.body);
    // Whole bodies of the wrong kind.
    for (const [label, value] of universalBadValues())
      cases.push(make(`body: ${label}`, baseUrl, JSON.stringify(value)));
    for (const [label, raw] of RAW_VALUES) cases.push(make(`body: ${label}`, baseUrl, raw));
    cases.push(make('body: malformed JSON', baseUrl, (baseText ?? '{}').slice(0, -1)));
    cases.push(make('body: no body', baseUrl, ''));
    // Missing required fields, extra fields.
    for (const key of s.required ?? []) {
      const copy = { ...(base as Record<string, unknown>) };
      delete copy[key];
      cases.push(make(`body: without ${key}`, baseUrl, JSON.stringify(copy)));
    }
    cases.push(make('body: an extra field', baseUrl, JSON.stringify({ ...(base as object), surprise: 1 })));
    cases.push(
      make('body: an extra __proto__ field', baseUrl, withRaw(base, ['__proto__'], '{"admin":true}')),
    );
    // Every field, in rounds of one value each, until the operation has its share.
    const fields = fieldsOf(op.body).map((f) => ({
      ...f,
      values: shuffle(random, [...typedBadValues(f.schema), ...universalBadValues()]),
    }));
    const target = Math.max(count, cases.length + fields.length * 2);
    for (let round = 0; cases.length < target && fields.some((f) => f.values.length > round); round += 1) {
      for (const field of shuffle(random, fields)) {
        const entry = field.values[round];
        if (!entry || cases.length >= target) continue;
        const [label, value] = entry;
        cases.push(
          make(
            `body ${field.path.join('.')}: ${label}`,
            baseUrl,
            JSON.stringify(setAt(base, field.path, value)),
          ),
        );
      }
    }
    for (const field of fields.slice(0, 6)) {
      const [label, raw] = pick(random, RAW_VALUES);
      cases.push(make(`body ${field.path.join('.')}: ${label}`, baseUrl, withRaw(base, field.path, raw)));
    }
  } else if (op.method !== 'GET' && op.method !== 'DELETE') {
    for (const body of strayBodies()) cases.push({ ...body, method: op.method, url: baseUrl });
  }

  // Operations with little to break still get their share: stray parameters with random values,
  // and a path parameter broken at random too when there is one (a valid path would only repeat the
  // same work, a report or a PDF, many times over).
  const names = ['q', 'page', 'cursor', 'year', 'from', 'to', 'id', 'status', 'purpose', '__proto__'];
  const values = badParamTexts({ type: 'string' }).map(([, v]) => v);
  while (cases.length < count) {
    const name = pick(random, names);
    const value = pick(random, values);
    let url = baseUrl;
    let label = `stray query ${name}`;
    if (op.pathParams.length > 0) {
      const param = pick(random, op.pathParams);
      const [badLabel, bad] = pick(random, badParamTexts(param.schema));
      url = buildUrl(op, { ...params, [param.name]: bad }, validQuery);
      label = `path ${param.name}: ${badLabel}, ${label}`;
    }
    const sep = url.includes('?') ? '&' : '?';
    cases.push(make(label, `${url}${sep}${encodeParam(name)}=${encodeParam(value)}`, baseText));
  }
  return cases;
}
