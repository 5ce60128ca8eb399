// Pure rules of consultations: the due time of a question, the de-identification of every free text,
// who may do what on a consultation given the reader's place in it.

import { dueAfterBusinessDays, dueAfterWorkingHours } from '../../../shared/business-days.js';
import type { ConsultationUrgency } from '../../../shared/contracts/consultations.values.js';
import { findIdentifiers, identifierKinds } from '../../../shared/deidentify.js';
import type { Locale } from '../../../shared/roles.js';
import type { FieldProblem } from '../../platform/errors.js';
import { t } from '../../platform/i18n/i18n.js';

export interface DueSettings {
  urgentDueHours: number;
  normalDueDays: number;
}

/**
 * When a pivot's answer is due: an urgent question after the setting's working hours (4 by default),
 * a normal one after its business days (2 by default), in the region's time zone and calendar.
 */
export function dueAt(
  from: Date,
  urgency: ConsultationUrgency,
  settings: DueSettings,
  timeZone: string,
): Date {
  return urgency === 'urgent'
    ? dueAfterWorkingHours(from, settings.urgentDueHours, timeZone)
    : dueAfterBusinessDays(from, settings.normalDueDays, timeZone);
}

/**
 * The problems of free texts that look identifying: one per field with findings, naming the kinds
 * found in the reader's language (a signed-in person's messages are in their own locale), never the
 * excerpts, which are the identifying text itself.
 */
export function identifyingProblems(
  fields: Record<string, string | null | undefined>,
  locale: Locale,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [field, text] of Object.entries(fields)) {
    if (!text) continue;
    const kinds = identifierKinds(findIdentifiers(text));
    if (kinds.length === 0) continue;
    problems.push({
      field,
      rule: 'consultations_identifying',
      params: { kinds: kinds.map((kind) => t(locale, `consultations.identifier_kinds.${kind}`)).join(', ') },
    });
  }
  return problems;
}

/** Past its due time with no pivot's answer, while still open or taken. */
export function isOverdue(
  row: { status: string; due_at: Date; first_answer_at: Date | null },
  now: Date,
): boolean {
  return (
    (row.status === 'open' || row.status === 'taken') && row.first_answer_at === null && row.due_at < now
  );
}
