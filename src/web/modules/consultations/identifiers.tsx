import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { findIdentifiers, type IdentifierFinding } from '../../../shared/deidentify';
import type { ApiError, FieldProblem } from '../../app/api';

/**
 * The rule of a problem the form found itself in a text before sending: the field shows the checker's
 * findings on the text as it is now instead, so the problem goes away as soon as the text is rewritten.
 */
export const LOCAL_IDENTIFYING_RULE = 'local_identifying';

type Findings<K extends string> = Record<K, IdentifierFinding[]>;

/** What the checker finds in each text now (synchronous: what the send button checks). */
export function findingsOf<K extends string>(texts: Record<K, string>): Findings<K> {
  const out = {} as Findings<K>;
  for (const key of Object.keys(texts) as K[]) out[key] = findIdentifiers(texts[key]);
  return out;
}

/**
 * The checker's findings for each text, recomputed a moment after the person stops typing (so a long
 * text is not scanned at every key press). The texts never leave the browser for this.
 */
export function useIdentifierFindings<K extends string>(texts: Record<K, string>, delay = 300): Findings<K> {
  const [findings, setFindings] = useState<Findings<K>>(() => findingsOf(texts));
  const key = JSON.stringify(texts);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the texts' content.
  useEffect(() => {
    const timer = setTimeout(() => setFindings(findingsOf(texts)), delay);
    return () => clearTimeout(timer);
  }, [key, delay]);
  return findings;
}

/**
 * One sentence naming what looks identifying in a text, with the passages themselves (the person typed
 * them; they are shown to help rewrite, never sent or logged), or undefined when nothing was found.
 */
export function findingsMessage(t: TFunction, findings: readonly IdentifierFinding[]): string | undefined {
  if (findings.length === 0) return undefined;
  const items = findings.map((f) =>
    t('consultations.identifiers.item', {
      kind: t(`consultations.identifiers.kinds.${f.kind}`),
      excerpt: f.excerpt,
    }),
  );
  return t('consultations.identifiers.found', { items: items.join(' ; ') });
}

/**
 * What to show next to a checked text: the checker's findings on the text as it is now, else the
 * server's messages about the field (its own verdict on identifying texts included: the same checker
 * runs there, so it shows only when this browser's copy missed something), never the form's own
 * verdict from before the text was rewritten.
 */
export function textProblem(
  t: TFunction,
  findings: readonly IdentifierFinding[],
  error: ApiError | undefined,
  field: string,
): string | undefined {
  const local = findingsMessage(t, findings);
  if (local) return local;
  const messages = (error?.details ?? [])
    .filter((d: FieldProblem) => d.field === field && d.rule !== LOCAL_IDENTIFYING_RULE)
    .map((d) => d.message);
  return messages.length > 0 ? messages.join(' ') : undefined;
}
