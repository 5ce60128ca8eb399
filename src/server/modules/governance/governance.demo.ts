import type { Transaction } from 'kysely';
import { zonedMidnightUtc } from '../../../shared/time-zone.js';
import type { DemoContext, DemoLoader } from '../../demo/demo-modules.js';
import type { DB } from '../../platform/db/schema.js';
import type { Platform } from '../../platform/platform.js';
import { tableDelegates } from '../accounts/index.js';
import * as announcementsRepo from './announcements.repository.js';
import type { Attendance, PlanStatus } from './governance.table.js';
import * as meetingsRepo from './meetings.repository.js';
import * as planRepo from './plan.repository.js';
import { localDate } from './plan.rules.js';

interface DemoAction {
  fr: string;
  en: string;
  owners: string[];
  /** Months from the start of the plan to its due date. */
  due: number;
  progress: number;
}
interface DemoMeans {
  fr: string;
  en: string;
  weight: number;
  actions: DemoAction[];
}
interface DemoMandate {
  fr: string;
  en: string;
  means: DemoMeans[];
}

/** The table's four mandates, in our own fictional wording. */
const PLAN: DemoMandate[] = [
  {
    fr: 'Préciser la contribution de chaque partenaire et les zones de collaboration',
    en: 'Clarify each partner’s contribution and the areas of collaboration',
    means: [
      {
        fr: 'Cartographier les services offerts par chaque partenaire',
        en: 'Map the services each partner offers',
        weight: 2,
        actions: [
          {
            fr: 'Recueillir les fiches de services',
            en: 'Collect the service sheets',
            owners: ['ciusss'],
            due: 3,
            progress: 100,
          },
          {
            fr: 'Publier la carte des services aux membres',
            en: 'Publish the service map to members',
            owners: ['univ', 'ciusss'],
            due: 7,
            progress: 70,
          },
        ],
      },
      {
        fr: 'Convenir des ententes de collaboration entre partenaires',
        en: 'Agree on collaboration arrangements between partners',
        weight: 1,
        actions: [
          {
            fr: 'Rédiger le modèle d’entente',
            en: 'Draft the agreement template',
            owners: ['dpcp'],
            due: 4,
            progress: 100,
          },
          {
            fr: 'Faire signer les ententes renouvelées',
            en: 'Have the renewed agreements signed',
            owners: ['ciusss'],
            due: 6,
            progress: 40,
          },
        ],
      },
    ],
  },
  {
    fr: 'Concevoir et diffuser des contenus de formation communs',
    en: 'Design and share common training content',
    means: [
      {
        fr: 'Offrir une formation de base à tous les pivots',
        en: 'Offer basic training to every pivot',
        weight: 3,
        actions: [
          {
            fr: 'Mettre à jour le module d’introduction',
            en: 'Update the introductory module',
            owners: ['univ'],
            due: 2,
            progress: 100,
          },
          {
            fr: 'Tenir quatre sessions régionales',
            en: 'Hold four regional sessions',
            owners: ['ciusss', 'police'],
            due: 9,
            progress: 50,
          },
        ],
      },
      {
        fr: 'Sensibiliser le personnel scolaire',
        en: 'Raise awareness among school staff',
        weight: 1,
        actions: [
          {
            fr: 'Adapter la trousse pour les écoles secondaires',
            en: 'Adapt the kit for high schools',
            owners: ['css1', 'css2'],
            due: 5,
            progress: 30,
          },
          {
            fr: 'Former les équipes de direction',
            en: 'Train the school management teams',
            owners: ['css1'],
            due: 8,
            progress: 10,
          },
        ],
      },
    ],
  },
  {
    fr: 'Mettre en place une trajectoire de services propre aux jeunes concernés',
    en: 'Set up a service pathway specific to the young people concerned',
    means: [
      {
        fr: 'Définir les portes d’entrée et les corridors de référence',
        en: 'Define entry points and referral corridors',
        weight: 2,
        actions: [
          {
            fr: 'Décrire le parcours type d’une référence',
            en: 'Describe a typical referral path',
            owners: ['dpj', 'ciusss'],
            due: 4,
            progress: 80,
          },
          {
            fr: 'Valider les corridors avec les services policiers',
            en: 'Validate the corridors with police services',
            owners: ['police', 'sq'],
            due: 5,
            progress: 20,
          },
        ],
      },
      {
        fr: 'Assurer l’accompagnement des jeunes tout au long du parcours',
        en: 'Accompany young people all along the pathway',
        weight: 1,
        actions: [
          {
            fr: 'Désigner un accompagnateur par situation',
            en: 'Name a support worker for each situation',
            owners: ['maison', 'rue'],
            due: 7,
            progress: 60,
          },
          {
            fr: 'Prévoir l’hébergement d’urgence',
            en: 'Plan emergency housing',
            owners: ['cal', 'ville'],
            due: 6,
            progress: 0,
          },
        ],
      },
    ],
  },
  {
    fr: 'Adopter un plan d’action pour une protection durable',
    en: 'Adopt an action plan for lasting protection',
    means: [
      {
        fr: 'Suivre le plan d’action à chaque rencontre',
        en: 'Follow up the action plan at every meeting',
        weight: 1,
        actions: [
          {
            fr: 'Présenter un tableau de bord trimestriel',
            en: 'Present a quarterly dashboard',
            owners: ['ciusss'],
            due: 10,
            progress: 60,
          },
        ],
      },
      {
        fr: 'Assurer la relève des personnes engagées',
        en: 'Ensure succession for the people involved',
        weight: 2,
        actions: [
          {
            fr: 'Documenter les rôles clés de la table',
            en: 'Document the table’s key roles',
            owners: ['ciusss', 'univ'],
            due: 3,
            progress: 90,
          },
          {
            fr: 'Prévoir un plan de remplacement par organisation',
            en: 'Plan a replacement for each organisation',
            owners: ['dpj', 'police', 'css1'],
            due: 8,
            progress: 25,
          },
        ],
      },
    ],
  },
];

const MEETING_TOPICS: Array<[string, string]> = [
  ['Tour de table des partenaires', 'Suivi des ententes de collaboration'],
  ['Bilan des formations offertes', 'Préparation des sessions régionales'],
  ['Présentation de la trajectoire de services', 'Échanges sur les corridors de référence'],
  ['Suivi du plan d’action', 'Relève et remplacement des pivots'],
];

const DECISIONS = [
  'La table adopte le calendrier des rencontres de l’année.',
  'Le comité de formation présentera une version révisée du module à la prochaine rencontre.',
  'Les partenaires transmettront leurs fiches de services d’ici la fin du mois.',
  'La table mandate la coordination pour rencontrer les services policiers au sujet des corridors.',
  'Un sous-comité est formé pour la relève des pivots.',
  'La table approuve le tableau de bord trimestriel présenté.',
];

function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, 28)).padStart(2, '0')}`;
}

/** Second Wednesday of a month, as YYYY-MM-DD. */
function secondWednesday(year: number, month: number): string {
  const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  const day = 1 + ((3 - first + 7) % 7) + 7;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

async function loadPlan(
  platform: Platform,
  trx: Transaction<DB>,
  context: DemoContext,
  planStart: string,
  today: string,
) {
  const orgId = (key: string) => context.organisations.find((o) => o.key === key)?.id;
  const actions: string[] = [];
  let overdue = 0;
  const coordinator = context.people.find((p) => p.roles.includes('table_coordinator'));
  for (const [mi, mandate] of PLAN.entries()) {
    const mandateId = await planRepo.insertPlanItem(trx, {
      parent_id: null,
      kind: 'mandate',
      title_fr: mandate.fr,
      title_en: mandate.en,
      description: null,
      start_date: planStart,
      due_date: addMonths(planStart, 24),
      status: 'in_progress',
      progress: 0,
      weight: 1,
      position: mi + 1,
    });
    for (const [ni, means] of mandate.means.entries()) {
      const meansId = await planRepo.insertPlanItem(trx, {
        parent_id: mandateId,
        kind: 'means',
        title_fr: means.fr,
        title_en: means.en,
        description: null,
        start_date: planStart,
        due_date: addMonths(planStart, 22),
        status: 'in_progress',
        progress: 0,
        weight: means.weight,
        position: ni + 1,
      });
      for (const [ai, action] of means.actions.entries()) {
        const due = addMonths(planStart, action.due * 2);
        const status: PlanStatus =
          action.progress === 100
            ? 'done'
            : action.progress === 0
              ? 'not_started'
              : context.random() < 0.15
                ? 'blocked'
                : 'in_progress';
        const id = await planRepo.insertPlanItem(trx, {
          parent_id: meansId,
          kind: 'action',
          title_fr: action.fr,
          title_en: action.en,
          description: null,
          start_date: addMonths(planStart, Math.max(0, action.due * 2 - 6)),
          due_date: due,
          status,
          progress: action.progress,
          weight: 1,
          position: ai + 1,
        });
        if (status !== 'done' && due < today) overdue += 1;
        const organisationIds = action.owners.map(orgId).filter((x): x is string => Boolean(x));
        const ownerPeople = context.people
          .filter(
            (p) =>
              p.status === 'active' &&
              organisationIds.includes(p.organisationId) &&
              p.roles.includes('pivot'),
          )
          .slice(0, 1)
          .map((p) => p.id);
        await planRepo.setPlanOwners(trx, id, { organisationIds, personIds: ownerPeople });
        if (coordinator) {
          await planRepo.insertHistory(
            trx,
            [
              { item_id: id, field: 'created', old_value: null, new_value: action.fr },
              ...(action.progress > 0
                ? [{ item_id: id, field: 'progress', old_value: '0', new_value: String(action.progress) }]
                : []),
            ],
            coordinator.id,
            platform.now(),
          );
        }
        await planRepo.insertMilestone(trx, {
          item_id: id,
          title: 'Première étape franchie',
          due_date: addMonths(planStart, Math.max(1, action.due * 2 - 2)),
          done_date: action.progress >= 50 ? addMonths(planStart, Math.max(1, action.due * 2 - 2)) : null,
        });
        actions.push(id);
      }
    }
  }
  return { actions, overdue };
}

async function loadMeetings(
  platform: Platform,
  trx: Transaction<DB>,
  context: DemoContext,
  schoolYear: number,
  actions: readonly string[],
) {
  const tz = platform.config.timeZone;
  const now = platform.now();
  const coordinator = context.people.find((p) => p.roles.includes('table_coordinator'));
  const invitees = await tableDelegates(trx);
  // The school year before this one, then this one: monthly from September to June.
  const slots = [schoolYear - 1, schoolYear].flatMap((start) =>
    [9, 10, 11, 12, 1, 2, 3, 4, 5, 6].map((month) => ({ month, year: month >= 9 ? start : start + 1 })),
  );
  let previous: { id: string; closed: boolean } | null = null;
  let closed = 0;
  for (const [index, { month, year }] of slots.entries()) {
    const day = secondWednesday(year, month);
    const starts = new Date(zonedMidnightUtc(day, tz).getTime() + 13.5 * 3_600_000);
    const ends = new Date(starts.getTime() + 2.5 * 3_600_000);
    const past = ends < now;
    const monthName = new Intl.DateTimeFormat('fr-CA', { month: 'long', timeZone: 'UTC' }).format(
      new Date(Date.UTC(year, month - 1, 15)),
    );
    const id = await meetingsRepo.insertMeeting(trx, {
      title: `Rencontre régulière de la table — ${monthName} ${year}`,
      starts_at: starts,
      ends_at: ends,
      place: index % 3 === 2 ? null : 'Salle des partenaires, 200 boulevard Fictif',
      video_url: index % 3 === 2 ? 'https://visio.exemple.test/table-filet' : null,
      restricted: false,
      created_by: coordinator?.id ?? context.people[0]!.id,
    });
    const [topicA, topicB] = MEETING_TOPICS[index % MEETING_TOPICS.length]!;
    const agenda: meetingsRepo.AgendaInsert[] = [
      {
        key: 1,
        parentKey: null,
        title: 'Accueil et adoption de l’ordre du jour',
        presenterId: coordinator?.id ?? null,
        planItemId: null,
        approvesMeetingId: null,
      },
    ];
    if (previous?.closed) {
      agenda.push({
        key: 2,
        parentKey: null,
        title: 'Adoption du procès-verbal de la rencontre précédente',
        presenterId: null,
        planItemId: null,
        approvesMeetingId: previous.id,
      });
    }
    agenda.push(
      {
        key: 3,
        parentKey: null,
        title: topicA,
        presenterId: invitees[index % Math.max(1, invitees.length)] ?? null,
        planItemId: null,
        approvesMeetingId: null,
      },
      {
        key: 4,
        parentKey: null,
        title: 'Suivi du plan d’action',
        presenterId: coordinator?.id ?? null,
        planItemId: null,
        approvesMeetingId: null,
      },
      {
        key: 5,
        parentKey: 4,
        title: topicB,
        presenterId: null,
        planItemId: actions[(index * 3) % actions.length] ?? null,
        approvesMeetingId: null,
      },
      {
        key: 6,
        parentKey: 4,
        title: 'Échéances à venir',
        presenterId: null,
        planItemId: null,
        approvesMeetingId: null,
      },
      {
        key: 7,
        parentKey: null,
        title: 'Varia et levée de la rencontre',
        presenterId: null,
        planItemId: null,
        approvesMeetingId: null,
      },
    );
    await meetingsRepo.replaceAgenda(trx, id, agenda);
    await meetingsRepo.setInvitations(trx, id, invitees);
    if (past) {
      for (const personId of invitees) {
        const roll = context.random();
        const attendance: Attendance = roll < 0.78 ? 'present' : roll < 0.9 ? 'excused' : 'absent';
        await meetingsRepo.setAttendance(trx, id, personId, attendance);
      }
      const count = 1 + Math.floor(context.random() * 2);
      for (let d = 0; d < count; d += 1) {
        await meetingsRepo.insertDecision(trx, {
          meeting_id: id,
          text: DECISIONS[(index + d) % DECISIONS.length]!,
          plan_item_id:
            context.random() < 0.7 ? (actions[Math.floor(context.random() * actions.length)] ?? null) : null,
          created_by: coordinator?.id ?? context.people[0]!.id,
        });
      }
      await meetingsRepo.updateMeeting(
        trx,
        id,
        {
          status: 'closed',
          minutes: `Procès-verbal fictif de la rencontre de ${monthName} ${year}.\n\nLes partenaires présents ont fait le point sur « ${topicA} » et sur le suivi du plan d’action (« ${topicB} »). Les décisions sont consignées ci-dessous.`,
          closed_at: ends,
          ...(coordinator ? { closed_by: coordinator.id } : {}),
        },
        ends,
      );
      if (previous?.closed) {
        await meetingsRepo.updateMeeting(
          trx,
          previous.id,
          { minutes_approved_at: ends, minutes_approved_in: id },
          ends,
        );
      }
      closed += 1;
    }
    previous = { id, closed: past };
  }
  return closed;
}

async function loadAnnouncements(platform: Platform, trx: Transaction<DB>, context: DemoContext) {
  const now = platform.now();
  const coordinator = context.people.find((p) => p.roles.includes('table_coordinator'));
  const schools = context.organisations.find((o) => o.key === 'css1');
  const items: Array<
    Omit<announcementsRepo.AnnouncementValues, 'publish_at' | 'author_id'> & {
      daysAgo: number;
      readShare: number;
    }
  > = [
    {
      title_fr: 'Calendrier des rencontres de l’année',
      title_en: 'This year’s meeting calendar',
      body_fr:
        'Le calendrier des rencontres de la table est en ligne. Abonnez-vous au flux de calendrier depuis la page des rencontres.',
      body_en:
        'The table’s meeting calendar is online. Subscribe to the calendar feed from the meetings page.',
      audience: 'all',
      audience_type: null,
      audience_organisation_id: null,
      daysAgo: 60,
      readShare: 0.6,
    },
    {
      title_fr: 'Nouvelle session de formation pour les pivots',
      title_en: 'New training session for pivots',
      body_fr:
        'Une session de formation de base (fictive) est offerte aux pivots le mois prochain. Inscrivez-vous auprès de votre coordination.',
      body_en:
        'A (fictional) basic training session is offered to pivots next month. Register with your coordinator.',
      audience: 'pivots',
      audience_type: null,
      audience_organisation_id: null,
      daysAgo: 20,
      readShare: 0.4,
    },
    {
      title_fr: 'Trousse de sensibilisation pour les écoles',
      title_en: 'Awareness kit for schools',
      body_fr: 'La trousse adaptée aux écoles secondaires est prête pour une première mise à l’essai.',
      body_en: 'The kit adapted for high schools is ready for a first trial.',
      audience: schools ? 'organisation' : 'organisation_type',
      audience_type: schools ? null : 'school_service_centre',
      audience_organisation_id: schools?.id ?? null,
      daysAgo: 5,
      readShare: 0.3,
    },
  ];
  for (const item of items) {
    const { daysAgo, readShare, ...values } = item;
    const at = new Date(now.getTime() - daysAgo * 24 * 3_600_000);
    const id = await announcementsRepo.insertAnnouncement(trx, {
      ...values,
      publish_at: at,
      author_id: coordinator?.id ?? context.people[0]!.id,
    });
    const people = await announcementsRepo.audiencePeople(trx, values);
    await announcementsRepo.addRecipients(
      trx,
      id,
      people.map((p) => p.id),
    );
    await announcementsRepo.markPublished(trx, id, at);
    for (const person of people) {
      if (context.random() < readShare)
        await announcementsRepo.markRead(trx, id, person.id, new Date(at.getTime() + 86_400_000));
    }
  }
  return items.length;
}

/** Fictional governance data: the four mandates and their plan, a year of meetings, announcements. */
export const governanceDemo: DemoLoader = {
  name: 'governance',
  async load(platform, trx, context) {
    const today = localDate(platform.now(), platform.config.timeZone);
    const [year, month] = today.split('-').map(Number) as [number, number];
    // The school year now under way, or the one just ended during the summer.
    const schoolYear = month >= 9 ? year : year - 1;
    // A two-year plan that began with the previous school year.
    const planStart = `${schoolYear - 1}-09-01`;
    const { actions, overdue } = await loadPlan(platform, trx, context, planStart, today);
    const closed = await loadMeetings(platform, trx, context, schoolYear, actions);
    const announcements = await loadAnnouncements(platform, trx, context);
    return `${PLAN.length} mandats, ${actions.length} actions (${overdue} en retard), ${closed} rencontres tenues, ${announcements} annonces`;
  },
};
