import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useSearchParams } from 'react-router';
import type { DemoAccount, DemoAccounts, SignedIn } from '../../../shared/contracts/auth';
import { ApiError, api, fieldMessage, setCsrfToken } from '../../app/api';
import { useForm } from '../../app/form';
import { safeReturnPath } from '../../app/format';
import { useSession } from '../../app/session';
import { Button } from '../../ui/button';
import { ErrorSummary, StatusMessage } from '../../ui/error-summary';
import { Field } from '../../ui/field';
import { LoadingPage, Page } from '../../ui/page';
import { CodeField, codeProblem } from './code-field';
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

  const form = useForm({ email: '', password: '', code: '' }, FIELD_IDS);
  const { values, set, run, pending, error } = form;
  const [step, setStep] = useState<'credentials' | 'code'>('credentials');
  const [demoEmail, setDemoEmail] = useState<string | null>(null);
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
          set('code', account.code);
        })
        .catch(() => undefined);
    };
    fill();
    const timer = window.setInterval(fill, 5_000);
    return () => {
      current = false;
      window.clearInterval(timer);
    };
  }, [step, demoEmail, set]);

  if (state.status === 'loading') return <LoadingPage />;
  if (state.status === 'signed_in') return <Navigate to={returnTo} replace />;
  if (state.status === 'enrolment') return <Navigate to="/securite/totp" replace state={{ returnTo }} />;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void run(async () => {
      try {
        const { email, password } = values;
        const body =
          step === 'code' ? { email, password, code: values.code.replace(/\s/g, '') } : { email, password };
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
    form.setValues({ email: account.email, password: demoPassword, code: '' });
    setStep('credentials');
    setDemoEmail(account.email);
    document.getElementById(FIELD_IDS.email ?? '')?.focus();
  };

  const codeError = step === 'code' ? codeProblem(error) : fieldMessage(error, 'code');

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
        <ErrorSummary error={error} fieldId={form.fieldId} />
        <form className="form" noValidate onSubmit={onSubmit} aria-busy={pending}>
          <Field
            label={t('auth.fields.email')}
            type="email"
            autoComplete="username"
            required
            readOnly={step === 'code'}
            {...form.field('email')}
          />
          <Field
            label={t('auth.fields.password')}
            type="password"
            autoComplete="current-password"
            required
            readOnly={step === 'code'}
            {...form.field('password')}
          />
          {step === 'code' ? (
            <CodeField
              ref={codeInput}
              hint={t('auth.signIn.codeHint')}
              {...form.field('code')}
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
                  set('code', '');
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
