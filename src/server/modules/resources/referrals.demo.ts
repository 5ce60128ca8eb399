import type { Transaction } from 'kysely';
import { dueAfterBusinessDays } from '../../../shared/business-days.js';
import type {
  ConsentGiver,
  DeclineReason,
  DisclosableField,
  ReferralOutcome,
  ReferralStatus,
} from '../../../shared/contracts/resources.values.js';
import { localDay } from '../../../shared/time-zone.js';
import type { DemoLoader } from '../../demo/demo-modules.js';
import type { DB } from '../../platform/db/schema.js';
import type { Platform } from '../../platform/platform.js';
import { disclosedContext, identityContext, justificationContext } from './referrals.fields.js';

const DAY_MS = 86_400_000;

/** Fictional young people and parents followed by the youth centre's pivot. */
const SUBJECTS: Array<{
  kind: 'youth' | 'parent';
  givenName: string;
  familyName: string;
  age: number;
  gender: 'girls' | 'boys' | 'gender_diverse' | null;
  doNotContact?: boolean;
}> = [
  {
    kind: 'youth',
    givenName: 'Léa',
    familyName: 'Fictive-Tremblay',
    age: 16,
    gender: 'girls',
    doNotContact: true,
  },
  { kind: 'youth', givenName: 'Noah', familyName: 'Fictif-Gagnon', age: 15, gender: 'boys' },
  { kind: 'youth', givenName: 'Inès', familyName: 'Fictive-Roy', age: 17, gender: 'girls' },
  { kind: 'youth', givenName: 'Sam', familyName: 'Fictif-Côté', age: 14, gender: 'gender_diverse' },
  { kind: 'youth', givenName: 'Jade', familyName: 'Fictive-Bouchard', age: 13, gender: 'girls' },
  { kind: 'youth', givenName: 'Théo', familyName: 'Fictif-Morin', age: 16, gender: 'boys' },
  { kind: 'parent', givenName: 'Nadia', familyName: 'Fictive-Lavoie', age: 44, gender: null },
  { kind: 'parent', givenName: 'Marc', familyName: 'Fictif-Pelletier', age: 47, gender: null },
];

/**
 * One referral per line: which person, to which taxonomy, where it stands and what came of it, and
 * how many days ago it was sent. Together they cover every status, a logged referral, an override
 * waiting for the privacy officer and an unanswered referral already escalated.
 */
const REFERRALS: Array<{
  subject: number;
  taxonomy: string;
  status: ReferralStatus;
  outcome?: ReferralOutcome;
  decline?: DeclineReason;
  daysAgo: number;
  logged?: boolean;
  giver?: ConsentGiver;
}> = [
  { subject: 0, taxonomy: 'safe_place', status: 'completed', outcome: 'got_help', daysAgo: 40 },
  { subject: 0, taxonomy: 'therapy', status: 'in_progress', daysAgo: 20 },
  { subject: 1, taxonomy: 'boys', status: 'accepted', daysAgo: 6 },
  { subject: 2, taxonomy: 'sexual_health', status: 'sent', daysAgo: 0 },
  { subject: 2, taxonomy: 'legal_accompaniment', status: 'sent', daysAgo: 9 },
  { subject: 3, taxonomy: 'housing', status: 'waitlisted', daysAgo: 12 },
  { subject: 4, taxonomy: 'therapy', status: 'received', daysAgo: 1, giver: 'parent' },
  {
    subject: 5,
    taxonomy: 'addiction',
    status: 'declined',
    decline: 'no_capacity',
    outcome: 'no_capacity',
    daysAgo: 25,
  },
  { subject: 5, taxonomy: 'health', status: 'cancelled', outcome: 'no_longer_interested', daysAgo: 18 },
  { subject: 6, taxonomy: 'parent_support', status: 'completed', outcome: 'got_help', daysAgo: 60 },
  { subject: 7, taxonomy: 'parent_support', status: 'sent', daysAgo: 2, giver: 'override' },
  {
    subject: 1,
    taxonomy: 'crisis_line',
    status: 'completed',
    outcome: 'got_help',
    daysAgo: 75,
    logged: true,
  },
];

const FIELDS: DisclosableField[] = ['name', 'age', 'contact', 'needs'];

/**
 * Referrals of the demo: the youth centre's pivot follows eight fictional people (six young people,
 * two parents) and has referred them to the partners' services, with referrals in every status.
 */
export const referralsDemo: DemoLoader = {
  name: 'referrals',
  async load(platform: Platform, trx: Transaction<DB>, context) {
    const now = platform.now();
    const timeZone = platform.config.timeZone;
    const sender = context.organisations.find((o) => o.key === 'dpj');
    if (!sender) return 'no referrals (the youth centre is missing)';
    const pivot = context.people.find((p) => p.organisationId === sender.id && p.roles.includes('pivot'));
    const coordinator = context.people.find(
      (p) => p.organisationId === sender.id && p.roles.includes('org_coordinator'),
    );
    const services = await trx
      .selectFrom('resource_services')
      .select(['id', 'organisation_id', 'keeper_organisation_id', 'name_fr', 'taxonomy', 'response_days'])
      .where('accepts_referrals', '=', true)
      .where('keeper_organisation_id', 'is not', null)
      .where('keeper_organisation_id', '<>', sender.id)
      .where('status', '=', 'active')
      .orderBy('name_fr')
      .execute();
    const anyService = await trx
      .selectFrom('resource_services')
      .select(['id', 'organisation_id', 'keeper_organisation_id', 'name_fr', 'taxonomy', 'response_days'])
      .orderBy('name_fr')
      .execute();
    if (!pivot || services.length === 0) return 'no referrals (no pivot or no receiving service)';
    const today = localDay(now, timeZone);

    const subjectIds: string[] = [];
    for (const [index, s] of SUBJECTS.entries()) {
      const id = crypto.randomUUID();
      const birthYear = Number(today.slice(0, 4)) - s.age - 1;
      const identity = {
        givenName: s.givenName,
        familyName: s.familyName,
        preferredName: null,
        birthDate: `${birthYear}-${String((index % 12) + 1).padStart(2, '0')}-15`,
        phone: s.doNotContact ? null : `555-02${String(index).padStart(2, '0')}`,
        email: null,
        contactNote: s.doNotContact
          ? 'Ne jamais texter : le téléphone est surveillé. Passer par la pivot.'
          : null,
      };
      await trx
        .insertInto('referral_subjects')
        .values({
          id,
          organisation_id: sender.id,
          kind: s.kind,
          sealed_identity: platform.keyring.encrypt(JSON.stringify(identity), identityContext(id)),
          gender: s.gender,
          languages: ['fr'],
          do_not_contact: s.doNotContact ?? false,
          safe_channels: s.doNotContact ? ['through_sender'] : ['phone', 'in_person'],
          created_by: pivot.id,
          created_at: new Date(now.getTime() - 90 * DAY_MS),
        })
        .execute();
      subjectIds.push(id);
    }

    let count = 0;
    for (const r of REFERRALS) {
      const subject = SUBJECTS[r.subject]!;
      const subjectId = subjectIds[r.subject]!;
      const pool = r.logged ? anyService : services;
      const service =
        pool.find((s) => s.taxonomy.includes(r.taxonomy as never)) ?? pool[count % pool.length]!;
      const id = crypto.randomUUID();
      const sentAt = new Date(now.getTime() - r.daysAgo * DAY_MS - 3 * 3_600_000);
      const closed = ['declined', 'completed', 'cancelled'].includes(r.status);
      const answered = !r.logged && r.status !== 'sent' && r.status !== 'cancelled';
      const dueAt = r.logged ? null : dueAfterBusinessDays(sentAt, service.response_days, timeZone);
      let consentId: string | null = null;
      if (!r.logged) {
        consentId = crypto.randomUUID();
        const giver = r.giver ?? (subject.kind === 'parent' ? 'parent' : 'youth');
        const givenOn = localDay(sentAt, timeZone);
        await trx
          .insertInto('referral_consents')
          .values({
            id: consentId,
            subject_id: subjectId,
            organisation_id: sender.id,
            for_organisation_id: service.keeper_organisation_id!,
            given_by: giver,
            given_on: givenOn,
            expires_on: localDay(new Date(sentAt.getTime() + 90 * DAY_MS), timeZone),
            sealed_justification:
              giver === 'override'
                ? platform.keyring.encrypt(
                    'Parent en détresse, joint par la police ; aide urgente avant de pouvoir consigner son accord.',
                    justificationContext(consentId),
                  )
                : null,
            flagged: giver === 'override',
            recorded_by: giver === 'override' ? (coordinator?.id ?? pivot.id) : pivot.id,
            recorded_at: sentAt,
          })
          .execute();
      }
      const details = {
        name: `${subject.givenName} ${subject.familyName}`,
        age: subject.age,
        contact: {
          doNotContact: subject.doNotContact ?? false,
          safeChannels: subject.doNotContact ? ['through_sender'] : ['phone', 'in_person'],
          phone: null,
          email: null,
          note: subject.doNotContact ? 'Passer par la pivot.' : null,
        },
        needs: 'Besoin fictif décrit pour la démonstration.',
      };
      await trx
        .insertInto('referrals')
        .values({
          id,
          subject_id: subjectId,
          consent_id: consentId,
          sender_organisation_id: sender.id,
          sender_person_id: pivot.id,
          service_id: service.id,
          receiving_organisation_id: r.logged ? null : service.keeper_organisation_id,
          service_name: service.name_fr,
          taxonomy: service.taxonomy,
          logged: r.logged ?? false,
          disclosed_fields: r.logged ? [] : FIELDS,
          sealed_disclosed:
            r.logged || closed
              ? null
              : platform.keyring.encrypt(JSON.stringify(details), disclosedContext(id)),
          status: r.status,
          outcome: r.outcome ?? null,
          decline_reason: r.status === 'declined' ? (r.decline ?? 'other') : null,
          sent_at: sentAt,
          due_at: dueAt,
          answered_at: answered ? new Date(sentAt.getTime() + 20 * 3_600_000) : null,
          first_contact_on:
            r.status === 'in_progress' || (r.status === 'completed' && !r.logged)
              ? localDay(new Date(sentAt.getTime() + 2 * DAY_MS), timeZone)
              : null,
          escalated_at: r.status === 'sent' && dueAt !== null && dueAt < now ? dueAt : null,
          closed_at: closed ? new Date(sentAt.getTime() + 5 * DAY_MS) : null,
          created_by: pivot.id,
          updated_at: sentAt,
        })
        .execute();
      await trx
        .insertInto('referral_events')
        .values({
          referral_id: id,
          at: sentAt,
          kind: r.logged ? 'logged' : 'sent',
          actor_person_id: pivot.id,
          actor_organisation_id: sender.id,
          to_status: r.logged ? r.status : 'sent',
        } as never)
        .execute();
      if (!r.logged && r.status !== 'sent') {
        await trx
          .insertInto('referral_events')
          .values({
            referral_id: id,
            at: new Date(sentAt.getTime() + 20 * 3_600_000),
            kind: 'status',
            actor_organisation_id: r.status === 'cancelled' ? sender.id : service.keeper_organisation_id,
            actor_person_id: r.status === 'cancelled' ? pivot.id : null,
            from_status: 'sent',
            to_status: r.status,
            outcome: r.outcome ?? null,
          } as never)
          .execute();
      }
      if (!r.logged)
        await trx
          .insertInto('referral_disclosures')
          .values({
            referral_id: id,
            consent_id: consentId,
            disclosed_at: sentAt,
            disclosed_by: pivot.id,
            from_organisation_id: sender.id,
            to_organisation_id: service.keeper_organisation_id!,
            fields: FIELDS,
            legal_basis:
              r.giver === 'override' ? 'override' : r.giver === 'parent' ? 'parental_consent' : 'consent',
            flagged: r.giver === 'override',
          } as never)
          .execute();
      count += 1;
    }
    return `${count} referrals of ${SUBJECTS.length} fictional people in every status (one logged, one override to review, one escalated)`;
  },
};
