import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useSearchParams } from 'react-router';
import type { DemoAccount, DemoAccounts, SignedIn } from '../../../shared/contracts/auth';
import { ApiError, api, fieldMessage, setCsrfToken } from '../../app/api';
import { safeReturnPath } from '../../app/format';
import { useAction } from '../../app/hooks';
import { useSession } from '../../app/session';
import { Button } from '../../ui/button';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { Field } from '../../ui/field';
import { LoadingPage, Page } from '../../ui/page';
import { DemoAccountsPanel } from './demo-accounts';
import { useFlash } from './flash';

const FIELD_IDS: Record<string, string> = {
  email: 'signin-email',
  password: 'signin-password',
  code: 'signin-code',
};

export function SignInPage() {
  const { t } = useTranslation();
  const { state, demo, refresh, enterEnrolment } = useSession();
  const [params] = useSearchParams();
  const returnTo = safeReturnPath(params.get('retour'));
  const flash = useFlash();

  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [step, setStep] = useState<'credentials' | 'code'>('credentials');
  const [demoEmail, setDemoEmail] = useState<string | null>(null);
  const { run, pending, error } = useAction();
  const codeInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (step === 'code') codeInput.current?.focus();
  }, [step]);

  // In demo mode the code step is filled with the account's current code, and kept current: a code
  // already used in this 30-second step is refused, and the next one then arrives by itself.
  useEffect(() => {
    if (step !== 'code' || !demoEmail) return;
    let current = true;
    let lastFetched = '';
    const fill = () => {
      api
        .get<DemoAccounts>('/demo/accounts')
        .then((data) => {
          const account = data.accounts.find((candidate) => candidate.email === demoEmail);
          if (!current || !account || account.code === lastFetched) return;
          lastFetched = account.code;
          setCode(account.code);
        })
        .catch(() => undefined);
    };
    fill();
    const timer = window.setInterval(fill, 5_000);
    return () => {
      current = false;
      window.clearInterval(timer);
    };
  }, [step, demoEmail]);

  if (state.status === 'loading') return <LoadingPage />;
  if (state.status === 'signed_in') return <Navigate to={returnTo} replace />;
  if (state.status === 'enrolment') return <Navigate to="/securite/totp" replace state={{ returnTo }} />;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void run(async () => {
      try {
        const body =
          step === 'code' ? { email, password, code: code.replace(/\s/g, '') } : { email, password };
        const result = await api.post<SignedIn>('/auth/login', body, { reportAuthProblems: false });
        setCsrfToken(result.csrfToken);
        if (result.status === 'enrolment_required') enterEnrolment();
        else await refresh();
      } catch (reason) {
        if (reason instanceof ApiError && reason.code === 'mfa_required') {
          setStep('code');
          return;
        }
        throw reason;
      }
    });
  };

  const pick = (account: DemoAccount, demoPassword: string) => {
    setEmail(account.email);
    setPassword(demoPassword);
    setCode('');
    setStep('credentials');
    setDemoEmail(account.email);
    document.getElementById(FIELD_IDS.email ?? '')?.focus();
  };

  const codeError =
    fieldMessage(error, 'code') ??
    (error?.code === 'invalid_code' && step === 'code' ? error.message : undefined);

  return (
    <Page title={t('auth.signIn.title')}>
      <div className="narrow">
        {state.reason === 'expired' ? (
          <div className="notice">
            <p>{t('auth.signIn.expired')}</p>
          </div>
        ) : null}
        <StatusMessage>
          {flash === 'passwordReset'
            ? t('auth.signIn.passwordReset')
            : state.reason === 'signedOut'
              ? t('auth.signIn.signedOut')
              : state.reason === 'sessionEnded'
                ? t('auth.signIn.sessionEnded')
                : null}
        </StatusMessage>
        <ErrorSummary error={error} fieldId={(field) => FIELD_IDS[field]} />
        <form className="form" noValidate onSubmit={onSubmit} aria-busy={pending}>
          <Field
            id={FIELD_IDS.email ?? 'signin-email'}
            label={t('auth.fields.email')}
            type="email"
            autoComplete="username"
            required
            readOnly={step === 'code'}
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            error={fieldMessage(error, 'email')}
          />
          <Field
            id={FIELD_IDS.password ?? 'signin-password'}
            label={t('auth.fields.password')}
            type="password"
            autoComplete="current-password"
            required
            readOnly={step === 'code'}
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            error={fieldMessage(error, 'password')}
          />
          {step === 'code' ? (
            <Field
              ref={codeInput}
              id={FIELD_IDS.code ?? 'signin-code'}
              label={t('auth.fields.code')}
              hint={t('auth.signIn.codeHint')}
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]*"
              maxLength={6}
              required
              className="input-code"
              value={code}
              onChange={(event) => setCode(event.target.value)}
              error={codeError}
            />
          ) : null}
          <div className="button-row">
            <Button type="submit" pending={pending}>
              {step === 'code' ? t('auth.signIn.verify') : t('auth.signIn.submit')}
            </Button>
            {step === 'code' ? (
              <Button
                variant="secondary"
                onClick={() => {
                  setStep('credentials');
                  setCode('');
                  setDemoEmail(null);
                }}
              >
                {t('auth.signIn.otherAccount')}
              </Button>
            ) : null}
          </div>
        </form>
        <p>
          <Link to="/mot-de-passe-oublie">{t('auth.signIn.forgot')}</Link>
        </p>
      </div>
      {demo ? <DemoAccountsPanel onPick={pick} /> : null}
    </Page>
  );
}
