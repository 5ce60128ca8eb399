import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  randomInt,
  scrypt,
  timingSafeEqual,
} from 'node:crypto';

/**
 * The secrets of the tip line: receipts, their keyed memory-hard hash, the form tokens that stand in
 * for a proof of work, and the sealing of a receipt for the page that shows it.
 */

/**
 * scrypt cost of the receipt hash: 4 MiB of memory per hash (N = 2^12, r = 8). Measured with
 * bench/tips.ts (public form through the HTTP stack, PostgreSQL 15 on the same two cores, 16 in flight):
 * 2^10 196 tips/s, 2^12 154 tips/s, 2^13 75 tips/s. The HMAC key kept outside the database is the first
 * protection; raising N changes every stored hash, so only before tips exist or with a re-hash.
 */
export const RECEIPT_SCRYPT = { N: 2 ** 12, r: 8, p: 1, maxmem: 32 * 1024 * 1024 } as const;

/** A random 16-digit receipt (the first digit never 0, so it always reads as 16 digits). */
export function newReceipt(): string {
  let receipt = String(randomInt(1, 10));
  for (let i = 0; i < 15; i += 1) receipt += String(randomInt(0, 10));
  return receipt;
}

/** The receipt as typed by a person: spaces and dashes dropped; null when it is not 16 digits. */
export function normaliseReceipt(input: string): string | null {
  const digits = input.replace(/[\s-]/g, '');
  return /^\d{16}$/.test(digits) ? digits : null;
}

/** Groups a receipt 4 by 4 for reading aloud or copying. */
export function formatReceipt(receipt: string): string {
  return receipt.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/**
 * Keyed, deterministic, memory-hard hash of a receipt: HMAC with a secret kept outside the database
 * (derived from the master key), then scrypt salted with the same secret. A stolen database alone
 * cannot test receipts; a follow-up finds its tip by equality without scanning.
 */
export function hashReceipt(secret: Buffer, receipt: string): Promise<string> {
  const keyed = createHmac('sha256', secret).update(`tip-receipt:${receipt}`).digest();
  return new Promise((resolve, reject) => {
    scrypt(keyed, secret, 32, RECEIPT_SCRYPT, (error, derived) => {
      if (error) reject(error);
      else resolve(derived.toString('hex'));
    });
  });
}

/**
 * Signed, time-stamped form tokens. A plain HTML form satisfies them without JavaScript: the token is
 * issued with the page and accepted only once it is `minAgeMs` old and younger than `maxAgeMs`, so
 * scripted floods have to wait like people. The check here is stateless; a token is single-use because
 * its nonce is spent in PostgreSQL in the transaction that stores what it carried (`spendable`).
 */
export class FormTokens {
  readonly #secret: Buffer;

  constructor(
    secret: Buffer,
    readonly minAgeMs: number,
    readonly maxAgeMs: number,
  ) {
    this.#secret = secret;
  }

  #sign(body: string): string {
    return createHmac('sha256', this.#secret).update(body).digest('base64url');
  }

  issue(purpose: string, now: Date): string {
    const body = `${purpose}.${now.getTime().toString(36)}.${randomBytes(9).toString('base64url')}`;
    return `${body}.${this.#sign(body)}`;
  }

  /** Checks a token's signature, purpose and age: 'ok', 'too_early' or 'invalid' (forged, expired). */
  check(token: string, purpose: string, now: Date): 'ok' | 'too_early' | 'invalid' {
    const parts = token.split('.');
    if (parts.length !== 4) return 'invalid';
    const [tokenPurpose, issued36, nonce, signature] = parts as [string, string, string, string];
    const expected = Buffer.from(this.#sign(`${tokenPurpose}.${issued36}.${nonce}`));
    const presented = Buffer.from(signature);
    if (expected.length !== presented.length || !timingSafeEqual(expected, presented)) return 'invalid';
    if (tokenPurpose !== purpose) return 'invalid';
    const issued = Number.parseInt(issued36, 36);
    if (!Number.isFinite(issued)) return 'invalid';
    const age = now.getTime() - issued;
    if (age > this.maxAgeMs || age < -60_000) return 'invalid';
    if (age < this.minAgeMs) return 'too_early';
    return 'ok';
  }

  /**
   * What spending a checked token writes: its nonce, and until when it must stay spent (its expiry,
   * rounded up to the hour so the row does not tell when the form was opened).
   */
  spendable(token: string): { nonce: string; until: Date } {
    const [, issued36 = '', nonce = ''] = token.split('.');
    const expires = Number.parseInt(issued36, 36) + this.maxAgeMs;
    return { nonce, until: new Date(Math.ceil(expires / 3_600_000) * 3_600_000) };
  }
}

/** The random value in the address of a receipt page; it is never stored. */
export function newReceiptTicket(): string {
  return randomBytes(24).toString('base64url');
}

/** What the database knows a receipt ticket by: its SHA-256 (hex). */
export function receiptTicketId(ticket: string): string {
  return createHash('sha256').update(ticket).digest('hex');
}

function ticketKey(secret: Buffer, ticket: string): Buffer {
  return createHmac('sha256', secret).update(`tip-receipt-ticket:${ticket}`).digest();
}

/**
 * Seals a receipt for its page with AES-256-GCM under a key derived from the ticket and a secret kept
 * outside the database: the stored value opens only with the page's address in hand.
 */
export function sealReceipt(secret: Buffer, ticket: string, receipt: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', ticketKey(secret, ticket), iv);
  cipher.setAAD(Buffer.from(receiptTicketId(ticket)));
  const sealed = Buffer.concat([cipher.update(receipt, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

/** Opens a sealed receipt with its ticket; null when it does not open (another ticket, another key). */
export function openReceipt(secret: Buffer, ticket: string, sealed: string): string | null {
  const raw = Buffer.from(sealed, 'base64url');
  if (raw.length < 29) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', ticketKey(secret, ticket), raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(receiptTicketId(ticket)));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

/** An hour-rounded time: what the tip line stores instead of the moment of a submission. */
export function roundToHour(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 3_600_000) * 3_600_000);
}
