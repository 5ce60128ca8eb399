import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { PublicConfig, SessionView } from '../../shared/contracts/auth';
import type { Locale } from '../../shared/roles';
import { ApiError, api, onAuthProblem, setCsrfToken } from './api';
import { applyLocale, currentLocale, isLocale } from './i18n';

/** Why nobody is signed in, when the app knows: shown on the sign-in page. */
export type SignedOutReason = 'expired' | 'signedOut' | 'sessionEnded';

export type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous'; reason: SignedOutReason | null }
  /** Signed in with a password but no second factor yet: only TOTP enrolment is allowed. */
  | { status: 'enrolment' }
  | { status: 'signed_in'; session: SessionView };

interface SessionContextValue {
  state: SessionState;
  demo: boolean;
  /** Asks the server who is signed in and updates the state. */
  refresh: () => Promise<SessionState>;
  enterEnrolment: () => void;
  signOut: () => Promise<void>;
  /** Forgets the session in this tab once the server ended it. */
  forgetSession: (reason: SignedOutReason) => void;
  /** True only when the server granted the permission. */
  can: (permission: string) => boolean;
  /** True unless the server explicitly refused the permission (directory pages). */
  mayView: (permission: string) => boolean;
  /** Records a language chosen while signed out, to be saved on the account at sign-in. */
  chooseLocale: (locale: Locale) => Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

// A language picked on the sign-in page wins over the one saved on the account.
let chosenWhileSignedOut: Locale | null = null;

async function syncLocale(session: SessionView): Promise<void> {
  const chosen = chosenWhileSignedOut;
  chosenWhileSignedOut = null;
  if (chosen && chosen !== session.person.locale) {
    await api.patch('/account', { locale: chosen }).catch(() => undefined);
    session.person.locale = chosen;
    return;
  }
  if (isLocale(session.person.locale) && session.person.locale !== currentLocale()) {
    await applyLocale(session.person.locale);
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [demo, setDemo] = useState(false);

  const refresh = useCallback(async (): Promise<SessionState> => {
    let next: SessionState;
    try {
      const session = await api.get<SessionView>('/auth/session', { reportAuthProblems: false });
      setCsrfToken(session.csrfToken);
      if (session.demo) setDemo(true);
      if (session.mfaVerified) {
        await syncLocale(session);
        next = { status: 'signed_in', session };
      } else {
        next = { status: 'enrolment' };
      }
    } catch (error) {
      if (error instanceof ApiError && error.code === 'mfa_enrolment_required') {
        next = { status: 'enrolment' };
      } else {
        next = {
          status: 'anonymous',
          reason: error instanceof ApiError && error.code === 'session_expired' ? 'expired' : null,
        };
      }
    }
    setState(next);
    return next;
  }, []);

  useEffect(() => {
    onAuthProblem((problem) => {
      if (problem === 'mfa_enrolment_required') {
        setState({ status: 'enrolment' });
        return;
      }
      setCsrfToken(null);
      setState({ status: 'anonymous', reason: problem === 'session_expired' ? 'expired' : null });
    });
    void refresh();
    api
      .get<PublicConfig>('/public/config', { reportAuthProblems: false })
      .then((config) => setDemo((current) => current || config.demo))
      .catch(() => undefined);
    return () => onAuthProblem(null);
  }, [refresh]);

  const forgetSession = useCallback((reason: SignedOutReason) => {
    setCsrfToken(null);
    setState({ status: 'anonymous', reason });
  }, []);

  const signOut = useCallback(async () => {
    await api.post('/auth/logout', {}, { reportAuthProblems: false }).catch(() => undefined);
    forgetSession('signedOut');
  }, [forgetSession]);

  const enterEnrolment = useCallback(() => setState({ status: 'enrolment' }), []);

  const value = useMemo<SessionContextValue>(() => {
    const permissions = state.status === 'signed_in' ? state.session.permissions : null;
    return {
      state,
      demo,
      refresh,
      enterEnrolment,
      signOut,
      forgetSession,
      can: (permission) => permissions?.[permission] === true,
      mayView: (permission) => permissions !== null && permissions[permission] !== false,
      chooseLocale: async (locale) => {
        await applyLocale(locale);
        if (state.status === 'signed_in') {
          state.session.person.locale = locale;
          await api.patch('/account', { locale }).catch(() => undefined);
        } else {
          chosenWhileSignedOut = locale;
        }
      },
    };
  }, [state, demo, refresh, enterEnrolment, signOut, forgetSession]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** True when `can` grants the permission, or one of the permissions of a list. */
export function holds(can: (permission: string) => boolean, permission: string | readonly string[]): boolean {
  return typeof permission === 'string' ? can(permission) : permission.some(can);
}

/** The signed-in session; only for pages behind RequireAuth. */
export function useSignedIn(): SessionView {
  const { state } = useSession();
  if (state.status !== 'signed_in') throw new Error('useSignedIn outside a signed-in page');
  return state.session;
}
