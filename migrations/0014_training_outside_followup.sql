-- Outside professionals (registered through an invitation link, without a Filet account) follow their
-- registration by signed e-mail links: they cancel it themselves and fill the session's evaluation.
-- Append-only once landed.

-- When the outside participant of an ended session was sent the link to its evaluation (once).
ALTER TABLE training_registrations ADD COLUMN evaluation_invited_at timestamptz;

-- An answer set is given by a Filet person or, for evaluations only, by an outside participant; the
-- respondent is kept only to refuse a second answer, results never show who answered.
ALTER TABLE questionnaire_responses ALTER COLUMN person_id DROP NOT NULL;
ALTER TABLE questionnaire_responses ADD COLUMN participant_id uuid REFERENCES training_participants (id);
ALTER TABLE questionnaire_responses ADD CONSTRAINT questionnaire_responses_respondent_check
  CHECK (num_nonnulls(person_id, participant_id) = 1);
ALTER TABLE questionnaire_responses ADD CONSTRAINT questionnaire_responses_outside_evaluation_check
  CHECK (participant_id IS NULL OR session_id IS NOT NULL);
-- One evaluation per outside participant and session.
CREATE UNIQUE INDEX questionnaire_responses_participant_session_key
  ON questionnaire_responses (session_id, participant_id) WHERE participant_id IS NOT NULL;
