import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import type { TotpSetup } from '../../../shared/contracts/auth';
import { type ApiError, api, setCsrfToken, toApiError } from '../../app/api';
import { safeReturnPath } from '../../app/format';
import { useAction } from '../../app/hooks';
import { useSession } from '../../app/session';
import { Button } from '../../ui/button';
import { ErrorSummary } from '../../ui/error-summary';
import { Loading, LoadingPage, Page } from '../../ui/page';
import { CodeField, codeProblem } from './code-field';
import { useReturnTo } from './flash';

function svgDataUri(svg: string): string {
  const bytes = new TextEncoder().encode(svg);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}

function groupByFour(secret: string): string {
  return secret
    .replace(/\s/g, '')
    .replace(/(.{4})/g, '$1 ')
    .trim();
}

/** Second-factor enrolment: scan the QR code (or type the key), then prove it with a first code. */
export function TotpEnrolmentPage() {
  const { t } = useTranslation();
  const { state, refresh } = useSession();
  const returnTo = safeReturnPath(useReturnTo());
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [setupError, setSetupError] = useState<ApiError | undefined>(undefined);
  const [code, setCode] = useState('');
  const { run, pending, error } = useAction();
  const started = useRef(false);

  // One setup per visit: a second call would replace the secret just shown.
  useEffect(() => {
    if (state.status !== 'enrolment' || started.current) return;
    started.current = true;
    api
      .post<TotpSetup>('/auth/totp/setup', {})
      .then(setSetup)
      .catch((reason: unknown) => setSetupError(toApiError(reason)));
  }, [state.status]);

  if (state.status === 'loading') return <LoadingPage />;
  if (state.status === 'anonymous') return <Navigate to="/connexion" replace />;
  if (state.status === 'signed_in') return <Navigate to={returnTo} replace />;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void run(async () => {
      const result = await api.post<{ csrfToken: string }>('/auth/totp/confirm', {
        code: code.replace(/\s/g, ''),
      });
      setCsrfToken(result.csrfToken);
      await refresh();
    });
  };

  return (
    <Page title={t('auth.totp.title')} lead={t('auth.totp.lead')}>
      <ErrorSummary error={setupError ?? error} fieldId={{ code: 'totp-code' }} />
      {setup ? (
        <div className="narrow">
          <ol className="steps">
            <li>
              <h2>{t('auth.totp.step1')}</h2>
              <p>{t('auth.totp.step1Body')}</p>
            </li>
            <li>
              <h2>{t('auth.totp.step2')}</h2>
              <img
                className="qr"
                src={svgDataUri(setup.qrSvg)}
                alt={t('auth.totp.qrAlt')}
                width={200}
                height={200}
              />
              <p>{t('auth.totp.manual')}</p>
              <p>
                <code className="secret">{groupByFour(setup.secret)}</code>
              </p>
            </li>
            <li>
              <h2>{t('auth.totp.step3')}</h2>
              <form className="form" noValidate onSubmit={onSubmit} aria-busy={pending}>
                <CodeField
                  id="totp-code"
                  hint={t('auth.totp.codeHint')}
                  value={code}
                  onChange={(event) => setCode(event.target.value)}
                  error={codeProblem(error)}
                />
                <Button type="submit" pending={pending}>
                  {t('auth.totp.submit')}
                </Button>
              </form>
            </li>
          </ol>
        </div>
      ) : setupError ? null : (
        <Loading />
      )}
    </Page>
  );
}
