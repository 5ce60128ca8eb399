import { Secret, TOTP } from 'otpauth';

export const TOTP_PERIOD = 30;
const ISSUER = 'Filet';

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totpFor(secret: string, label: string): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: TOTP_PERIOD,
    secret: Secret.fromBase32(secret),
  });
}

export function totpUri(secret: string, label: string): string {
  return totpFor(secret, label).toString();
}

/** The current code (demo panel and tests only). */
export function currentTotpCode(secret: string, now: Date): string {
  return totpFor(secret, 'code').generate({ timestamp: now.getTime() });
}

/**
 * Checks a 6-digit code with one step of clock drift either way. Returns the time step it belongs to
 * (the caller stores it and refuses any step not above the last one: a code is never accepted twice),
 * or null when it is wrong.
 */
export function matchTotpStep(secret: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpFor(secret, 'code').validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD) + delta;
}
