import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ObservationDetail } from '../../../shared/contracts/observatory';
import { api, fieldMessage } from '../../app/api';
import { useAction } from '../../app/hooks';
import { Button } from '../../ui/button';
import { ErrorSummary } from '../../ui/error-summary';
import { TextAreaField } from '../../ui/field';
import { conflictError, localProblem } from './parts';

const REASON_MIN = 10;
const REASON_MAX = 500;

interface TextDecisionProps {
  observationId: string;
  version: number;
  /** The observation after the decision, and what to say about it. */
  onDecided: (observation: ObservationDetail, said: string) => void;
  /** Someone decided first: the caller reads the observation (or the queue) again. */
  onConflict: () => void;
  /** Distinguishes the buttons of several texts on one page (the review queue). */
  context?: string;
}

/**
 * The table's decision on a free text: approve it (it may then be shared beyond the organisation and
 * reach researchers' exports when allowed), or reject it with a reason the pivots read. Two reviewers
 * on one text: the second is told plainly that it was decided meanwhile.
 */
export function TextDecision({ observationId, version, onDecided, onConflict, context }: TextDecisionProps) {
  const { t } = useTranslation();
  const action = useAction();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const base = useId();
  const reasonId = `${base}-reason`;

  const decide = (decision: 'approve' | 'reject') =>
    action.run(async () => {
      if (decision === 'reject' && reason.trim().length < REASON_MIN) {
        throw localProblem([
          { field: 'reason', message: t('observatory.review.needReason', { min: REASON_MIN }) },
        ]);
      }
      try {
        const next = await api.post<ObservationDetail>(
          `/observatory/observations/${encodeURIComponent(observationId)}/review`,
          decision === 'approve' ? { decision, version } : { decision, reason: reason.trim(), version },
        );
        onDecided(
          next,
          t(decision === 'approve' ? 'observatory.review.approved' : 'observatory.review.rejected'),
        );
      } catch (reason) {
        const plain = conflictError(reason, t('observatory.review.decidedMeanwhile'));
        if (plain !== reason) onConflict();
        throw plain;
      }
    });

  const onReject = (event: FormEvent) => {
    event.preventDefault();
    void decide('reject');
  };
  const suffix = context ? ` (${context})` : '';

  return (
    <div className="obs-decision">
      <ErrorSummary error={action.error} fieldId={{ reason: reasonId }} />
      <div className="button-row">
        <Button pending={action.pending} onClick={() => void decide('approve')}>
          {t('observatory.review.approve')}
          {suffix ? <span className="visually-hidden">{suffix}</span> : null}
        </Button>
        {rejecting ? null : (
          <Button variant="secondary" onClick={() => setRejecting(true)}>
            {t('observatory.review.reject')}
            {suffix ? <span className="visually-hidden">{suffix}</span> : null}
          </Button>
        )}
      </div>
      {rejecting ? (
        <form className="form narrow" onSubmit={onReject} noValidate>
          <TextAreaField
            id={reasonId}
            label={t('observatory.review.reason')}
            hint={t('observatory.review.reasonHint', { min: REASON_MIN })}
            maxLength={REASON_MAX}
            rows={3}
            value={reason}
            error={fieldMessage(action.error, 'reason')}
            onChange={(event) => setReason(event.target.value)}
          />
          <div className="button-row">
            <Button type="submit" variant="danger" pending={action.pending}>
              {t('observatory.review.confirmReject')}
            </Button>
            <Button variant="secondary" onClick={() => setRejecting(false)}>
              {t('common.cancel')}
            </Button>
          </div>
        </form>
      ) : null}
    </div>
  );
}
