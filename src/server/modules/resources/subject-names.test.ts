import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../../../test/support/app.js';
import { nameMatches, nameWords } from './subject-names.js';

// The people an organisation follows are found by name through a blind index of their sealed names:
// the search must find them by the beginning of any name word, accents and case aside, page through any
// number of them, and the index must hold nothing a database copy could read or test a name against.

let t: TestApp;
let pivot: Agent;
let other: Agent;

beforeAll(async () => {
  t = await createTestApp();
  pivot = await t.as('pivot', { organisationId: await t.createOrganisation() });
  other = await t.as('pivot', { organisationId: await t.createOrganisation() });
});
afterAll(async () => {
  await t.close();
});

async function follow(agent: Agent, givenName: string, familyName: string, preferredName?: string) {
  const response = await agent.inject({
    method: 'POST',
    url: '/api/referrals/subjects',
    payload: {
      kind: 'youth',
      givenName,
      familyName,
      ...(preferredName ? { preferredName } : {}),
      birthDate: '2010-03-02',
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
}

async function search(agent: Agent, q: string, extra: Record<string, string> = {}) {
  const response = await agent.inject({
    method: 'GET',
    url: '/api/referrals/subjects',
    query: { q, ...extra },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { total: number; items: Array<{ id: string; displayName: string }> };
}

describe('finding a person followed by name', () => {
  it('matches the beginning of any name word, without accents or case, and needs every word typed', async () => {
    const marie = await follow(pivot, 'Marie-Ève', 'Lafontaine-Fictive');
    const noemie = await follow(pivot, 'Noémie', 'Bérubé-Fictive', 'Mimi');
    await follow(pivot, 'Éloi', 'Marchand-Fictif');

    expect((await search(pivot, 'eve')).items.map((i) => i.id)).toEqual([marie]);
    expect((await search(pivot, 'ÈVE LAF')).items.map((i) => i.id)).toEqual([marie]);
    expect((await search(pivot, 'noemie berube')).items.map((i) => i.id)).toEqual([noemie]);
    // The preferred name is searched too.
    expect((await search(pivot, 'mimi')).items.map((i) => i.id)).toEqual([noemie]);
    // "mar" begins a word of two of them.
    expect((await search(pivot, 'mar')).total).toBe(2);
    // A word must begin a name word: the middle of one does not match.
    expect((await search(pivot, 'arie')).total).toBe(0);
    // Every word typed must match.
    expect((await search(pivot, 'marie berube')).total).toBe(0);
  });

  it('finds only the organisation’s own people, and the index of a name differs between organisations', async () => {
    const mine = await follow(pivot, 'Ysaline', 'Doublon-Fictive');
    const theirs = await follow(other, 'Ysaline', 'Doublon-Fictive');
    expect((await search(pivot, 'ysaline')).items.map((i) => i.id)).toEqual([mine]);
    expect((await search(other, 'ysaline')).items.map((i) => i.id)).toEqual([theirs]);
    const rows = await t.platform.db
      .selectFrom('referral_subjects')
      .select(['id', 'name_index'])
      .where('id', 'in', [mine, theirs])
      .execute();
    const [a, b] = rows.map((row) => row.name_index);
    expect(a!.length).toBeGreaterThan(10);
    // The same name in two organisations gives unrelated entries: nothing links the two records.
    expect(a!.filter((entry) => b!.includes(entry))).toEqual([]);
    // No entry is a prefix of a name word in clear, nor holds a whole word (hashes of 11 characters; a
    // short prefix can appear in one by chance, a whole word of seven letters practically never).
    const words = nameWords('Ysaline Doublon-Fictive');
    const prefixes = new Set(words.flatMap((word) => [...word].map((_, i) => word.slice(0, i + 1))));
    for (const entry of [...a!, ...b!]) {
      expect(entry).toMatch(/^[A-Za-z0-9_-]{11}$/);
      expect(prefixes.has(entry.toLowerCase())).toBe(false);
      expect(words.some((word) => entry.toLowerCase().includes(word))).toBe(false);
    }
  });

  it('indexes again the records made before the index (or with another key) on the next search', async () => {
    const id = await follow(pivot, 'Capucine', 'Ancienne-Fictive');
    // As the records stood before the index existed.
    await t.platform.db
      .updateTable('referral_subjects')
      .set({ name_index: [], name_index_key: null })
      .where('id', '=', id)
      .execute();
    expect((await search(pivot, 'capucine')).items.map((i) => i.id)).toEqual([id]);
    const row = await t.platform.db
      .selectFrom('referral_subjects')
      .select(['name_index', 'name_index_key'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.name_index_key).not.toBeNull();
    expect(row.name_index.length).toBeGreaterThan(5);
  });

  it('follows a change of name: the old one no longer finds the person', async () => {
    const id = await follow(pivot, 'Clémentine', 'Avant-Fictive');
    const current = await pivot.inject({
      method: 'GET',
      url: `/api/referrals/subjects/${id}`,
      query: { purpose: 'mise à jour du dossier' },
    });
    expect(current.statusCode, current.body).toBe(200);
    const changed = await pivot.inject({
      method: 'PATCH',
      url: `/api/referrals/subjects/${id}`,
      payload: { familyName: 'Après-Fictive', version: current.json().version },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await search(pivot, 'avant')).total).toBe(0);
    expect((await search(pivot, 'apres clem')).items.map((i) => i.id)).toEqual([id]);
  });

  it('pages through everyone without a search, with the whole count', async () => {
    const organisationId = await t.createOrganisation();
    const keeper = await t.as('worker', { organisationId });
    for (let i = 0; i < 7; i++) await follow(keeper, `Personne${i}`, 'Page-Fictive');
    const first = await keeper.inject({
      method: 'GET',
      url: '/api/referrals/subjects',
      query: { limit: '3', offset: '0' },
    });
    const last = await keeper.inject({
      method: 'GET',
      url: '/api/referrals/subjects',
      query: { limit: '3', offset: '6' },
    });
    expect(first.json().total).toBe(7);
    expect(first.json().items).toHaveLength(3);
    expect(last.json().items).toHaveLength(1);
    // Newest first: the last page holds the first person followed.
    expect(last.json().items[0].displayName).toBe('Personne0 Page-Fictive');
    expect((await search(keeper, 'personne3', { limit: '3' })).total).toBe(1);
  });
});

describe('name words', () => {
  it('folds accents and case and splits on anything but letters and digits', () => {
    expect(nameWords('  Marie-Ève  d’Amours ')).toEqual(['marie', 'eve', 'd', 'amours']);
    expect(nameMatches('Marie-Ève Lafontaine', ['eve', 'la'])).toBe(true);
    expect(nameMatches('Marie-Ève Lafontaine', ['ve'])).toBe(false);
  });
});
