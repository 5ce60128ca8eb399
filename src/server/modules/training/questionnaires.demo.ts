import type { DemoLoader } from '../../demo/demo-modules.js';
import { insertResponse } from './answers.repository.js';
import { confirmedPeopleOf } from './evaluations.repository.js';
import { regionDate } from './questionnaire.rules.js';
import {
  insertQuestionnaire,
  listQuestions,
  type QuestionInsert,
  replaceQuestions,
  updateQuestionnaire,
} from './questionnaire-design.repository.js';
import type { QuestionOption } from './questionnaires.table.js';
import { sessionsWithEvaluations } from './results.repository.js';

/**
 * Fictional evaluations and needs surveys: the default evaluation questionnaire, answers to it for the
 * sessions already given (a few participants left to answer, so the demo can show the form), a closed
 * needs survey with its results and an open one.
 */

const YES_NO: QuestionOption[] = [
  { key: 'yes', fr: 'Oui', en: 'Yes' },
  { key: 'no', fr: 'Non', en: 'No' },
];

const EVALUATION_QUESTIONS: QuestionInsert[] = [
  {
    type: 'scale',
    required: true,
    text_fr: 'Satisfaction générale envers la formation',
    text_en: 'Overall satisfaction with the course',
    options: [],
  },
  {
    type: 'scale',
    required: true,
    text_fr: 'Les contenus sont utiles à ma pratique',
    text_en: 'The content is useful to my practice',
    options: [],
  },
  {
    type: 'scale',
    required: true,
    text_fr: 'Qualité de l’animation',
    text_en: 'Quality of the facilitation',
    options: [],
  },
  {
    type: 'single',
    required: true,
    text_fr: 'Recommanderiez-vous cette formation à un·e collègue?',
    text_en: 'Would you recommend this course to a colleague?',
    options: YES_NO,
  },
  {
    type: 'multiple',
    required: false,
    text_fr: 'Quels contenus vous ont été les plus utiles?',
    text_en: 'Which content was most useful to you?',
    options: [
      { key: 'signs', fr: 'Signes de recrutement', en: 'Signs of recruitment' },
      { key: 'cases', fr: 'Études de cas fictives', en: 'Fictional case studies' },
      { key: 'network', fr: 'Le réseau des pivots', en: 'The pivot network' },
      { key: 'law', fr: 'Cadre légal', en: 'Legal framework' },
    ],
  },
  {
    type: 'long_text',
    required: false,
    text_fr: 'Commentaires et suggestions',
    text_en: 'Comments and suggestions',
    options: [],
  },
];

const SURVEY_QUESTIONS: QuestionInsert[] = [
  {
    type: 'multiple',
    required: true,
    text_fr: 'Sur quels thèmes votre équipe a-t-elle besoin de formation?',
    text_en: 'On which topics does your team need training?',
    options: [
      { key: 'online', fr: 'Cyberprédation et sextorsion', en: 'Online predation and sextortion' },
      { key: 'boys', fr: 'Vulnérabilité des garçons', en: 'Vulnerability of boys' },
      { key: 'pimps', fr: 'Intervention auprès des proxénètes', en: 'Intervening with pimps' },
      { key: 'basics', fr: 'Formation de base pour le nouveau personnel', en: 'Core course for new staff' },
    ],
  },
  {
    type: 'scale',
    required: true,
    text_fr: 'Urgence du besoin dans votre équipe',
    text_en: 'Urgency of the need in your team',
    options: [],
  },
  {
    type: 'single',
    required: true,
    text_fr: 'Format préféré',
    text_en: 'Preferred format',
    options: [
      { key: 'person', fr: 'En présence', en: 'In person' },
      { key: 'online', fr: 'En ligne', en: 'Online' },
      { key: 'either', fr: 'L’un ou l’autre', en: 'Either' },
    ],
  },
  {
    type: 'short_text',
    required: false,
    text_fr: 'Un besoin que nous n’avons pas nommé?',
    text_en: 'A need we did not name?',
    options: [],
  },
];

type Answer = { questionId: string; scale: number | null; choices: string[] | null; text: string | null };

const EVALUATION_COMMENTS = [
  'Très concret, les études de cas fictives étaient éclairantes.',
  'J’aurais aimé plus de temps pour les échanges entre partenaires.',
  'Formation utile, je sais maintenant qui appeler.',
  'Les exemples de codes utilisés en ligne m’ont ouvert les yeux.',
  'Rythme un peu rapide en après-midi.',
];
const SURVEY_NEEDS = ['Intervention en milieu scolaire', 'Accueil des familles', 'Jeunes en hébergement'];

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export const questionnairesDemo: DemoLoader = {
  name: 'questionnaires',
  async load(platform, trx, context) {
    const random = context.random;
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const now = platform.now();
    const today = regionDate(now, platform.config.timeZone);
    const organisations = new Map(context.organisations.map((o) => [o.id, o]));
    const people = new Map(context.people.map((p) => [p.id, p]));
    const respondent = (personId: string) => {
      const organisation = organisations.get(people.get(personId)?.organisationId ?? '');
      return { organisation_id: organisation?.id ?? null, organisation_type: organisation?.type ?? 'other' };
    };

    // -- The default evaluation, used by every course without its own.
    const evaluationId = await insertQuestionnaire(trx, {
      kind: 'evaluation',
      title_fr: 'Évaluation d’une session de formation (fictive)',
      title_en: 'Training session evaluation (fictional)',
      intro_fr:
        'Vos réponses sont regroupées avec celles des autres participant·e·s : votre nom n’est jamais montré.',
      intro_en: 'Your answers are grouped with the other participants’: your name is never shown.',
      is_default: true,
      opens_on: null,
      closes_on: null,
      target_types: [],
      created_by: null,
    });
    await replaceQuestions(trx, evaluationId, EVALUATION_QUESTIONS);
    const evaluationQuestions = await listQuestions(trx, evaluationId);

    // -- Answers for the sessions already given; about a quarter of participants have not answered yet.
    let evaluations = 0;
    const past = await sessionsWithEvaluations(trx, { trainerId: null }, now);
    for (const session of past) {
      const participants = await confirmedPeopleOf(trx, session.id);
      for (const personId of participants) {
        if (random() < 0.25) continue;
        const answers = evaluationQuestions.flatMap((q): Answer[] => {
          if (q.type === 'scale')
            return [{ questionId: q.id, scale: 3 + Math.floor(random() * 3), choices: null, text: null }];
          if (q.type === 'single')
            return [{ questionId: q.id, scale: null, choices: [random() < 0.9 ? 'yes' : 'no'], text: null }];
          if (q.type === 'multiple') {
            const chosen = q.options.filter(() => random() < 0.5).map((o) => o.key);
            return chosen.length ? [{ questionId: q.id, scale: null, choices: chosen, text: null }] : [];
          }
          return random() < 0.5
            ? [{ questionId: q.id, scale: null, choices: null, text: pick(EVALUATION_COMMENTS) }]
            : [];
        });
        const ended = session.last_end ? new Date(session.last_end) : now;
        await insertResponse(
          trx,
          {
            questionnaire_id: evaluationId,
            person_id: personId,
            session_id: session.id,
            course_id: session.course_id,
            ...respondent(personId),
            submitted_at: new Date(ended.getTime() + (1 + Math.floor(random() * 5)) * 86_400_000),
          },
          answers,
        );
        evaluations += 1;
      }
    }

    // -- Needs surveys: last spring's (closed, with answers) and this season's (open).
    const partnerTypes = [
      'police',
      'youth_protection',
      'health_social_services',
      'school_service_centre',
      'community',
    ];
    const surveyQuestionsOf = async (id: string) => {
      await replaceQuestions(trx, id, SURVEY_QUESTIONS);
      return listQuestions(trx, id);
    };
    const closedId = await insertQuestionnaire(trx, {
      kind: 'survey',
      title_fr: 'Besoins de formation des partenaires (sondage fictif, printemps)',
      title_en: 'Partners’ training needs (fictional survey, spring)',
      intro_fr: 'Aidez la table à planifier les formations de l’an prochain.',
      intro_en: 'Help the table plan next year’s courses.',
      is_default: false,
      opens_on: addDays(today, -120),
      closes_on: addDays(today, -90),
      target_types: partnerTypes,
      created_by: null,
    });
    await updateQuestionnaire(trx, closedId, { opened_at: new Date(now.getTime() - 120 * 86_400_000) }, now);
    const closedQuestions = await surveyQuestionsOf(closedId);
    const eligible = context.people.filter(
      (p) => p.status === 'active' && partnerTypes.includes(organisations.get(p.organisationId)?.type ?? ''),
    );
    let surveyAnswers = 0;
    for (const person of eligible) {
      if (random() < 0.6) continue;
      const answers = closedQuestions.flatMap((q): Answer[] => {
        if (q.type === 'multiple') {
          const chosen = q.options.filter(() => random() < 0.45).map((o) => o.key);
          return [
            {
              questionId: q.id,
              scale: null,
              choices: chosen.length ? chosen : [q.options[0]!.key],
              text: null,
            },
          ];
        }
        if (q.type === 'scale')
          return [{ questionId: q.id, scale: 2 + Math.floor(random() * 4), choices: null, text: null }];
        if (q.type === 'single')
          return [{ questionId: q.id, scale: null, choices: [pick(q.options).key], text: null }];
        return random() < 0.3
          ? [{ questionId: q.id, scale: null, choices: null, text: pick(SURVEY_NEEDS) }]
          : [];
      });
      await insertResponse(
        trx,
        {
          questionnaire_id: closedId,
          person_id: person.id,
          session_id: null,
          course_id: null,
          ...respondent(person.id),
          submitted_at: new Date(now.getTime() - (95 + Math.floor(random() * 20)) * 86_400_000),
        },
        answers,
      );
      surveyAnswers += 1;
    }

    const openId = await insertQuestionnaire(trx, {
      kind: 'survey',
      title_fr: 'Besoins en cyberprédation (sondage fictif, automne)',
      title_en: 'Needs on online predation (fictional survey, autumn)',
      intro_fr: 'Quelques minutes pour orienter la prochaine session sur la cyberprédation.',
      intro_en: 'A few minutes to shape the next online-predation session.',
      is_default: false,
      opens_on: addDays(today, -5),
      closes_on: addDays(today, 25),
      target_types: partnerTypes,
      created_by: null,
    });
    await surveyQuestionsOf(openId);
    await updateQuestionnaire(trx, openId, { opened_at: new Date(now.getTime() - 5 * 86_400_000) }, now);

    return `${evaluations} evaluations of ${past.length} past sessions, 2 needs surveys (${surveyAnswers} answers to the closed one)`;
  },
};
