import { randomInt } from 'node:crypto';
import { localDay, zonedMidnightUtc } from '../../../shared/time-zone.js';
import type { DemoContext, DemoLoader } from '../../demo/demo-modules.js';
import { activePeople } from '../accounts/index.js';
import { certificateCode, expiryDate } from './training.rules.js';

/**
 * Fictional training programme: the six-item catalogue, upcoming sessions with registrations and a
 * wait list, one recent session already given, and fifteen years of (fictional) trained participants.
 */

interface CourseSeed {
  key: string;
  code: string;
  kind: 'course' | 'information_session';
  titleFr: string;
  titleEn: string;
  descriptionFr: string;
  descriptionEn: string;
  objectivesFr: string;
  objectivesEn: string;
  days: number;
  audiences: string[];
  outside: boolean;
  validity: number | null;
  network: boolean;
  requires: string[];
  since: number;
}

const COURSES: CourseSeed[] = [
  {
    key: 'c1',
    code: 'PIJ-101',
    kind: 'course',
    titleFr: 'Prévention et intervention en matière de prostitution juvénile',
    titleEn: 'Prevention and intervention in juvenile prostitution',
    descriptionFr:
      'Formation de base de la table (fictive) : comprendre le phénomène, repérer les signes, intervenir et orienter.',
    descriptionEn:
      'The table’s core course (fictional): understand the phenomenon, spot the signs, intervene and refer.',
    objectivesFr:
      'Reconnaître les signes de recrutement; connaître le réseau des pivots; agir en concertation.',
    objectivesEn: 'Recognise signs of recruitment; know the pivot network; act together with partners.',
    days: 2,
    audiences: ['partner_workers', 'police', 'health_social_services'],
    outside: false,
    validity: null,
    network: true,
    requires: [],
    since: 2011,
  },
  {
    key: 'c2',
    code: 'CYB-201',
    kind: 'course',
    titleFr: 'Cyberprédation et manipulation en ligne des jeunes à des fins sexuelles',
    titleEn: 'Cyber-predation and online manipulation of young people for sexual purposes',
    descriptionFr:
      'Les plateformes, le leurre, la sextorsion et l’intervention auprès des jeunes (contenu fictif).',
    descriptionEn: 'Platforms, luring, sextortion and working with young people (fictional content).',
    objectivesFr: 'Reconnaître les stratégies de manipulation en ligne; accompagner un jeune et sa famille.',
    objectivesEn: 'Recognise online manipulation strategies; support a young person and their family.',
    days: 1,
    audiences: ['partner_workers', 'police'],
    outside: false,
    validity: null,
    network: false,
    requires: ['c1'],
    since: 2015,
  },
  {
    key: 'c3',
    code: 'GAR-301',
    kind: 'course',
    titleFr: 'La vulnérabilité des garçons à l’exploitation sexuelle (exercée ou subie)',
    titleEn: 'The vulnerability of boys to sexual exploitation (exercised or suffered)',
    descriptionFr:
      'Les garçons victimes et les garçons recruteurs : repérage et intervention (contenu fictif).',
    descriptionEn: 'Boys as victims and as recruiters: detection and intervention (fictional content).',
    objectivesFr: 'Déconstruire les angles morts; adapter l’intervention aux garçons.',
    objectivesEn: 'Uncover blind spots; adapt intervention to boys.',
    days: 1,
    audiences: ['partner_workers', 'health_social_services'],
    outside: false,
    validity: null,
    network: false,
    requires: ['c1'],
    since: 2018,
  },
  {
    key: 'c4',
    code: 'FDF-401',
    kind: 'course',
    titleFr: 'Formation de formateurs pour les autres régions',
    titleEn: 'Train-the-trainer course for other regions',
    descriptionFr: 'Préparer des formateurs qui offriront le programme dans leur région (fictif).',
    descriptionEn: 'Prepare trainers who will give the programme in their own region (fictional).',
    objectivesFr: 'Animer les trois formations de base; adapter les contenus au contexte régional.',
    objectivesEn: 'Deliver the three core courses; adapt the content to a regional context.',
    days: 2,
    audiences: ['partner_workers'],
    outside: false,
    validity: 36,
    network: false,
    requires: ['c1', 'c2', 'c3'],
    since: 2020,
  },
  {
    key: 'c5',
    code: 'PRX-501',
    kind: 'course',
    titleFr: 'Intervenir auprès des proxénètes',
    titleEn: 'Intervening with pimps',
    descriptionFr:
      'Ouverte aux professions externes : police, probation et libération conditionnelle, santé et services sociaux, hôtellerie, centres commerciaux (fictif).',
    descriptionEn:
      'Open to outside professions: police, probation and parole, health and social services, hotels, shopping centres (fictional).',
    objectivesFr: 'Comprendre les stratégies des proxénètes; sécuriser l’intervention; signaler.',
    objectivesEn: 'Understand pimps’ strategies; keep intervention safe; report.',
    days: 1,
    audiences: ['police', 'probation', 'health_social_services', 'hotel_staff', 'shopping_centre_staff'],
    outside: true,
    validity: 24,
    network: false,
    requires: [],
    since: 2016,
  },
  {
    key: 'i1',
    code: 'INFO-HOT',
    kind: 'information_session',
    titleFr: 'Séance d’information : personnel hôtelier',
    titleEn: 'Information session: hotel staff',
    descriptionFr: 'Repérer et signaler l’exploitation sexuelle de mineurs en milieu hôtelier (fictif).',
    descriptionEn: 'Spotting and reporting the sexual exploitation of minors in hotels (fictional).',
    objectivesFr: 'Connaître les signes et la marche à suivre.',
    objectivesEn: 'Know the signs and what to do.',
    days: 0.5,
    audiences: ['hotel_staff'],
    outside: true,
    validity: null,
    network: false,
    requires: [],
    since: 2013,
  },
  {
    key: 'i2',
    code: 'INFO-CC',
    kind: 'information_session',
    titleFr: 'Séance d’information : superviseurs de centres commerciaux',
    titleEn: 'Information session: shopping-centre supervisors',
    descriptionFr: 'Les lieux de recrutement et le rôle de la sécurité (fictif).',
    descriptionEn: 'Recruitment places and the role of security staff (fictional).',
    objectivesFr: 'Reconnaître le recrutement; savoir qui appeler.',
    objectivesEn: 'Recognise recruitment; know whom to call.',
    days: 0.5,
    audiences: ['shopping_centre_staff'],
    outside: true,
    validity: null,
    network: false,
    requires: [],
    since: 2014,
  },
  {
    key: 'i3',
    code: 'INFO-ETU',
    kind: 'information_session',
    titleFr: 'Séance d’information : étudiants en techniques policières et en intervention',
    titleEn: 'Information session: students in police and intervention programmes',
    descriptionFr: 'Le phénomène et le travail en concertation, pour la relève (fictif).',
    descriptionEn: 'The phenomenon and working together, for the next generation (fictional).',
    objectivesFr: 'Comprendre le phénomène; connaître la table.',
    objectivesEn: 'Understand the phenomenon; know the table.',
    days: 0.5,
    audiences: ['students'],
    outside: true,
    validity: null,
    network: false,
    requires: [],
    since: 2012,
  },
];

const GIVEN = [
  'Alexis',
  'Amélie',
  'Antoine',
  'Béatrice',
  'Camille',
  'Charles',
  'Chloé',
  'Dominique',
  'Édouard',
  'Élise',
  'Émile',
  'Florence',
  'Gabriel',
  'Geneviève',
  'Hélène',
  'Jacob',
  'Jade',
  'Julien',
  'Justine',
  'Laurence',
  'Louis',
  'Maude',
  'Maxime',
  'Mélodie',
  'Nathan',
  'Noémie',
  'Olivier',
  'Raphaël',
  'Rosalie',
  'Samuel',
  'Sarah',
  'Simon',
  'Sophie',
  'Thomas',
  'Valérie',
  'Victor',
  'William',
  'Zoé',
  'Marc-André',
  'Anne-Sophie',
];
const FAMILY = [
  'Fictif-Allard',
  'Fictif-Bergeron',
  'Fictif-Caron',
  'Fictif-Dubé',
  'Fictif-Fortin',
  'Fictif-Gagné',
  'Fictif-Lapointe',
  'Fictif-Leclerc',
  'Fictif-Martel',
  'Fictif-Nadeau',
  'Fictif-Ouellet',
  'Fictif-Paquette',
  'Fictif-Poirier',
  'Fictif-Roy',
  'Fictif-Simard',
  'Fictif-Thibault',
  'Fictif-Vachon',
  'Fictif-Bouchard',
  'Fictif-Cloutier',
  'Fictif-Girard',
  'Fictif-Hamel',
  'Fictif-Lévesque',
  'Fictif-Morin',
  'Fictif-Pelletier',
];

const OUTSIDE = [
  { type: 'probation', organisation: 'Services correctionnels fictifs', profession: 'Agent·e de probation' },
  { type: 'hotel', organisation: 'Hôtel fictif du Lac', profession: 'Préposé·e à la réception' },
  {
    type: 'shopping_centre',
    organisation: 'Carrefour fictif des Pins',
    profession: 'Superviseur·e de sécurité',
  },
  { type: 'education', organisation: 'Cégep fictif de Val-des-Hérons', profession: 'Étudiant·e' },
  { type: 'police', organisation: 'Service de police voisin (fictif)', profession: 'Policier·ère' },
  {
    type: 'health_social_services',
    organisation: 'Clinique fictive des Trois-Lacs',
    profession: 'Infirmier·ère',
  },
] as const;

function pickOne<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

function dayInYear(random: () => number, year: number, lastDay: string): string {
  const start = Date.UTC(year, 0, 15);
  const end = Math.min(Date.UTC(year, 11, 10), Date.parse(`${lastDay}T00:00:00Z`));
  const day = new Date(start + Math.floor(random() * Math.max(1, end - start)));
  return day.toISOString().slice(0, 10);
}

async function insertInChunks<T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

export const trainingDemo: DemoLoader = {
  name: 'training',
  async load(platform, trx, context: DemoContext) {
    const random = context.random;
    const tz = platform.config.timeZone;
    const now = platform.now();
    const today = localDay(now, tz);
    const currentYear = Number(today.slice(0, 4));

    // -- Catalogue
    const courseIds = new Map<string, string>();
    for (const seed of COURSES) {
      const row = await trx
        .insertInto('training_courses')
        .values({
          code: seed.code,
          kind: seed.kind,
          title_fr: seed.titleFr,
          title_en: seed.titleEn,
          description_fr: seed.descriptionFr,
          description_en: seed.descriptionEn,
          objectives_fr: seed.objectivesFr,
          objectives_en: seed.objectivesEn,
          duration_days: seed.days,
          audiences: seed.audiences,
          open_to_outside: seed.outside,
          certificate_validity_months: seed.validity,
          network_prerequisite: seed.network,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      courseIds.set(seed.key, row.id);
    }
    const edges = COURSES.flatMap((c) =>
      c.requires.map((r) => ({ course_id: courseIds.get(c.key)!, prerequisite_id: courseIds.get(r)! })),
    );
    await trx.insertInto('training_course_prerequisites').values(edges).execute();
    const seedOf = new Map(COURSES.map((c) => [c.key, c]));

    // -- Fifteen years of history: fictional participants (not Filet accounts)
    const organisations = context.organisations.filter((o) => o.type !== 'research');
    const participants: Array<{
      full_name: string;
      email: string;
      organisation_id: string | null;
      organisation_type: string;
      organisation_name: string | null;
      profession: string | null;
      source: 'history';
    }> = [];
    const completions: Array<{
      p: number;
      course: string;
      on: string;
      orgId: string | null;
      orgType: string;
    }> = [];
    let serial = 0;
    const newParticipant = (outside: (typeof OUTSIDE)[number] | null) => {
      serial += 1;
      const given = pickOne(random, GIVEN);
      const family = pickOne(random, FAMILY);
      const org = outside ? null : pickOne(random, organisations);
      participants.push({
        full_name: `${given} ${family}`,
        email: `participant${serial}@historique-formation.test`,
        organisation_id: org?.id ?? null,
        organisation_type: outside ? outside.type : org!.type,
        organisation_name: outside ? outside.organisation : null,
        profession: outside ? outside.profession : null,
        source: 'history',
      });
      return participants.length - 1;
    };
    const lastHistoryDay = localDay(new Date(now.getTime() - 45 * 86_400_000), tz);
    for (let year = 2011; year <= currentYear; year += 1) {
      // The core course: four or five groups a year, about fifteen people each.
      const groups = 4 + (year % 3 === 0 ? 1 : 0);
      for (let g = 0; g < groups; g += 1) {
        const on = dayInYear(random, year, lastHistoryDay);
        if (on > lastHistoryDay) continue;
        const size = 12 + Math.floor(random() * 6);
        for (let i = 0; i < size; i += 1) {
          const p = newParticipant(null);
          const orgType = participants[p]!.organisation_type;
          const orgId = participants[p]!.organisation_id;
          completions.push({ p, course: 'c1', on, orgId, orgType });
          // Some go on to the one-day courses the following year.
          for (const next of ['c2', 'c3'] as const) {
            const since = seedOf.get(next)!.since;
            if (year + 1 >= since && year + 1 <= currentYear && random() < 0.35) {
              const later = dayInYear(random, year + 1, lastHistoryDay);
              if (later <= lastHistoryDay) completions.push({ p, course: next, on: later, orgId, orgType });
            }
          }
        }
      }
      // Courses open to outside professions and the information sessions.
      for (const key of ['c5', 'i1', 'i2', 'i3'] as const) {
        if (year < seedOf.get(key)!.since) continue;
        const on = dayInYear(random, year, lastHistoryDay);
        if (on > lastHistoryDay) continue;
        const size = 8 + Math.floor(random() * 10);
        for (let i = 0; i < size; i += 1) {
          const outside =
            key === 'i1'
              ? OUTSIDE[1]
              : key === 'i2'
                ? OUTSIDE[2]
                : key === 'i3'
                  ? OUTSIDE[3]
                  : pickOne(random, OUTSIDE);
          const p = newParticipant(outside);
          completions.push({ p, course: key, on, orgId: null, orgType: participants[p]!.organisation_type });
        }
      }
    }
    const participantIds: string[] = [];
    await insertInChunks(participants, 500, async (chunk) => {
      const rows = await trx.insertInto('training_participants').values(chunk).returning('id').execute();
      participantIds.push(...rows.map((r) => r.id));
    });
    await insertInChunks(completions, 1000, (chunk) =>
      trx
        .insertInto('training_completions')
        .values(
          chunk.map((c) => ({
            participant_id: participantIds[c.p]!,
            course_id: courseIds.get(c.course)!,
            session_id: null,
            completed_on: c.on,
            organisation_id: c.orgId,
            organisation_type: c.orgType,
            certificate_code: null,
            expires_on: expiryDate(c.on, seedOf.get(c.course)!.validity),
          })),
        )
        .execute(),
    );

    // -- Filet people: trainers, pivots trained, workers registered for upcoming sessions
    const people = await activePeople(trx);
    const roleOf = new Map(context.people.map((p) => [p.id, p.roles]));
    const memberRows = await trx
      .insertInto('training_participants')
      .values(
        people.map((p) => ({
          person_id: p.id,
          full_name: p.full_name,
          email: p.email,
          organisation_id: p.organisation_id,
          organisation_type: p.organisation_type,
          locale: p.locale,
          source: 'member' as const,
        })),
      )
      .returning(['id', 'person_id'])
      .execute();
    const participantOf = new Map(memberRows.map((r) => [r.person_id!, r.id]));
    const personById = new Map(people.map((p) => [p.id, p]));
    const trainers = people.filter((p) => roleOf.get(p.id)?.includes('trainer')).map((p) => p.id);
    const demoPivot = people.find((p) => p.email === 'pivot@cjtl.test');
    const demoWorker = people.find((p) => p.email === 'intervenante@escalebleue.test');

    // Pivots: most completed the core course (the network's coverage counts them), with certificates.
    const memberCompletions: Array<{ personId: string; course: string; on: string }> = [];
    for (const p of people) {
      const roles = roleOf.get(p.id) ?? [];
      if (p.id === demoWorker?.id) continue;
      const isPivot = roles.includes('pivot');
      if (p.id === demoPivot?.id || (isPivot && random() < 0.75) || (!isPivot && random() < 0.3)) {
        const year = 2014 + Math.floor(random() * (currentYear - 2014));
        const on = dayInYear(random, year, lastHistoryDay);
        memberCompletions.push({ personId: p.id, course: 'c1', on });
        if (p.id === demoPivot?.id || random() < 0.3) {
          memberCompletions.push({
            personId: p.id,
            course: 'c2',
            on: dayInYear(random, Math.min(year + 1, currentYear), lastHistoryDay),
          });
        }
      }
    }
    if (memberCompletions.length > 0) {
      await trx
        .insertInto('training_completions')
        .values(
          memberCompletions.map((c) => {
            const person = personById.get(c.personId)!;
            return {
              participant_id: participantOf.get(c.personId)!,
              course_id: courseIds.get(c.course)!,
              session_id: null,
              completed_on: c.on,
              organisation_id: person.organisation_id,
              organisation_type: person.organisation_type,
              certificate_code: certificateCode(randomInt),
              expires_on: expiryDate(c.on, seedOf.get(c.course)!.validity),
            };
          }),
        )
        .execute();
    }
    const trainedCore = new Set(memberCompletions.filter((c) => c.course === 'c1').map((c) => c.personId));

    // -- Upcoming sessions
    const at = (daysFromNow: number, hour: number) => {
      const day = localDay(new Date(now.getTime() + daysFromNow * 86_400_000), tz);
      return { day, instant: new Date(zonedMidnightUtc(day, tz).getTime() + hour * 3_600_000) };
    };
    const createSession = async (
      key: string,
      startIn: number,
      dayCount: number,
      capacity: number,
      where: { place?: string; video?: string },
      trainerIds: string[],
      status: 'planned' | 'completed' = 'planned',
    ) => {
      const first = at(startIn, 9);
      const row = await trx
        .insertInto('training_sessions')
        .values({
          course_id: courseIds.get(key)!,
          place: where.place ?? null,
          video_url: where.video ?? null,
          capacity,
          registration_deadline: new Date(first.instant.getTime() - 3 * 86_400_000),
          status,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const days = Array.from({ length: dayCount }, (_, i) => {
        const start = at(startIn + i, 9);
        return {
          session_id: row.id,
          day: start.day,
          starts_at: start.instant,
          ends_at: new Date(start.instant.getTime() + 7.5 * 3_600_000),
        };
      });
      await trx.insertInto('training_session_days').values(days).execute();
      if (trainerIds.length > 0) {
        await trx
          .insertInto('training_session_trainers')
          .values(trainerIds.map((person_id) => ({ session_id: row.id, person_id })))
          .execute();
      }
      return { id: row.id, days: days.map((d) => d.day) };
    };
    const [trainerA, trainerB] = [trainers[0], trainers[1] ?? trainers[0]];
    const place = 'Salle fictive du CISSS, 100 rue des Exemples, Val-des-Hérons';
    const untrained = people.filter(
      (p) => !trainedCore.has(p.id) && p.id !== demoWorker?.id && !(roleOf.get(p.id) ?? []).includes('admin'),
    );
    const trainedPeople = people.filter((p) => trainedCore.has(p.id) && p.id !== demoPivot?.id);

    const registrations: Array<{
      session_id: string;
      participant_id: string;
      status: 'confirmed' | 'waitlisted';
      queue_number: number | null;
      waitlisted_at: Date | null;
      created_at: Date;
      updated_at: Date;
    }> = [];
    const fill = async (sessionId: string, pool: typeof people, capacity: number, waiting: number) => {
      const chosen = pool.slice(0, capacity + waiting);
      chosen.forEach((p, i) => {
        const created = new Date(now.getTime() - (chosen.length - i) * 3_600_000);
        registrations.push({
          session_id: sessionId,
          participant_id: participantOf.get(p.id)!,
          status: i < capacity ? 'confirmed' : 'waitlisted',
          queue_number: i < capacity ? null : i - capacity + 1,
          waitlisted_at: i < capacity ? null : created,
          created_at: created,
          updated_at: created,
        });
      });
      const waited = Math.max(0, chosen.length - capacity);
      if (waited > 0) {
        await trx
          .updateTable('training_sessions')
          .set({ next_queue_number: waited + 1 })
          .where('id', '=', sessionId)
          .execute();
      }
    };
    // Course 1, full with a wait list.
    const full = await createSession('c1', 21, 2, 18, { place }, trainerA ? [trainerA] : []);
    await fill(full.id, untrained, 18, 4);
    // Course 1 again later, seats left.
    const later = await createSession('c1', 63, 2, 20, { place }, trainerB ? [trainerB] : []);
    await fill(later.id, untrained.slice(22), 6, 0);
    // Course 2 by video, for people already trained.
    const cyber = await createSession(
      'c2',
      35,
      1,
      25,
      { video: 'https://visio.exemple.test/formation-cyber' },
      trainerA ? [trainerA] : [],
    );
    await fill(cyber.id, trainedPeople, 9, 0);
    // The pimps course, open to outside professionals.
    await createSession('c5', 42, 1, 30, { place }, trainerB ? [trainerB] : []);
    // An information session for hotel staff.
    await createSession(
      'i1',
      14,
      1,
      40,
      { place: 'Hôtel fictif du Lac, salle Héron' },
      trainerA ? [trainerA] : [],
    );
    // A course 3 session given last month: attendance and completions recorded.
    const past = await createSession('c3', -30, 1, 15, { place }, trainerA ? [trainerA] : [], 'completed');
    const pastPool = trainedPeople.slice(-10);
    await fill(past.id, pastPool, 10, 0);
    await insertInChunks(registrations, 500, (chunk) =>
      trx.insertInto('training_registrations').values(chunk).execute(),
    );
    const pastRegs = await trx
      .selectFrom('training_registrations')
      .select(['id', 'participant_id'])
      .where('session_id', '=', past.id)
      .execute();
    const statusesCycle = [
      'present',
      'present',
      'present',
      'late',
      'present',
      'absent',
      'present',
      'excused',
    ] as const;
    if (pastRegs.length > 0) {
      await trx
        .insertInto('training_attendance')
        .values(
          pastRegs.map((r, i) => ({
            registration_id: r.id,
            day: past.days[0]!,
            status: statusesCycle[i % statusesCycle.length]!,
            marked_by: trainerA ?? null,
          })),
        )
        .execute();
      const attended = pastRegs.filter(
        (_, i) => !['absent', 'excused'].includes(statusesCycle[i % statusesCycle.length]!),
      );
      const byParticipant = new Map(people.map((p) => [participantOf.get(p.id), p]));
      await trx
        .insertInto('training_completions')
        .values(
          attended.map((r) => {
            const person = byParticipant.get(r.participant_id)!;
            return {
              participant_id: r.participant_id,
              course_id: courseIds.get('c3')!,
              session_id: past.id,
              completed_on: past.days[0]!,
              organisation_id: person.organisation_id,
              organisation_type: person.organisation_type,
              certificate_code: certificateCode(randomInt),
              expires_on: null,
              created_by: trainerA ?? null,
            };
          }),
        )
        .execute();
    }
    const total = completions.length + memberCompletions.length;
    return `${COURSES.length} courses (fictifs), ${participants.length + memberRows.length} participants, ${total} completions since 2011, ${registrations.length} registrations`;
  },
};
