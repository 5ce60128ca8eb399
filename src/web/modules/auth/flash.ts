import { useLocation } from 'react-router';

/** One-off messages carried in navigation state, e.g. after a password reset. */
export type Flash = 'passwordReset' | 'signedOut' | 'expired' | 'sessionEnded';

const FLASHES: readonly Flash[] = ['passwordReset', 'signedOut', 'expired', 'sessionEnded'];

export function useFlash(): Flash | null {
  const location = useLocation();
  const state: unknown = location.state;
  if (typeof state !== 'object' || state === null || !('flash' in state)) return null;
  const flash = state.flash;
  return FLASHES.find((candidate) => candidate === flash) ?? null;
}

export function useReturnTo(): string | null {
  const location = useLocation();
  const state: unknown = location.state;
  if (typeof state !== 'object' || state === null || !('returnTo' in state)) return null;
  return typeof state.returnTo === 'string' ? state.returnTo : null;
}
