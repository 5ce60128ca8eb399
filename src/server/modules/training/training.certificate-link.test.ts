import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent, TestApp } from '../../../../test/support/app.js';
import { mailsTo as queuedMailsTo } from '../../../../test/support/outbox.js';
import { pdfText } from '../../../../test/support/pdf.js';
import {
  makeSession,
  outsideParticipant,
  participantOf,
  register as registerRow,
} from '../../../../test/support/questionnaire.factories.js';
import { OPEN_COURSE, trainingScenario } from '../../../../test/support/training.scenario.js';
import { remindExpiringCertificates } from './reminders.service.js';
import { holderVersion, linkSecret, signLink } from './training.links.js';

/**
 * Outside professionals (no Filet account) get their certificate through a personal link sent when
 * they complete a course: the same PDF members download, in the language of the link's page, the
 * download audited without their name. Forged, expired and replaced links get a page and nothing else.
 */

let now = new Date('2026-09-01T12:00:00Z');
let t: TestApp;
let coordinator: Agent;
let trainer: Agent;
let courseId: string;

beforeAll(async () => {
  ({ t, coordinator, trainer, courseId } = await trainingScenario({
    now: () => now,
    course: { ...OPEN_COURSE, code: 'PRX-5', certificateValidityMonths: 24 },
  }));
});
afterAll(async () => {
  await t.close();
});

const FR = '/attestation-formation';
const EN = '/en/training-certificate';

/** The e-mails queued to an address, bodies decrypted. */
function mailsTo(to: string, kind?: string) {
  return queuedMailsTo(t, to, kind);
}

/** The path of a personal link in an e-mail, under the page's path. */
function linkIn(text: string, path: string): string {
  const match = new RegExp(`http://filet\\.test(${path}/[A-Za-z0-9_.-]+)`).exec(text);
  expect(match, `${path} in:\n${text}`).not.toBeNull();
  return match![1]!;
}

let visitors = 0;
/** A visit to a public page, each from its own address unless one is given (rate limits are per address). */
function visit(url: string, remoteAddress?: string) {
  visitors += 1;
  return t.app.inject({ method: 'GET', url, remoteAddress: remoteAddress ?? `203.0.113.${visitors % 250}` });
}

async function lastSeq(): Promise<number> {
  const row = await t.platform.db
    .selectFrom('audit_log')
    .select(({ fn }) => fn.max('seq').as('seq'))
    .executeTakeFirstOrThrow();
  return Number(row.seq ?? 0);
}

async function auditSince(seq: number) {
  return t.platform.db
    .selectFrom('audit_log')
    .select(['action', 'target_id', 'actor_id', 'entry'])
    .where('seq', '>', seq)
    .orderBy('seq')
    .execute();
}

/** The PDF a link gives: no cookie, no cache, a download. */
function expectPdf(response: LightMyRequestResponse, filename: string) {
  expect(response.statusCode, response.body.slice(0, 200)).toBe(200);
  expect(response.headers['content-type']).toBe('application/pdf');
  expect(response.headers['content-disposition']).toBe(`attachment; filename="${filename}"`);
  expect(response.headers['cache-control']).toBe('no-store');
  expect(response.headers['set-cookie']).toBeUndefined();
  expect(response.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
}

/** A page instead of the PDF: plain HTML without script, no cookie, no cache. */
function expectPage(response: LightMyRequestResponse, status: number, text: string) {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toContain('text/html');
  expect(response.headers['cache-control']).toBe('no-store');
  expect(response.headers['set-cookie']).toBeUndefined();
  expect(response.body).not.toContain('<script');
  expect(response.body).not.toContain('%PDF');
  expect(response.body).toContain(text);
}

let serial = 0;
/**
 * A session of the course that ended yesterday, given by the trainer, with two outside professionals
 * (one reading French, one English) and a member confirmed; the trainer marks all three as completed.
 */
async function completedSession() {
  serial += 1;
  const db = t.platform.db;
  const sessionId = await makeSession(db, courseId, {
    endsAt: new Date(now.getTime() - 86_400_000),
    trainerIds: [trainer.person.id],
  });
  const french = {
    email: `gisele-${serial}@hotel-fictif.test`,
    id: await outsideParticipant(db, {
      email: `gisele-${serial}@hotel-fictif.test`,
      fullName: 'Gisèle Externe',
      locale: 'fr-CA',
    }),
  };
  const english = {
    email: `jordan-${serial}@hotel-fictif.test`,
    id: await outsideParticipant(db, {
      email: `jordan-${serial}@hotel-fictif.test`,
      fullName: 'Jordan Outside',
      locale: 'en-CA',
    }),
  };
  const member = await t.as('worker');
  const memberParticipant = await participantOf(db, member.person);
  const registrations = [
    await registerRow(db, sessionId, french.id),
    await registerRow(db, sessionId, english.id),
    await registerRow(db, sessionId, memberParticipant),
  ];
  const completed = await trainer.inject({
    method: 'POST',
    url: `/api/training/sessions/${sessionId}/completions`,
    payload: { registrationIds: registrations },
  });
  expect(completed.statusCode, completed.body).toBe(200);
  const completions = await db
    .selectFrom('training_completions')
    .select(['id', 'participant_id', 'certificate_code'])
    .where('session_id', '=', sessionId)
    .execute();
  const of = (participantId: string) => {
    const row = completions.find((c) => c.participant_id === participantId)!;
    return { id: row.id, code: row.certificate_code! };
  };
  return {
    sessionId,
    french: { ...french, completion: of(french.id) },
    english: { ...english, completion: of(english.id) },
    member: {
      email: member.person.email,
      participantId: memberParticipant,
      completion: of(memberParticipant),
    },
  };
}

describe('the certificate e-mail of outside professionals', () => {
  it('carries a personal link to the PDF and the public verification address, in their language', async () => {
    const { french, english, member } = await completedSession();

    const frMails = await mailsTo(french.email);
    expect(frMails.map((m) => m.kind)).toEqual(['training_completed_outside']);
    expect(frMails[0]!.subject).toBe('Formation terminée : Intervenir auprès des proxénètes');
    const fr = frMails[0]!.text;
    expect(fr).toContain('Bonjour Gisèle Externe');
    expect(fr).toContain('valide jusqu’au 31 août 2028');
    expect(fr).toContain(`code de vérification, ${french.completion.code}`);
    expect(fr).toContain(`http://filet.test/certificats/${french.completion.code}`);
    expect(fr).not.toContain('/formation/mes-formations');
    linkIn(fr, FR);

    const enMails = await mailsTo(english.email);
    expect(enMails.map((m) => m.kind)).toEqual(['training_completed_outside']);
    expect(enMails[0]!.subject).toBe('Course completed: Intervening with pimps');
    const en = enMails[0]!.text;
    expect(en).toContain('Hello Jordan Outside');
    expect(en).toContain('valid until August 31, 2028');
    expect(en).toContain(`http://filet.test/en/certificates/${english.completion.code}`);
    linkIn(en, EN);

    // Members keep the e-mail pointing to their page in Filet.
    const [memberMail] = await mailsTo(member.email);
    expect(memberMail!.kind).toBe('training_completed');
    expect(memberMail!.text).toContain('http://filet.test/formation/mes-formations');
    expect(memberMail!.text).not.toContain(FR);
  });
});

describe('the certificate through the personal link', () => {
  it('gives the same PDF members get, in the page’s language, audited without the name', async () => {
    const { french, english } = await completedSession();
    const frLink = linkIn((await mailsTo(french.email))[0]!.text, FR);
    const enLink = linkIn((await mailsTo(english.email))[0]!.text, EN);

    const seq = await lastSeq();
    const pdf = await visit(frLink, '203.0.113.251');
    expectPdf(pdf, 'attestation.pdf');
    const text = await pdfText(pdf.rawPayload);
    expect(text).toContain('Attestation de formation');
    expect(text).toContain('Gisèle Externe');
    expect(text).toContain('Intervenir auprès des proxénètes');
    expect(text).toContain('Valide jusqu’au');
    expect(text).toContain(`Code de vérification : ${french.completion.code}`);
    expect(text).toContain(`http://filet.test/certificats/${french.completion.code}`);

    const entries = await auditSince(seq);
    expect(entries.map((e) => [e.action, e.target_id, e.actor_id])).toEqual([
      ['training.certificate.download', french.completion.id, null],
    ]);
    expect(JSON.parse(entries[0]!.entry).meta).toEqual({ by: 'outside_link', locale: 'fr-CA' });
    for (const personal of ['Gisèle', 'Externe', 'hotel-fictif', '203.0.113']) {
      expect(entries[0]!.entry).not.toContain(personal);
    }

    // The same link on the English page gives the English certificate.
    const token = frLink.split('/').pop()!;
    const inEnglish = await visit(`${EN}/${token}`);
    expectPdf(inEnglish, 'certificate.pdf');
    const englishText = await pdfText(inEnglish.rawPayload);
    expect(englishText).toContain('Certificate of training');
    expect(englishText).toContain('Gisèle Externe');
    expect(englishText).toContain('Intervening with pimps');
    expect(englishText).toContain(`Verification code: ${french.completion.code}`);

    const theirs = await visit(enLink);
    expectPdf(theirs, 'certificate.pdf');
    const theirText = await pdfText(theirs.rawPayload);
    expect(theirText).toContain('Jordan Outside');
    expect(theirText).toContain(`http://filet.test/en/certificates/${english.completion.code}`);
  });

  it('answers forged, expired and misdirected links with a page in the visitor’s language, and nothing else', async () => {
    const { french, member } = await completedSession();
    const frLink = linkIn((await mailsTo(french.email))[0]!.text, FR);
    const token = frLink.split('/').pop()!;
    const secret = linkSecret(t.platform, 'training-certificate');
    const inAYear = new Date(now.getTime() + 365 * 86_400_000);
    const version = holderVersion(t.platform, { id: french.id, email: french.email });
    const cancellation = signLink(
      linkSecret(t.platform, 'training-cancellation'),
      'training-cancellation',
      french.completion.id,
      inAYear,
      version,
    );
    const memberVersion = holderVersion(t.platform, { id: member.participantId, email: member.email });
    const seq = await lastSeq();
    const french404 = [
      `${FR}/${token.slice(0, -4)}AAAA`, // the signature changed
      `${FR}/${cancellation}`, // a link made for another page
      `${FR}/${signLink(secret, 'training-certificate', member.completion.id, inAYear, memberVersion)}`, // a member's
      `${FR}/${signLink(secret, 'training-certificate', '00000000-0000-4000-8000-000000000000', inAYear, 1)}`,
      `${FR}/abc`,
      `${FR}/${'x'.repeat(190)}`,
    ];
    for (const url of french404) {
      expectPage(await visit(url), 404, 'Lien d’attestation invalide');
    }
    const expired = signLink(
      secret,
      'training-certificate',
      french.completion.id,
      new Date(now.getTime() - 1000),
      version,
    );
    const english = await visit(`${EN}/${expired}`);
    expectPage(english, 404, 'Invalid certificate link');
    expect(english.body).toContain('<html lang="en-CA">');
    expect(english.body).toContain(`href="${FR}/${expired}"`);
    expect(await auditSince(seq)).toEqual([]);

    // The e-mailed link itself, two years on.
    const saved = now;
    now = new Date(now.getTime() + 731 * 86_400_000);
    try {
      expectPage(await visit(frLink), 404, 'Ce lien n’est pas valide ou a expiré.');
    } finally {
      now = saved;
    }
    expect(await auditSince(seq)).toEqual([]);
    expectPdf(await visit(frLink), 'attestation.pdf');
  });

  it('is rate-limited per address, with a translated page', async () => {
    const { french } = await completedSession();
    const frLink = linkIn((await mailsTo(french.email))[0]!.text, FR);
    const forged = `${frLink.slice(0, -4)}AAAA`;
    const address = '192.0.2.200';
    for (let n = 0; n < 30; n += 1) expect((await visit(forged, address)).statusCode).toBe(404);
    const seq = await lastSeq();
    const limited = await visit(frLink, address);
    expectPage(limited, 429, 'Trop de requêtes');
    expect(await auditSince(seq)).toEqual([]);
    // Another address is not held back.
    expectPdf(await visit(frLink), 'attestation.pdf');
  });
});

describe('the certificate link after a correction', () => {
  it('follows a corrected name, and moves to a corrected address: the link sent before is replaced', async () => {
    const { french } = await completedSession();
    const oldLink = linkIn((await mailsTo(french.email))[0]!.text, FR);

    const renamed = await coordinator.inject({
      method: 'PATCH',
      url: `/api/training/participants/${french.id}`,
      payload: { fullName: 'Gisèle Externe-Dubé' },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(await pdfText((await visit(oldLink)).rawPayload)).toContain('Gisèle Externe-Dubé');

    const seq = await lastSeq();
    const fixed = `corrigee-${serial}@hotel-fictif.test`;
    const moved = await trainer.inject({
      method: 'PATCH',
      url: `/api/training/participants/${french.id}`,
      payload: { email: fixed },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const entries = await auditSince(seq);
    expect(JSON.parse(entries[0]!.entry).meta).toEqual({
      fields: ['email'],
      movedRegistrations: 1,
      resentRegistrations: 0,
      resentEvaluations: 0,
      resentCertificates: 1,
    });

    const after = await lastSeq();
    const replaced = await visit(oldLink);
    expectPage(replaced, 410, 'Ce lien a été remplacé');
    expect(replaced.body).toContain('adresse courriel corrigée depuis');
    const token = oldLink.split('/').pop()!;
    expectPage(await visit(`${EN}/${token}`), 410, 'This link has been replaced');
    expect(await auditSince(after)).toEqual([]);

    const mails = await mailsTo(fixed);
    expect(mails.map((m) => m.kind)).toEqual(['training_completed_outside']);
    expect(mails[0]!.text).toContain('Bonjour Gisèle Externe-Dubé');
    expect(mails[0]!.text).toContain(`http://filet.test/certificats/${french.completion.code}`);
    const newLink = linkIn(mails[0]!.text, FR);
    expect(newLink).not.toBe(oldLink);
    const pdf = await visit(newLink);
    expectPdf(pdf, 'attestation.pdf');
    expect(await pdfText(pdf.rawPayload)).toContain('Gisèle Externe-Dubé');
    expect((await mailsTo(french.email)).map((m) => m.kind)).toEqual(['training_completed_outside']);
  });
});

describe('the expiry reminder of outside professionals', () => {
  it('asks them for a new invitation and gives the verification address, never a link into the app', async () => {
    const { french, english, member } = await completedSession();
    const saved = now;
    try {
      // Thirty days before the 24-month certificates expire.
      now = new Date(now.getTime() + (730 - 30) * 86_400_000);
      expect(await remindExpiringCertificates(t.platform)).toBeGreaterThanOrEqual(3);
    } finally {
      now = saved;
    }
    const [fr] = await mailsTo(french.email, 'training_certificate_expiry_outside');
    expect(fr!.subject).toBe('Votre attestation arrive à échéance : Intervenir auprès des proxénètes');
    expect(fr!.text).toContain('Bonjour Gisèle Externe');
    expect(fr!.text).toContain(`http://filet.test/certificats/${french.completion.code}`);
    expect(fr!.text).not.toContain('/formation');
    const [en] = await mailsTo(english.email, 'training_certificate_expiry_outside');
    expect(en!.subject).toBe('Your certificate is about to expire: Intervening with pimps');
    expect(en!.text).toContain(`http://filet.test/en/certificates/${english.completion.code}`);
    // A member keeps the reminder that leads into the app.
    const [mine] = await mailsTo(member.email, 'training_certificate_expiry');
    expect(mine!.text).toContain('http://filet.test/formation');
    expect(await mailsTo(member.email, 'training_certificate_expiry_outside')).toEqual([]);
  });
});
