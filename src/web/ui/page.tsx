import { type ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

// Set by the layout at the first client-side navigation: from then on, a page that replaces one
// whose heading had focus (a loading screen, say) takes the focus back on its own heading.
let navigated = false;

export function markNavigated(): void {
  navigated = true;
}

interface PageProps {
  /** The document title, before " — Filet". */
  title: string;
  /** The h1 when it differs from the title. */
  heading?: ReactNode;
  lead?: ReactNode;
  children?: ReactNode;
}

/**
 * One screen: its unique document title and its single h1. The layout moves focus to this h1
 * after each navigation, so the heading takes tabIndex -1.
 */
export function Page({ title, heading, lead, children }: PageProps) {
  const { t } = useTranslation();
  const documentTitle = t('app.documentTitle', { title });
  const heading1 = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = documentTitle;
  }, [documentTitle]);

  useEffect(() => {
    const active = document.activeElement;
    if (navigated && (active === null || active === document.body)) heading1.current?.focus();
  }, []);

  return (
    <>
      <h1 ref={heading1} className="page-title" tabIndex={-1}>
        {heading ?? title}
      </h1>
      {lead ? <p className="lead">{lead}</p> : null}
      {children}
    </>
  );
}

/** A page still waiting for its data: keeps one h1 and says so politely. */
export function LoadingPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('common.loading')}>
      <Loading />
    </Page>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      {t('common.loading')}
    </p>
  );
}
