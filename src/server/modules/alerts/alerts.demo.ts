import { randomUUID } from 'node:crypto';
import { localDay } from '../../../shared/time-zone.js';
import type { DemoLoader } from '../../demo/demo-modules.js';
import type { ProfileContent } from './alerts.content.js';
import * as alertRepo from './alerts.repository.js';
import { type SharedField, sharedFields } from './alerts.rules.js';
import * as closeRepo from './close.repository.js';
import * as profileRepo from './profiles.repository.js';
import * as recipientRepo from './recipients.repository.js';
import * as registerRepo from './register.repository.js';

const DAY_MS = 86_400_000;

/** Visibly fictional young people (invented names, "fictif" everywhere). */
const YOUNG_PEOPLE: Array<[string, string, string]> = [
  ['Maëlie', 'Fictive-Tremblay', 'Mimi'],
  ['Jayden', 'Fictif-Gagnon', 'Jay'],
  ['Océane', 'Fictive-Roy', 'Océ'],
  ['Noa', 'Fictif-Côté', ''],
  ['Rosalie', 'Fictive-Bouchard', 'Rosie'],
  ['Tristan', 'Fictif-Gauthier', ''],
  ['Léonie', 'Fictive-Morin', 'Léo'],
  ['Zachary', 'Fictif-Lavoie', 'Zack'],
  ['Florence', 'Fictive-Fortin', ''],
  ['Mathéo', 'Fictif-Gagné', 'Teo'],
  ['Anaïs', 'Fictive-Ouellet', 'Nana'],
  ['Kaïs', 'Fictif-Pelletier', ''],
];
const UNITS = ['Unité fictive Les Érables', 'Unité fictive Les Pins', 'Foyer de groupe fictif du Lac'];
/** A young person who left the centre's care: their profile is archived, awaiting the retention job. */
const ARCHIVED: [string, string] = ['Elliot', 'Fictif-Bergeron'];

/**
 * A youth centre with a dozen fictional profiles and one archived, the de-identified facts of past
 * closed alerts (for the figures) and one open alert from a profile, delivered to the police service
 * and a school's pivots.
 */
export const alertsDemo: DemoLoader = {
  name: 'alerts',
  async load(platform, trx, context) {
    const centre = context.organisations.find((o) => o.type === 'youth_protection');
    const police = context.organisations.find((o) => o.type === 'police');
    if (!centre || !police) return 'alerts: no youth centre or police service';
    const school = context.organisations.find((o) => o.type === 'school_service_centre');
    const health = context.organisations.find((o) => o.type === 'health_social_services');
    const staff = context.people.find(
      (p) => p.organisationId === centre.id && p.status === 'active' && p.roles.includes('org_coordinator'),
    );
    const now = platform.now();
    const profileIds: string[] = [];
    for (const [index, [given, family, usual]] of YOUNG_PEOPLE.entries()) {
      const id = randomUUID();
      const content: ProfileContent = {
        givenName: given,
        familyName: family,
        usualNames: usual ? [usual] : [],
        dateOfBirth: `20${10 + (index % 4)}-0${1 + (index % 9)}-1${index % 9}`,
        description: `Description fictive : ${150 + index * 2} cm, cheveux ${index % 2 ? 'bruns' : 'blonds'}.`,
        phones: [`555-01${String(10 + index)}`],
        socialHandles: [
          `@${given
            .toLowerCase()
            .normalize('NFD')
            .replace(/[^a-z]/g, '')}.fictif`,
        ],
        associates: 'Fréquentations fictives du quartier fictif.',
        places: 'Terminus fictif, centre commercial fictif.',
        pastEpisodes: index % 3 === 0 ? 'Deux fugues fictives l’an dernier.' : '',
        medicalNeeds: index % 4 === 0 ? 'Médication fictive à prendre chaque soir.' : '',
        exploitationRisks: index % 2 === 0 ? 'Contacts fictifs en ligne avec un adulte inconnu.' : '',
        sharingBasis: 'Autorisation fictive de la protection de la jeunesse.',
      };
      // A few profiles overdue for review, so the reminder has something to show.
      const reviewedAt = new Date(now.getTime() - (index < 2 ? 100 : index * 5) * DAY_MS);
      await profileRepo.insertProfile(trx, {
        id,
        organisation_id: centre.id,
        unit: UNITS[index % UNITS.length]!,
        content: platform.keyring.encrypt(JSON.stringify(content), `alert_profiles.content:${id}`),
        photo_file_id: null,
        episode_count: index % 3 === 0 ? 2 : 0,
        reviewed_at: reviewedAt,
        review_reminded_at: null,
        created_by: staff?.id ?? null,
        created_at: reviewedAt,
        updated_at: reviewedAt,
      });
      profileIds.push(id);
    }

    // One archived profile (reason "other", its explanation sealed), destroyed in 365 - 40 days.
    const archivedId = randomUUID();
    const archivedAt = new Date(now.getTime() - 40 * DAY_MS);
    const archivedContent: ProfileContent = {
      givenName: ARCHIVED[0],
      familyName: ARCHIVED[1],
      usualNames: [],
      dateOfBirth: '2008-02-14',
      description: 'Description fictive : 172 cm, cheveux roux.',
      phones: [],
      socialHandles: [],
      associates: '',
      places: 'Parc fictif du quartier fictif.',
      pastEpisodes: 'Une fugue fictive il y a deux ans.',
      medicalNeeds: '',
      exploitationRisks: '',
      sharingBasis: 'Autorisation fictive de la protection de la jeunesse.',
    };
    await profileRepo.insertProfile(trx, {
      id: archivedId,
      organisation_id: centre.id,
      unit: UNITS[1]!,
      content: platform.keyring.encrypt(
        JSON.stringify(archivedContent),
        `alert_profiles.content:${archivedId}`,
      ),
      photo_file_id: null,
      episode_count: 1,
      reviewed_at: new Date(archivedAt.getTime() - 30 * DAY_MS),
      review_reminded_at: null,
      created_by: staff?.id ?? null,
      created_at: new Date(archivedAt.getTime() - 400 * DAY_MS),
      updated_at: archivedAt,
      archived_at: archivedAt,
      archived_by: staff?.id ?? null,
      archive_reason: 'other',
      archive_note: platform.keyring.encrypt(
        'Confié de façon fictive à une famille d’accueil d’un autre réseau.',
        `alert_profiles.archive_note:${archivedId}`,
      ),
    });

    // Past closed alerts: only their de-identified facts remain (as after the purge).
    const zone = platform.config.timeZone;
    let facts = 0;
    for (let i = 0; i < 18; i += 1) {
      const raisedAt = new Date(now.getTime() - (20 + Math.floor(context.random() * 330)) * DAY_MS);
      const missing = 90 + Math.floor(context.random() * 2800);
      const month = `${localDay(raisedAt, zone).slice(0, 7)}-01`;
      await closeRepo.insertFacts(trx, {
        owner_organisation_id: centre.id,
        month,
        closed_month: month,
        kind: i % 5 === 4 ? 'at_risk' : 'runaway',
        minutes_to_police_ack: 2 + Math.floor(context.random() * 14),
        minutes_missing: missing,
        minutes_to_find: Math.max(0, missing - 30),
        escalated: i % 6 === 0,
        organisations_involved: [centre.id, police.id, ...(school ? [school.id] : [])],
        profile_episode_count: 1 + (i % 3),
        interview_status: i % 7 === 6 ? 'refused' : 'done',
        interview_within_72h: i % 4 !== 3 && i % 7 !== 6,
        alert_id: null,
      });
      facts += 1;
    }

    // One open alert, raised an hour ago from the first profile.
    const profileId = profileIds[0]!;
    const first = YOUNG_PEOPLE[0]!;
    const id = randomUUID();
    const raisedAt = new Date(now.getTime() - 60 * 60_000);
    const content = {
      givenName: first[0],
      familyName: first[1],
      usualNames: [first[2]],
      description: 'Description fictive : 150 cm, cheveux blonds.',
      exploitationRisks: 'Contacts fictifs en ligne avec un adulte inconnu.',
      lastSeenPlace: 'Terminus fictif',
      clothing: 'Manteau rouge fictif',
      immediateRisks: 'Rendez-vous fictif avec un adulte inconnu.',
      circumstances: 'Sortie fictive sans autorisation après le souper.',
    };
    await alertRepo.insertAlert(trx, {
      id,
      profile_id: profileId,
      owner_organisation_id: centre.id,
      police_organisation_id: police.id,
      kind: 'runaway',
      legal_basis: 'youth_protection',
      without_consent: false,
      content: platform.keyring.encrypt(JSON.stringify(content), `alerts.content:${id}`),
      photo_file_id: null,
      last_seen_at: new Date(raisedAt.getTime() - 30 * 60_000),
      raised_by: staff?.id ?? null,
      raised_at: raisedAt,
      escalated_at: null,
      closed_at: null,
      closed_by: null,
      outcome: null,
      place_type: null,
      found_at: null,
      purge_after: null,
    });
    const organisations = [
      { organisationId: police.id, view: 'police' as const, roles: ['police_analyst'] },
      ...(school ? [{ organisationId: school.id, view: 'pivot' as const, roles: ['pivot'] }] : []),
      ...(health ? [{ organisationId: health.id, view: 'pivot' as const, roles: ['pivot'] }] : []),
    ];
    await recipientRepo.insertRecipients(
      trx,
      organisations.map((o) => ({
        alert_id: id,
        organisation_id: o.organisationId,
        view: o.view,
        roles: o.roles,
        acknowledged_at: null,
        acknowledged_by: null,
      })),
    );
    const recipients = context.people.filter(
      (p) =>
        p.status === 'active' &&
        ((p.organisationId === police.id && p.roles.includes('police_analyst')) ||
          (p.roles.includes('pivot') &&
            ((school && p.organisationId === school.id) || (health && p.organisationId === health.id)))),
    );
    await alertRepo.insertEvent(trx, {
      id: randomUUID(),
      alert_id: id,
      kind: 'raised',
      author_person_id: staff?.id ?? null,
      organisation_id: centre.id,
      body: null,
      at: raisedAt,
    });
    const present = new Set<SharedField>(Object.keys(content) as SharedField[]);
    await registerRepo.insertDisclosures(
      trx,
      organisations.map((o) => ({
        alert_id: id,
        disclosed_at: raisedAt,
        disclosed_by: staff?.id ?? null,
        from_organisation_id: centre.id,
        to_organisation_id: o.organisationId,
        view: o.view,
        fields: sharedFields(o.view, present),
        legal_basis: 'youth_protection' as const,
        without_consent: false,
        justification: null,
        flagged: false,
      })),
    );
    await profileRepo.updateProfile(trx, profileId, { episode_count: 3 });
    if (recipients.length > 0) {
      await platform.notifier.notify(
        trx,
        recipients.map((p) => p.id),
        { kind: 'alerts.raised', link: `/alertes/${id}` },
      );
    }
    return `${profileIds.length} fictional profiles and 1 archived, ${facts} past closed alerts, 1 open alert`;
  },
};
