import type { Transaction } from 'kysely';
import type {
  ConsultationAgeRange,
  ConsultationExpertise,
  ConsultationGender,
  ConsultationSetting,
  ConsultationStatus,
  ConsultationUrgency,
} from '../../../shared/contracts/consultations.values.js';
import { CONSULTATION_SETTING_DEFAULTS } from '../../../shared/contracts/consultations.values.js';
import { localDay } from '../../../shared/time-zone.js';
import type { DemoLoader } from '../../demo/demo-modules.js';
import type { DB } from '../../platform/db/schema.js';
import type { Platform } from '../../platform/platform.js';
import { pivotsOnDuty } from '../network/index.js';
import { messageContext, summaryContext, textsContext } from './consultations.fields.js';
import { dueAt } from './consultations.rules.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Invented situations, written de-identified as the form asks (no name, no place, no date): what was
 * observed, what was tried, the question, a pivot's answer, the close's summary, and the know-how entry
 * a lead may draw from it.
 */
const SITUATIONS: Array<{
  ageRange: ConsultationAgeRange;
  gender: ConsultationGender;
  setting: ConsultationSetting;
  expertise: ConsultationExpertise[];
  observed: string;
  tried: string;
  question: string;
  answer: string;
  summary: string;
  knowledge: { question: string; answer: string };
}> = [
  {
    ageRange: '14_15',
    gender: 'girl',
    setting: 'school',
    expertise: ['online_exploitation', 'schools'],
    observed:
      'Une élève de troisième secondaire montre de nouveaux vêtements de marque et parle d’un « ami » plus âgé rencontré sur une application. Elle s’absente certains après-midi.',
    tried: 'Une discussion ouverte avec la technicienne en éducation spécialisée, sans pression.',
    question: 'Comment aborder la question du recrutement sans briser le lien de confiance?',
    answer:
      'Commencez par nommer ce que vous observez, sans jugement, et demandez-lui comment elle vit cette relation. Gardez la porte ouverte : le lien compte plus que l’aveu.',
    summary:
      'Nommer les observations sans jugement, garder le lien, proposer une rencontre avec la personne pivot.',
    knowledge: {
      question: 'Une élève reçoit des cadeaux d’un homme plus âgé rencontré en ligne : comment en parler?',
      answer:
        'Partir des faits observés, sans jugement ni interrogatoire; demander comment elle vit la relation; expliquer ce qu’est le leurre; garder le lien et proposer un rendez-vous avec une personne pivot.',
    },
  },
  {
    ageRange: '16_17',
    gender: 'boy',
    setting: 'youth_centre',
    expertise: ['boys'],
    observed:
      'Un garçon hébergé revient de fugue avec de l’argent comptant et un téléphone neuf. Il refuse d’en parler et minimise.',
    tried: 'Retour de fugue fait par l’éducateur de garde; il dit seulement avoir « fait des commissions ».',
    question: 'Les signes d’exploitation chez les garçons sont-ils différents? Que surveiller?',
    answer:
      'Oui : les garçons se reconnaissent moins comme victimes et parlent plutôt de débrouille. Surveillez l’argent inexpliqué, les nouveaux contacts plus âgés et la consommation.',
    summary:
      'Signes propres aux garçons expliqués; suivi proposé avec la ressource pour garçons du répertoire.',
    knowledge: {
      question: 'Quels signes d’exploitation sexuelle surveiller chez un garçon?',
      answer:
        'Argent ou objets inexpliqués, contacts plus âgés, fugues courtes, consommation, discours de débrouille. Les garçons se nomment rarement victimes : parler d’échanges et de pression plutôt que d’exploitation.',
    },
  },
  {
    ageRange: '16_17',
    gender: 'girl',
    setting: 'hotel',
    expertise: ['hotels'],
    observed:
      'Le personnel d’un hôtel partenaire signale une adolescente accompagnée d’adultes différents plusieurs soirs, chambre payée comptant.',
    tried: 'Le gérant a noté les allées et venues et a appelé l’organisme.',
    question: 'Que peut faire le personnel sans se mettre en danger ni alerter les exploiteurs?',
    answer:
      'Le personnel ne doit pas intervenir seul : consigner les faits, appeler la police au 911 s’il y a danger immédiat, sinon passer par la personne pivot qui fera le lien avec l’équipe policière.',
    summary:
      'Rôle du personnel hôtelier clarifié : consigner, ne pas confronter, appeler le 911 en cas de danger.',
    knowledge: {
      question: 'Le personnel d’un hôtel soupçonne de l’exploitation : que doit-il faire?',
      answer:
        'Consigner les faits observables, ne jamais confronter, appeler le 911 en cas de danger immédiat; sinon joindre une personne pivot qui fera le lien avec la police.',
    },
  },
  {
    ageRange: '12_13',
    gender: 'girl',
    setting: 'online',
    expertise: ['online_exploitation'],
    observed:
      'Une jeune de douze ans a envoyé des images intimes à un compte qui la menace maintenant de les diffuser si elle n’en envoie pas d’autres.',
    tried: 'La mère a bloqué le compte et a gardé des captures d’écran.',
    question: 'Quelles sont les premières étapes, et faut-il signaler?',
    answer:
      'Oui, il faut signaler : c’est de la sextorsion. Ne pas supprimer les preuves, ne pas répondre, signaler à la police et à la centrale canadienne de signalement. Rassurer la jeune : elle n’est pas en faute.',
    summary: 'Sextorsion : garder les preuves, signaler, rassurer la jeune; services d’aide suggérés.',
    knowledge: {
      question: 'Une jeune est victime de sextorsion : quelles premières étapes?',
      answer:
        'Ne pas répondre ni payer, garder les preuves sans les partager, bloquer le compte, signaler à la police et à la centrale canadienne de signalement, rassurer la jeune et l’accompagner.',
    },
  },
  {
    ageRange: '14_15',
    gender: 'gender_diverse',
    setting: 'street',
    expertise: ['lgbtq'],
    observed:
      'Un jeune trans rencontré en travail de rue dort chez des adultes en échange de « services ». Il a quitté la maison après un conflit.',
    tried: 'Une halte-chaleur lui a été proposée; il l’a refusée par peur d’être mégenré.',
    question: 'Quelles ressources sont sûres pour un jeune trans en situation d’échange de services?',
    answer:
      'Certaines ressources d’hébergement ont une approche affirmative : je vous envoie celles du répertoire. Parlez de sécurité plutôt que de morale, et respectez son prénom choisi.',
    summary: 'Ressources affirmatives suggérées; approche de réduction des méfaits.',
    knowledge: {
      question: 'Comment accompagner un jeune trans qui échange des services contre un toit?',
      answer:
        'Respecter son identité, parler de sécurité plutôt que de morale, proposer des ressources d’hébergement affirmatives et garder le contact même s’il refuse au début.',
    },
  },
  {
    ageRange: '16_17',
    gender: 'girl',
    setting: 'home',
    expertise: ['legal'],
    observed:
      'Une adolescente qui a quitté un proxénète hésite à porter plainte. Elle craint de devoir témoigner devant lui.',
    tried: 'L’intervenante lui a expliqué qu’elle pouvait prendre son temps.',
    question: 'Quelles mesures d’aide au témoignage existent pour une mineure?',
    answer:
      'Témoignage derrière un écran ou par télévision en circuit fermé, personne de confiance présente, interdiction du contre-interrogatoire par l’accusé : un accompagnement au processus judiciaire peut tout lui expliquer.',
    summary: 'Mesures d’aide au témoignage expliquées; accompagnement judiciaire suggéré.',
    knowledge: {
      question: 'Une mineure craint de témoigner contre son exploiteur : quelles aides existent?',
      answer:
        'Écran ou télévision en circuit fermé, personne de confiance à ses côtés, interdiction pour l’accusé de la contre-interroger lui-même, préparation au témoignage par un service d’accompagnement.',
    },
  },
  {
    ageRange: '16_17',
    gender: 'boy',
    setting: 'community_organisation',
    expertise: ['substance_use', 'boys'],
    observed:
      'Un jeune fréquentant la maison des jeunes dit recevoir de la drogue gratuitement d’un groupe d’adultes qui lui demandent maintenant « de rendre service ».',
    tried: 'Discussion avec l’animateur; le jeune a peur de représailles.',
    question: 'Comment protéger ce jeune sans le mettre davantage en danger?',
    answer:
      'Évaluer d’abord le danger immédiat avec lui; ne pas confronter le groupe; un plan de sécurité simple et un lien avec les services en dépendance adaptés aux jeunes.',
    summary: 'Plan de sécurité et orientation en dépendance; lien policier au besoin avec son accord.',
    knowledge: {
      question: 'Un jeune endetté envers un groupe qui lui fournit de la drogue : que faire?',
      answer:
        'Évaluer le danger immédiat, ne pas confronter le groupe, bâtir un plan de sécurité simple avec le jeune, l’orienter vers un service en dépendance jeunesse et proposer le lien avec la police.',
    },
  },
  {
    ageRange: '14_15',
    gender: 'girl',
    setting: 'group_home',
    expertise: ['youth_centres'],
    observed:
      'Des résidentes d’un foyer de groupe parlent d’une « amie » qui recrute pour des soirées payantes par messages privés.',
    tried: 'L’équipe a renforcé la supervision des sorties.',
    question: 'Comment intervenir auprès du groupe sans stigmatiser la recruteuse, elle-même mineure?',
    answer:
      'La recruteuse est souvent elle-même exploitée : intervenir auprès d’elle comme victime, et auprès du groupe par une activité de prévention générale sur le recrutement par les pairs.',
    summary: 'Intervention en deux volets : la recruteuse comme victime, le groupe par la prévention.',
    knowledge: {
      question: 'Une mineure recrute d’autres jeunes pour des soirées : comment intervenir?',
      answer:
        'La voir d’abord comme une victime probable; la rencontrer seule; auprès du groupe, faire de la prévention générale sur le recrutement par les pairs sans la désigner.',
    },
  },
];

type DemoState =
  | 'waiting'
  | 'waiting_overdue'
  | 'unrouted'
  | 'taken'
  | 'taken_overdue'
  | 'answered'
  | 'closed'
  | 'closed_knowledge'
  | 'withdrawn'
  | 'destroyed';

/** The demo account of a pivot (src/server/demo/demo-data.ts), who has consultations waiting. */
export const DEMO_PIVOT_EMAIL = 'pivot@cjtl.test';

/** Forty consultations: how many of each state, and how many days ago they were asked. */
const PLAN: Array<{ state: DemoState; count: number; daysAgo: [number, number] }> = [
  { state: 'waiting', count: 4, daysAgo: [0, 0] },
  { state: 'waiting_overdue', count: 2, daysAgo: [6, 9] },
  { state: 'unrouted', count: 2, daysAgo: [0, 1] },
  { state: 'taken', count: 3, daysAgo: [0, 0] },
  { state: 'taken_overdue', count: 2, daysAgo: [7, 10] },
  { state: 'answered', count: 8, daysAgo: [1, 20] },
  { state: 'closed', count: 8, daysAgo: [10, 90] },
  { state: 'closed_knowledge', count: 6, daysAgo: [20, 120] },
  { state: 'withdrawn', count: 3, daysAgo: [3, 30] },
  { state: 'destroyed', count: 2, daysAgo: [800, 820] },
];

const STATUS: Record<DemoState, ConsultationStatus> = {
  waiting: 'open',
  waiting_overdue: 'open',
  unrouted: 'open',
  taken: 'taken',
  taken_overdue: 'taken',
  answered: 'taken',
  closed: 'closed',
  closed_knowledge: 'closed',
  withdrawn: 'withdrawn',
  destroyed: 'closed',
};

/**
 * Consultations of the demo: forty invented, de-identified questions asked by the partners' workers,
 * pivots and coordinators, routed to the pivots on duty, in every state (waiting, overdue and escalated,
 * unrouted, taken, answered, closed, withdrawn, turned into know-how, destroyed by retention).
 */
export const consultationsDemo: DemoLoader = {
  name: 'consultations',
  async load(platform: Platform, trx: Transaction<DB>, context) {
    const now = platform.now();
    const timeZone = platform.config.timeZone;
    const pivots = (await pivotsOnDuty(trx, localDay(now, timeZone))).filter((p) => !p.absent);
    const askers = context.people.filter(
      (p) => p.status === 'active' && p.roles.some((r) => r === 'worker' || r === 'org_coordinator'),
    );
    if (pivots.length < 2 || askers.length === 0) return 'no consultations (no pivots on duty or no workers)';
    // The demo account pivot@cjtl.test has consultations waiting for it: the journey "a worker asks, that
    // pivot takes and answers" is done with the demo accounts.
    const demoPivot = context.people.find((p) => p.email === DEMO_PIVOT_EMAIL);
    const pick = <T>(list: readonly T[]) => list[Math.floor(context.random() * list.length)]!;
    let count = 0;
    let knowledge = 0;
    for (const { state, count: howMany, daysAgo } of PLAN) {
      for (let n = 0; n < howMany; n++) {
        const situation = SITUATIONS[count % SITUATIONS.length]!;
        const asker = askers[count % askers.length]!;
        const others = pivots.filter((p) => p.person_id !== asker.id);
        const own = others.filter((p) => p.organisation_id === asker.organisationId);
        let recipients =
          state === 'unrouted' ? [] : [...own, ...others.filter((p) => !own.includes(p))].slice(0, 3);
        const waitsForDemoPivot = others.find((p) => p.person_id === demoPivot?.id);
        if ((state === 'waiting' || state === 'waiting_overdue') && waitsForDemoPivot)
          recipients = [waitsForDemoPivot, ...recipients.filter((p) => p !== waitsForDemoPivot)].slice(0, 3);
        const lead = recipients[0] ?? pick(others);
        const urgency: ConsultationUrgency = count % 4 === 0 ? 'urgent' : 'normal';
        const days = daysAgo[0] + Math.floor(context.random() * (daysAgo[1] - daysAgo[0] + 1));
        const createdAt = new Date(now.getTime() - days * DAY - (2 + (count % 5)) * HOUR);
        const due = dueAt(
          createdAt,
          urgency,
          {
            urgentDueHours: CONSULTATION_SETTING_DEFAULTS.urgentDueHours,
            normalDueDays: CONSULTATION_SETTING_DEFAULTS.normalDueDays,
          },
          timeZone,
        );
        const status = STATUS[state];
        const taken = status !== 'open' && status !== 'withdrawn';
        const takenAt = taken ? new Date(createdAt.getTime() + (1 + (count % 6)) * HOUR) : null;
        const answers = ['answered', 'closed', 'closed_knowledge', 'destroyed'].includes(state);
        const firstAnswerAt = answers ? new Date(takenAt!.getTime() + 30 * 60_000) : null;
        const closedAt =
          status === 'closed' ? new Date(firstAnswerAt!.getTime() + (2 + (count % 3)) * DAY) : null;
        const overdue = state === 'waiting_overdue' || state === 'taken_overdue';
        const destroyed = state === 'destroyed';
        const id = crypto.randomUUID();
        let knowledgeId: string | null = null;
        if (state === 'closed_knowledge') {
          knowledgeId = crypto.randomUUID();
          await trx
            .insertInto('consultation_knowledge')
            .values({
              id: knowledgeId,
              question: situation.knowledge.question,
              answer: situation.knowledge.answer,
              tags: situation.expertise,
              language: 'fr',
              author_person_id: lead.person_id,
              author_organisation_id: lead.organisation_id,
              created_at: closedAt!,
              updated_at: closedAt!,
              updated_by: lead.person_id,
            })
            .execute();
          knowledge += 1;
        }
        await trx
          .insertInto('consultations')
          .values({
            id,
            asker_person_id: destroyed ? null : asker.id,
            asker_organisation_id: asker.organisationId,
            age_range: situation.ageRange,
            gender: situation.gender,
            setting: situation.setting,
            urgency,
            language: 'fr',
            target_kind: 'automatic',
            expertise: situation.expertise,
            sealed_texts: destroyed
              ? null
              : platform.keyring.encrypt(
                  JSON.stringify({
                    observed: situation.observed,
                    tried: situation.tried,
                    question: situation.question,
                  }),
                  textsContext(id),
                ),
            status,
            unrouted: state === 'unrouted',
            lead_person_id: taken && !destroyed ? lead.person_id : null,
            lead_organisation_id: taken ? lead.organisation_id : null,
            sealed_summary:
              status === 'closed' && !destroyed
                ? platform.keyring.encrypt(situation.summary, summaryContext(id))
                : null,
            knowledge_id: knowledgeId,
            created_at: createdAt,
            due_at: due,
            taken_at: takenAt,
            first_answer_at: firstAnswerAt,
            escalated_at: overdue ? new Date(due.getTime() + 15 * 60_000) : null,
            closed_at: closedAt,
            withdrawn_at: status === 'withdrawn' ? new Date(createdAt.getTime() + 2 * HOUR) : null,
            destroyed_at: destroyed ? new Date(closedAt!.getTime() + 731 * DAY) : null,
            updated_at: closedAt ?? takenAt ?? createdAt,
          })
          .execute();
        if (!destroyed && recipients.length > 0)
          await trx
            .insertInto('consultation_recipients')
            .values(
              recipients.map((r, index) => ({
                consultation_id: id,
                person_id: r.person_id,
                organisation_id: r.organisation_id,
                rank: index + 1,
                notified_at: createdAt,
              })),
            )
            .execute();
        if (taken && !destroyed) {
          await trx
            .insertInto('consultation_participants')
            .values({
              consultation_id: id,
              person_id: lead.person_id,
              organisation_id: lead.organisation_id,
              added_at: takenAt!,
              added_by: lead.person_id,
            })
            .execute();
          if (answers) {
            const thread: Array<{ side: 'asker' | 'pivot'; at: Date; body: string }> = [
              { side: 'pivot', at: firstAnswerAt!, body: situation.answer },
              {
                side: 'asker',
                at: new Date(firstAnswerAt!.getTime() + 2 * HOUR),
                body: 'Merci, c’est très utile. Je vous redonne des nouvelles après la rencontre.',
              },
            ];
            for (const message of thread) {
              const messageId = crypto.randomUUID();
              await trx
                .insertInto('consultation_messages')
                .values({
                  id: messageId,
                  consultation_id: id,
                  author_person_id: message.side === 'pivot' ? lead.person_id : asker.id,
                  author_side: message.side,
                  at: message.at,
                  sealed_body: platform.keyring.encrypt(message.body, messageContext(messageId)),
                })
                .execute();
            }
          }
        }
        count += 1;
      }
    }
    return `${count} consultations (every state), ${knowledge} know-how entries`;
  },
};

/** The invented texts of the demo, for the test that checks they pass the de-identification checker. */
export const DEMO_TEXTS: readonly string[] = SITUATIONS.flatMap((s) => [
  s.observed,
  s.tried,
  s.question,
  s.answer,
  s.summary,
  s.knowledge.question,
  s.knowledge.answer,
]);
