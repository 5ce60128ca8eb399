import { Writable } from 'node:stream';
import { sql } from 'kysely';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, testConfig } from '../../../../test/support/app.js';
import { createTestDatabase } from '../../../../test/support/database.js';
import {
  jpegWithExif,
  jpegWithSecondImage,
  leaks,
  pdfWithMetadata,
  pngWithChunks,
  webpWithChunks,
} from '../../../../test/support/files.js';
import { pdfText } from '../../../../test/support/pdf.js';
import { openTipLine } from '../../../../test/support/tips.factories.js';
import { REGION_TIME_ZONE } from '../../../shared/time-zone.js';
import { buildApp, REDACTED_PATHS } from '../../app.js';
import type { Executor } from '../../platform/db/database.js';
import { destroyExpiredTips } from './retention.service.js';

/**
 * The public tip line with plain HTTP, as a browser without JavaScript uses it: GET the form, POST it,
 * follow the redirect to the receipt page, then follow up with the receipt.
 */

let clock = new Date('2026-03-10T14:23:17Z');
let t: TestApp;
const lines: string[] = [];

beforeAll(async () => {
  const database = await createTestDatabase();
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  // The real app with a log stream we can search, and a clock the test moves.
  const app = await buildApp({
    config: testConfig({ logLevel: 'trace' }),
    database,
    serveWebApp: false,
    now: () => clock,
    logger: { level: 'trace', stream, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
  });
  await app.ready();
  // The helper app (same database) signs police people in; `t.app` is the app under test.
  const helper = await createTestApp({ database, now: () => clock });
  t = {
    ...helper,
    app,
    platform: app.platform,
    close: async () => {
      await helper.app.close();
      await app.close();
      await database.close();
    },
  };
  await openTipLine(t, await t.createOrganisation({ type: 'police', name: 'Service de police fictif' }));
});
afterAll(async () => {
  await t.close();
});

function tokenOf(html: string): string {
  const match = /name="token" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no form token');
  return match[1]!;
}

function advance(ms: number) {
  clock = new Date(clock.getTime() + ms);
}

function form(values: Record<string, string>): string {
  return new URLSearchParams(values).toString();
}

const FORM_TYPE = { 'content-type': 'application/x-www-form-urlencoded' };

async function submit(
  path: string,
  values: Record<string, string>,
  extra: Record<string, string> = {},
  remoteAddress?: string,
) {
  const page = await t.app.inject({
    method: 'GET',
    url: path,
    headers: extra,
    ...(remoteAddress ? { remoteAddress } : {}),
  });
  advance(10_000);
  return t.app.inject({
    method: 'POST',
    url: path,
    headers: { ...FORM_TYPE, ...extra },
    payload: form({ token: tokenOf(page.body), ...values }),
    ...(remoteAddress ? { remoteAddress } : {}),
  });
}

async function receiptFrom(response: {
  statusCode: number;
  headers: Record<string, unknown>;
}): Promise<string> {
  expect(response.statusCode).toBe(303);
  const location = String(response.headers.location);
  const page = await t.app.inject({ method: 'GET', url: location });
  expect(page.statusCode).toBe(200);
  const match = /<strong>([\d ]{19})<\/strong>/.exec(page.body);
  expect(match).not.toBeNull();
  expect(page.headers['cache-control']).toBe('no-store');
  // A reload within the window (a phone switching apps) shows the same receipt again.
  const again = await t.app.inject({ method: 'GET', url: location });
  expect(again.statusCode).toBe(200);
  expect(again.body).toContain(match![1]);
  return match![1]!.replace(/ /g, '');
}

function multipart(fields: Record<string, string>, files: Array<{ filename: string; content: Buffer }>) {
  const boundary = `----filet${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  for (const file of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="${file.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      file.content,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

async function submitWithFiles(
  path: string,
  values: Record<string, string>,
  files: Array<{ filename: string; content: Buffer }>,
  remoteAddress?: string,
) {
  const page = await t.app.inject({ method: 'GET', url: path });
  advance(10_000);
  const body = multipart({ token: tokenOf(page.body), ...values }, files);
  return t.app.inject({
    method: 'POST',
    url: path,
    headers: body.headers,
    payload: body.payload,
    ...(remoteAddress ? { remoteAddress } : {}),
  });
}

/** Every table's rows as text, and the stored files. */
async function dump(db: Executor): Promise<string> {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(
    db,
  );
  const parts: string[] = [];
  for (const { table_name } of tables.rows) {
    const rows = await sql<{ row: string }>`select x::text as row from ${sql.table(table_name)} x`.execute(
      db,
    );
    parts.push(...rows.rows.map((r) => r.row));
  }
  const files = await sql<{ c: string }>`select encode(content, 'escape') as c from files`.execute(db);
  parts.push(...files.rows.map((r) => r.c));
  return parts.join('\n');
}

describe('public tip line without JavaScript', () => {
  it('serves the French and English forms with the 911 notice, a quick exit, no cookie and no caching', async () => {
    for (const [url, words] of [
      ['/signalement', ['911', 'Quitter rapidement', 'Cyberaide.ca']],
      ['/en/report', ['911', 'Quick exit', 'Cybertip.ca']],
    ] as const) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['set-cookie']).toBeUndefined();
      for (const word of words) expect(response.body).toContain(word);
      expect(response.body).toContain('data-quick-exit');
      expect(response.body).not.toMatch(/style=|<script>/);
      expect(response.body.indexOf('911')).toBeLessThan(response.body.indexOf('<form'));
    }
    const js = await t.app.inject({ method: 'GET', url: '/signalement/tips.js' });
    expect(js.body).toContain('location.replace');
    const css = await t.app.inject({ method: 'GET', url: '/signalement/tips.css' });
    expect(css.headers['content-type']).toContain('text/css');
  });

  it('takes a tip, shows the receipt once, and lets the tipster read a question and answer it', async () => {
    const response = await submit('/signalement', {
      channel: 'solicitation',
      facts: 'Un homme aborde des jeunes près de l’arrêt d’autobus fictif.',
      where: 'Rue Fictive',
      website: '',
    });
    expect(String(response.headers.location)).toMatch(/^\/signalement\/recu\/[\w-]+$/);
    const receipt = await receiptFrom(response);
    expect(receipt).toMatch(/^\d{16}$/);
    expect(String(response.headers.location)).not.toContain(receipt);

    // "I have noted it" ends the showing at once: the address now shows a page without the receipt.
    const receiptPage = await t.app.inject({ method: 'GET', url: String(response.headers.location) });
    const ticket = /name="ticket" value="([^"]+)"/.exec(receiptPage.body)![1]!;
    const saved = await t.app.inject({
      method: 'POST',
      url: '/signalement/recu',
      headers: FORM_TYPE,
      payload: form({ ticket }),
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/signalement/merci');
    const gone = await t.app.inject({ method: 'GET', url: String(response.headers.location) });
    expect(gone.statusCode).toBe(404);
    expect(gone.body).not.toContain(receipt.slice(0, 4));
    expect(gone.body).toContain('Cette page n’est plus disponible');

    // The police ask a question.
    const analyst = await t.as('police_analyst', {
      organisationId: (
        await t.platform.db
          .selectFrom('organisations')
          .select('id')
          .where('type', '=', 'police')
          .executeTakeFirstOrThrow()
      ).id,
    });
    const queue = await analyst.inject({ method: 'GET', url: '/api/tips' });
    expect(queue.statusCode).toBe(200);
    const tipId = queue.json().items[0].id as string;
    expect(queue.json().items[0].receivedAt).toBe('2026-03-10T14:00:00.000Z');
    const asked = await analyst.inject({
      method: 'POST',
      url: `/api/tips/${tipId}/questions`,
      payload: { body: 'Quelle heure était-il, à peu près?' },
    });
    expect(asked.statusCode).toBe(204);

    // The tipster follows up: sees the question, never the original tip, and answers.
    const open = await submit('/signalement/suivi', {
      receipt: `${receipt.slice(0, 4)} ${receipt.slice(4)}`,
    });
    expect(open.statusCode).toBe(200);
    expect(open.body).toContain('Quelle heure était-il, à peu près?');
    expect(open.body).not.toContain('arrêt d’autobus fictif');
    const session = /name="session" value="([^"]+)"/.exec(open.body)![1]!;
    // An empty answer re-opens the conversation with the problem, in place.
    const blank = await t.app.inject({
      method: 'POST',
      url: '/signalement/suivi',
      headers: FORM_TYPE,
      payload: form({ token: tokenOf(open.body), session, message: '   ' }),
    });
    expect(blank.statusCode).toBe(400);
    expect(blank.body).toContain('Écrivez votre réponse ou votre nouvelle information.');
    expect(blank.body).toContain('Quelle heure était-il, à peu près?');
    advance(10_000);
    const answer = await t.app.inject({
      method: 'POST',
      url: '/signalement/suivi',
      headers: FORM_TYPE,
      payload: form({ token: tokenOf(blank.body), session, message: 'Vers 22 h, un soir de semaine.' }),
    });
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toContain('votre message a été transmis');
    expect(answer.body).not.toContain('Vers 22 h');

    const detail = await analyst.inject({
      method: 'GET',
      url: `/api/tips/${tipId}?purpose=Triage%20initial`,
    });
    expect(detail.json().messages.map((m: { author: string; body: string }) => [m.author, m.body])).toEqual([
      ['police', 'Quelle heure était-il, à peu près?'],
      ['tipster', 'Vers 22 h, un soir de semaine.'],
    ]);
  });

  it('re-renders the form in the tipster’s language and stores nothing for bad input', async () => {
    const before = await t.platform.db
      .selectFrom('tips')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    const empty = await submit('/en/report', { channel: 'place', facts: '   ', where: 'Fictional street' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Tell the facts: this field is required.');
    expect(empty.body).toContain('Fictional street');
    const online = await submit('/signalement', {
      channel: 'place',
      facts: 'Des faits.',
      online: 'https://exemple.test',
    });
    expect(online.statusCode).toBe(400);
    expect(online.body).toContain('seulement pour ce qui se passe en ligne');
    const noChannel = await submit('/signalement', { facts: 'Des faits.' });
    expect(noChannel.body).toContain('Choisissez de quoi il s’agit.');
    // Too fast: the form token is not old enough.
    const page = await t.app.inject({ method: 'GET', url: '/signalement' });
    const postForm = (fields: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: '/signalement', headers: FORM_TYPE, payload: form(fields) });
    const fast = await postForm({ token: tokenOf(page.body), channel: 'other', facts: 'Trop vite.' });
    expect(fast.statusCode).toBe(400);
    expect(fast.body).toContain('très vite');
    // A forged token, and a token used twice.
    const forged = await postForm({ token: 'tip.abc.def.ghi', channel: 'other', facts: 'Faux jeton.' });
    expect(forged.statusCode).toBe(400);
    advance(10_000);
    const first = await postForm({ token: tokenOf(page.body), channel: 'other', facts: 'Une seule fois.' });
    expect(first.statusCode).toBe(303);
    const replay = await postForm({ token: tokenOf(page.body), channel: 'other', facts: 'Une seule fois.' });
    expect(replay.statusCode).toBe(409);
    expect(replay.body).toContain('Ce formulaire a déjà été envoyé : votre signalement a été reçu.');
    // Unreadable body: still a page, in English for the English address.
    const broken = await t.app.inject({
      method: 'POST',
      url: '/en/report',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'x'.repeat(200 * 1024),
    });
    expect(broken.statusCode).toBe(413);
    expect(broken.headers['content-type']).toContain('text/html');
    expect(broken.body).toContain('could not be processed');
    const after = await t.platform.db
      .selectFrom('tips')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n + 1);
  });

  it('takes pictures and PDFs without their metadata, refuses files for online tips, wrong types and files it cannot clean', async () => {
    const policeId = (
      await t.platform.db
        .selectFrom('organisations')
        .select('id')
        .where('type', '=', 'police')
        .executeTakeFirstOrThrow()
    ).id;
    const analyst = await t.as('police_analyst', { organisationId: policeId });
    const online = await submitWithFiles('/signalement', { channel: 'online', facts: 'En ligne.' }, [
      { filename: 'capture.jpg', content: await jpegWithExif() },
    ]);
    expect(online.statusCode).toBe(400);
    expect(online.body).toContain('Aucun fichier pour ce qui se passe en ligne');
    const wrongType = await submitWithFiles('/en/report', { channel: 'place', facts: 'A place.' }, [
      { filename: 'note.jpg', content: Buffer.from('not really a picture') },
    ]);
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.body).toContain('This file is not accepted');
    expect(wrongType.body).toContain('attach them again');
    const before = await t.platform.db
      .selectFrom('files')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    const damaged = await submitWithFiles(
      '/en/report',
      { channel: 'place', facts: 'A place.' },
      [
        { filename: 'photo.png', content: await pngWithChunks() },
        { filename: 'cut.jpg', content: (await jpegWithExif()).subarray(0, 300) },
      ],
      '10.7.7.7',
    );
    expect(damaged.statusCode).toBe(400);
    expect(damaged.body).toContain('could not be read to remove its metadata');
    // Nothing half-stored: the first, good file was not kept either.
    const after = await t.platform.db
      .selectFrom('files')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);

    const sent = [await jpegWithSecondImage(), await webpWithChunks(), await pdfWithMetadata()];
    for (const content of sent) expect(leaks(content).length).toBeGreaterThan(0);
    const accepted = await submitWithFiles(
      '/signalement',
      { channel: 'place', facts: 'Photo d’un lieu fictif.' },
      [
        { filename: 'photo de Personne-Canari.jpg', content: sent[0]! },
        { filename: 'IMG_2026.webp', content: sent[1]! },
        { filename: 'rapport Personne-Canari.pdf', content: sent[2]! },
      ],
      '10.7.7.7',
    );
    expect(accepted.statusCode, accepted.body.slice(0, 500)).toBe(303);
    await receiptFrom(accepted);
    const queue = await analyst.inject({ method: 'GET', url: '/api/tips?channel=place' });
    const tipId = queue.json().items[0].id as string;
    const detail = await analyst.inject({
      method: 'GET',
      url: `/api/tips/${tipId}?purpose=Voir%20la%20photo`,
    });
    const attachments = detail.json().attachments as Array<{ id: string; mimeType: string }>;
    expect(attachments.map((a) => a.mimeType).sort()).toEqual([
      'application/pdf',
      'image/jpeg',
      'image/webp',
    ]);
    for (const attachment of attachments) {
      // What the police receive, and what the database holds once decrypted as the module does.
      const file = await analyst.inject({
        method: 'GET',
        url: `/api/tips/${tipId}/attachments/${attachment.id}?purpose=Voir%20la%20photo`,
      });
      expect(file.statusCode, file.body.slice(0, 300)).toBe(200);
      expect(leaks(file.rawPayload), attachment.mimeType).toEqual([]);
      const stored = await t.platform.files.read(t.platform.db, attachment.id);
      expect(leaks(stored.content), attachment.mimeType).toEqual([]);
      expect(stored.sizeBytes).toBe(stored.content.length);
      if (attachment.mimeType !== 'application/pdf') {
        const meta = await sharp(stored.content).metadata();
        expect([meta.width, meta.height, meta.exif, meta.xmp]).toEqual([64, 48, undefined, undefined]);
      } else {
        expect(await pdfText(stored.content)).toContain('Page fictive lisible');
      }
    }
    const stored = await t.platform.db
      .selectFrom('files')
      .selectAll()
      .where(
        'id',
        'in',
        attachments.map((a) => a.id),
      )
      .execute();
    expect(stored.map((f) => f.filename).sort()).toEqual(['piece-1.jpg', 'piece-2.webp', 'piece-3.pdf']);
    expect(stored.every((f) => f.restricted)).toBe(true);
    const investigatorElsewhere = await t.as('investigator', { organisationId: policeId });
    const refused = await investigatorElsewhere.inject({
      method: 'GET',
      url: `/api/tips/${tipId}/attachments/${attachments[0]!.id}?purpose=Curiosit%C3%A9`,
    });
    expect(refused.statusCode).toBe(404);
  });

  it('asks each channel’s own questions under its heading and stores the matching answers encrypted', async () => {
    const french = await t.app.inject({ method: 'GET', url: '/signalement' });
    const english = await t.app.inject({ method: 'GET', url: '/en/report' });
    for (const [page, legends] of [
      [french.body, ['Sollicitation ou recrutement', 'Lieu d’exploitation', 'Proxénète ou réseau']],
      [english.body, ['Solicitation or recruitment', 'Place of exploitation', 'Pimp or network']],
    ] as const) {
      for (const legend of legends) expect(page).toContain(`<legend>${legend.replace('’', '’')}</legend>`);
      expect(page).toContain('name="q_online_links"');
      expect(page).toContain('name="q_youth_at_risk_accompaniedBy"');
    }
    const response = await submit(
      '/signalement',
      {
        channel: 'place',
        facts: 'Récit fictif des questions.',
        q_place_placeType: 'Motel-canari-question',
        q_place_hours: 'La nuit',
        q_place_address: '',
      },
      {},
      '10.9.9.9',
    );
    await receiptFrom(response);
    const rows = await t.platform.db.selectFrom('tips').select(['id', 'content']).execute();
    const contents = rows.map(
      (row) =>
        JSON.parse(t.platform.keyring.decrypt(row.content, `tips.content:${row.id}`)) as {
          facts: string;
          answers?: Record<string, string>;
        },
    );
    expect(contents.find((c) => c.facts === 'Récit fictif des questions.')?.answers).toEqual({
      placeType: 'Motel-canari-question',
      hours: 'La nuit',
    });
    expect(rows.some((row) => row.content.includes('canari'))).toBe(false);

    // An answer in another channel's section: a clear message, the text kept, nothing stored.
    const before = rows.length;
    const wrong = await submit(
      '/en/report',
      {
        channel: 'other',
        facts: 'Fictional facts.',
        q_online_links: 'https://exemple.test/profil-fictif',
      },
      {},
      '10.9.9.9',
    );
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('Online luring or exploitation (no images)');
    expect(wrong.body).toContain('href="#field-q_online_links"');
    expect(wrong.body).toContain('https://exemple.test/profil-fictif</textarea>');
    const after = await t.platform.db.selectFrom('tips').select('id').execute();
    expect(after).toHaveLength(before);
  });

  it('answers a honeypot submission like a real one and stores nothing', async () => {
    const before = await t.platform.db
      .selectFrom('tips')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    const response = await submit('/signalement', {
      channel: 'other',
      facts: 'Robot.',
      website: 'http://spam.test',
    });
    await receiptFrom(response);
    const after = await t.platform.db
      .selectFrom('tips')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('refuses an unknown receipt with the same clear message', async () => {
    const response = await submit('/en/report/follow-up', { receipt: '1234 5678 9012 3456' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('This number matches no active tip.');
    const malformed = await submit('/signalement/suivi', { receipt: 'abc' });
    expect(malformed.body).toContain('Ce numéro ne correspond à aucun signalement actif.');
  });

  it('keeps no trace of the client address or user agent, and no tip text in clear (canary)', async () => {
    lines.length = 0;
    const address = '198.51.100.173';
    const forwarded = '203.0.113.201';
    const agent = 'CanaryBrowser/7.7 (Filet-canary-agent)';
    const canary = 'Canari-fictif-8f3c2a: un récit qui ne doit jamais apparaître en clair.';
    const contact = 'canari-contact-51e9@exemple.test';
    const response = await submit(
      '/signalement',
      { channel: 'pimp_network', facts: canary, who: 'Canari-qui-77', contact },
      { 'user-agent': agent, 'x-forwarded-for': forwarded },
      address,
    );
    const receipt = await receiptFrom(response);
    await submit(
      '/signalement/suivi',
      { receipt },
      { 'user-agent': agent, 'x-forwarded-for': forwarded },
      address,
    );
    const everything = `${await dump(t.platform.db)}\n${lines.join('')}`;
    for (const needle of [
      address,
      forwarded,
      agent,
      'Filet-canary-agent',
      canary,
      'Canari-fictif-8f3c2a',
      'Canari-qui-77',
      contact,
      receipt,
    ]) {
      expect(everything.split(needle).length - 1, needle).toBe(0);
    }
  });

  it('destroys expired tips everywhere, audits it and keeps de-identified counts', async () => {
    // From its own address: the tips above used up 127.0.0.1's ten sendings of this window.
    const response = await submit(
      '/signalement',
      { channel: 'other', facts: 'À détruire.', contact: 'x@exemple.test' },
      {},
      '10.7.7.7',
    );
    await receiptFrom(response);
    const count = async (table: 'tips' | 'tip_messages' | 'tip_identities') =>
      (
        await t.platform.db
          .selectFrom(table)
          .select(sql<number>`count(*)::int`.as('n'))
          .executeTakeFirstOrThrow()
      ).n;
    const tipsBefore = await count('tips');
    expect(tipsBefore).toBeGreaterThan(0);
    const saved = clock;
    clock = new Date(clock.getTime() + 4 * 365 * 86_400_000);
    const destroyed = await destroyExpiredTips(t.platform);
    clock = saved;
    expect(destroyed).toBe(tipsBefore);
    expect(await count('tips')).toBe(0);
    expect(await count('tip_messages')).toBe(0);
    expect(await count('tip_identities')).toBe(0);
    const files = await t.platform.db
      .selectFrom('files')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    expect(files.n).toBe(0);
    const kept = await t.platform.db
      .selectFrom('tip_counts')
      .select(sql<number>`sum(count)::int`.as('n'))
      .executeTakeFirstOrThrow();
    expect(kept.n).toBe(tipsBefore);
    const audit = await t.platform.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'tips.tip.destroy_expired')
      .execute();
    expect(audit.length).toBeGreaterThan(0);
    const sections = await t.platform.annualReport.compute(t.platform.db, {
      year: 2026,
      locale: 'fr-CA',
      timeZone: REGION_TIME_ZONE,
    });
    const section = sections.find((s) => s.key === 'tips')!;
    expect(section.figures[0]!.value).toBe(tipsBefore);
  });
});
