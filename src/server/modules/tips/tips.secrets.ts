import { createHmac, randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * The secrets of the tip line: receipts, their keyed memory-hard hash, the form tokens that stand in
 * for a proof of work, and in-memory throttles that never hold a client address.
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
 * Signed, time-stamped, single-use form tokens. A plain HTML form satisfies them without JavaScript:
 * the token is issued with the page and accepted only once it is `minAgeMs` old and younger than
 * `maxAgeMs`, so scripted floods have to wait like people. Used tokens are remembered in memory until
 * they expire.
 */
export class FormTokens {
  readonly #secret: Buffer;
  readonly #used = new Map<string, number>();

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

  /** Checks a token without using it: 'ok', 'too_early' or 'invalid' (forged, expired, used). */
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
    if (this.#used.has(nonce)) return 'invalid';
    if (age < this.minAgeMs) return 'too_early';
    return 'ok';
  }

  /** Marks a token used (after the submission it carried was stored). */
  use(token: string, now: Date): void {
    const nonce = token.split('.')[2];
    if (!nonce) return;
    this.#used.set(nonce, now.getTime() + this.maxAgeMs);
    if (this.#used.size > 1000) {
      for (const [key, until] of this.#used) if (until < now.getTime()) this.#used.delete(key);
    }
  }
}

/**
 * Fixed-window counters held in memory only. Clients are told apart by an HMAC of their address under a
 * key drawn at start-up and never written anywhere, so the map holds no address; a global ceiling
 * holds even against many addresses.
 */
export class Throttle {
  readonly #key = randomBytes(32);
  #window = 0;
  #counts = new Map<string, number>();
  #global = 0;

  constructor(
    readonly perClient: number,
    readonly global: number,
    readonly windowMs: number,
  ) {}

  /** Counts one attempt; false when the client or everyone together went over the limit. */
  take(clientAddress: string, now: Date): boolean {
    const window = Math.floor(now.getTime() / this.windowMs);
    if (window !== this.#window) {
      this.#window = window;
      this.#counts = new Map();
      this.#global = 0;
    }
    const client = createHmac('sha256', this.#key).update(clientAddress).digest('base64url').slice(0, 16);
    const count = (this.#counts.get(client) ?? 0) + 1;
    this.#counts.set(client, count);
    this.#global += 1;
    return count <= this.perClient && this.#global <= this.global;
  }
}

/** An hour-rounded time: what the tip line stores instead of the moment of a submission. */
export function roundToHour(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 3_600_000) * 3_600_000);
}
