import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { findIdentifiers, type IdentifierFinding, identifierKinds } from '../../../shared/deidentify';

/** What the checker finds in a text, computed once per change of the text. */
export function useIdentifierFindings(text: string): IdentifierFinding[] {
  return useMemo(() => (text.trim() ? findIdentifiers(text) : []), [text]);
}

interface IdentifierCheckProps {
  /** The id of the text it checks: its findings are `${id}-findings`, tied to it by aria-describedby. */
  id: string;
  findings: readonly IdentifierFinding[];
}

/**
 * The de-identification checker's answer under a free text, as the author types: each excerpt that
 * looks identifying, with its kind, and what to do about it. The same `findIdentifiers` runs on the
 * server, which refuses such a text: the only way past is to rewrite it. The count is said politely
 * (a live region that changes only when the count does), the list itself is not read at each key.
 */
export function IdentifierCheck({ id, findings }: IdentifierCheckProps) {
  const { t } = useTranslation();
  const kinds = identifierKinds(findings)
    .map((kind) => t(`observatory.identifiers.kinds.${kind}`))
    .join(', ');
  return (
    <>
      <p className="visually-hidden" role="status">
        {findings.length > 0 ? t('observatory.identifiers.found', { count: findings.length, kinds }) : ''}
      </p>
      {findings.length > 0 ? (
        <div id={`${id}-findings`} className="obs-findings">
          <p className="obs-findings-title">
            {t('observatory.identifiers.found', { count: findings.length, kinds })}
          </p>
          <ul>
            {findings.map((finding) => (
              <li key={`${finding.start}-${finding.end}`}>
                {t('observatory.identifiers.kindOf', {
                  kind: t(`observatory.identifiers.kinds.${finding.kind}`),
                })}{' '}
                <mark className="obs-finding">{finding.excerpt}</mark>
              </li>
            ))}
          </ul>
          <p>{t('observatory.identifiers.rewrite')}</p>
        </div>
      ) : null}
    </>
  );
}
