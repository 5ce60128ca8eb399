// Asking: checking the question is de-identified, routing it to the pivots on duty, storing it sealed
// with its due time, telling the pivots asked (or the coordinators when nobody fits); and the pivots
// and organisations one may aim at.

import { randomUUID } from 'node:crypto';
import type {
  ConsultationDetail,
  ConsultationInput,
  ConsultationTargets,
  ConsultationTargetsQuery,
} from '../../../shared/contracts/consultations.js';
import type { ConsultationExpertise } from '../../../shared/contracts/consultations.values.js';
import { localDay } from '../../../shared/time-zone.js';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import { Errors, type FieldProblem } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import * as accounts from '../accounts/index.js';
import { pivotsOnDuty } from '../network/index.js';
import { textsContext } from './consultations.fields.js';
import { coordinatorsOf, tell } from './consultations.notify.js';
import { asks, keepsTable } from './consultations.policy.js';
import * as repo from './consultations.repository.js';
import { dueAt, identifyingProblems } from './consultations.rules.js';
import { readConsultation } from './reading.service.js';
import { type RoutingCandidate, routeConsultation } from './routing.rules.js';

/** Today in the region (mandates and absences are calendar days). */
export function regionToday(platform: Platform): string {
  return localDay(platform.now(), platform.config.timeZone);
}

/** The pivots on duty today, as routing reads them. */
export async function candidates(platform: Platform, db = platform.db): Promise<RoutingCandidate[]> {
  return (await pivotsOnDuty(db, regionToday(platform))).map((p) => ({
    personId: p.person_id,
    organisationId: p.organisation_id,
    region: p.region,
    expertise: p.expertise,
    languages: p.languages,
    absent: p.absent,
  }));
}

/** The target's fields must match its kind: a pivot, an organisation or an expertise named. */
function targetProblems(input: ConsultationInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (input.target === 'pivot' && !input.targetPersonId)
    problems.push({ field: 'targetPersonId', rule: 'required' });
  if (input.target === 'organisation' && !input.targetOrganisationId)
    problems.push({ field: 'targetOrganisationId', rule: 'required' });
  if (input.target === 'expertise' && !input.targetExpertise)
    problems.push({ field: 'targetExpertise', rule: 'required' });
  return problems;
}

/**
 * A question to the pivots. Refuses (400, nothing stored) a target without what it names and any free
 * text the de-identification checker finds something in; a pivot aimed at who is absent, off duty,
 * the asker or not speaking the language of the exchange (400 on `targetPersonId`); an organisation
 * aimed at with no pivot on duty speaking it (400 on `targetOrganisationId`). Routing nobody leaves it waiting for the coordinators of the
 * asker's organisation and the table's, who are told. Returns the consultation as the asker sees it.
 */
export async function askConsultation(
  platform: Platform,
  actor: Actor,
  input: ConsultationInput,
): Promise<ConsultationDetail> {
  authorize(asks(actor), { hide: false });
  const texts = {
    observed: input.observed.trim(),
    tried: (input.tried ?? '').trim(),
    question: input.question.trim(),
  };
  const problems = [...targetProblems(input), ...identifyingProblems(texts, actor.locale)];
  if (problems.length > 0) throw Errors.invalid(problems);
  const organisation = await accounts.organisationById(platform.db, actor.organisationId);
  if (!organisation) throw Errors.forbidden();
  if (input.target === 'organisation') {
    const target = await accounts.organisationById(platform.db, input.targetOrganisationId!);
    if (!target?.active) throw Errors.field('targetOrganisationId', 'consultations_unknown_organisation');
  }
  // The subjects of the question; an expertise aimed at comes first (it is what the reader sees as the target).
  const tags = [...new Set(input.expertise ?? [])];
  const expertise: ConsultationExpertise[] =
    input.target === 'expertise'
      ? [input.targetExpertise!, ...tags.filter((e) => e !== input.targetExpertise)]
      : tags;
  const routing = routeConsultation(
    {
      askerPersonId: actor.personId,
      askerOrganisationId: actor.organisationId,
      askerRegion: organisation.region,
      language: input.language,
      target: input.target,
      targetPersonId: input.targetPersonId,
      targetOrganisationId: input.targetOrganisationId,
      targetExpertise: input.targetExpertise,
      expertise,
    },
    await candidates(platform),
  );
  if (routing.kind === 'pivot_unavailable')
    throw Errors.field(
      'targetPersonId',
      routing.reason === 'language' ? 'consultations_pivot_language' : 'consultations_pivot_unavailable',
    );
  if (routing.kind === 'organisation_unavailable')
    throw Errors.field('targetOrganisationId', 'consultations_organisation_unavailable');
  const now = platform.now();
  const settings = await repo.getSettings(platform.db);
  const id = randomUUID();
  const recipients = routing.kind === 'routed' ? routing.recipients : [];
  await platform.db.transaction().execute(async (trx) => {
    await repo.insertConsultation(trx, {
      id,
      asker_person_id: actor.personId,
      asker_organisation_id: actor.organisationId,
      age_range: input.ageRange,
      gender: input.gender,
      setting: input.setting,
      urgency: input.urgency,
      language: input.language,
      target_kind: input.target,
      target_person_id: input.target === 'pivot' ? input.targetPersonId! : null,
      target_organisation_id: input.target === 'organisation' ? input.targetOrganisationId! : null,
      expertise,
      sealed_texts: platform.keyring.encrypt(JSON.stringify(texts), textsContext(id)),
      unrouted: recipients.length === 0,
      created_at: now,
      due_at: dueAt(
        now,
        input.urgency,
        { urgentDueHours: settings.urgent_due_hours, normalDueDays: settings.normal_due_days },
        platform.config.timeZone,
      ),
      updated_at: now,
    });
    await repo.insertRecipients(
      trx,
      recipients.map((r) => ({
        consultation_id: id,
        person_id: r.personId,
        organisation_id: r.organisationId,
        rank: r.rank,
        notified_at: now,
      })),
    );
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'consultations.consultation.ask',
      targetType: 'consultation',
      targetId: id,
      meta: { urgency: input.urgency, target: input.target, asked: recipients.length },
    });
    if (recipients.length > 0)
      await tell(
        platform,
        trx,
        recipients.map((r) => r.personId),
        'asked',
        { consultationId: id },
      );
    else {
      const table = (await accounts.peopleWithRole(trx, 'table_coordinator')).map((p) => p.id);
      await tell(
        platform,
        trx,
        [...(await coordinatorsOf(trx, [actor.organisationId])), ...table],
        'unrouted',
        {
          consultationId: id,
          except: actor.personId,
        },
      );
    }
  });
  return readConsultation(platform, actor, id);
}

/** The pivots on duty and their organisations, for the form (aim at one) and the thread (bring in). */
export async function listTargets(
  platform: Platform,
  actor: Actor,
  query: ConsultationTargetsQuery,
): Promise<ConsultationTargets> {
  // Those who ask, and the table's coordination, who asks a pivot for a question nobody fits.
  authorize(asks(actor) || keepsTable(actor), { hide: false });
  const pivots = (await pivotsOnDuty(platform.db, regionToday(platform)))
    .filter((p) => p.person_id !== actor.personId)
    .filter((p) => !query.expertise || p.expertise.includes(query.expertise))
    .filter(
      (p) =>
        !query.language ||
        (p.languages.length === 0 ? query.language === 'fr' : p.languages.includes(query.language)),
    )
    .sort(
      (a, b) =>
        a.organisation_name.localeCompare(b.organisation_name, 'fr') || a.name.localeCompare(b.name, 'fr'),
    );
  const organisations = new Map<string, { id: string; name: string; region: string }>();
  for (const p of pivots)
    organisations.set(p.organisation_id, {
      id: p.organisation_id,
      name: p.organisation_name,
      region: p.region,
    });
  return {
    pivots: pivots.map((p) => ({
      personId: p.person_id,
      name: p.name,
      organisationId: p.organisation_id,
      organisationName: p.organisation_name,
      region: p.region,
      expertise: p.expertise as ConsultationExpertise[],
      languages: p.languages,
      absent: p.absent,
    })),
    organisations: [...organisations.values()],
  };
}
