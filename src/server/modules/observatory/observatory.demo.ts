import { type Insertable, sql, type Transaction } from 'kysely';
import {
  AGE_RANGES,
  EXPLOITER_PROFILES,
  MODUS_OPERANDI,
  OBSERVED_GENDERS,
  PLACE_TYPES,
  RECRUITMENT_METHODS,
} from '../../../shared/contracts/observatory.values.js';
import type { DemoLoader } from '../../demo/demo-modules.js';
import type { DB } from '../../platform/db/schema.js';
import type { Platform } from '../../platform/platform.js';
import { observationTextContext } from './observatory.fields.js';
import { addMonths, currentMonth, facetsOf, monthStart } from './observatory.rules.js';
import type { ObservationFacetsTable, ObservationsTable } from './observatory.table.js';

/**
 * Forty invented terms (none is real slang: the demo must teach nothing to anyone), with a meaning in
 * French and in English; the first thirty are published, the next six proposed, the last four retired.
 */
const TERMS: Array<[term: string, fr: string, en: string]> = [
  [
    'lanterne verte',
    'Invitation fictive à une soirée organisée par un recruteur.',
    'Made-up invitation to a party a recruiter organises.',
  ],
  ['tournée bleue', 'Déplacements fictifs d’une ville à l’autre.', 'Made-up moves from one city to another.'],
  ['panier doux', 'Cadeaux fictifs offerts pour créer une dette.', 'Made-up gifts given to create a debt.'],
  [
    'la marraine',
    'Recruteuse fictive plus âgée qui se présente comme une amie.',
    'Made-up older recruiter who poses as a friend.',
  ],
  ['carte-soleil', 'Code fictif pour un rendez-vous à l’hôtel.', 'Made-up code for a hotel appointment.'],
  ['zèbre', 'Terme fictif pour un nouveau contact en ligne.', 'Made-up term for a new online contact.'],
  ['pain chaud', 'Code fictif pour de l’argent comptant.', 'Made-up code for cash.'],
  [
    'escalier',
    'Terme fictif pour monter dans la hiérarchie d’un réseau.',
    'Made-up term for rising in a network.',
  ],
  ['plume', 'Code fictif pour une annonce en ligne.', 'Made-up code for an online ad.'],
  [
    'boussole',
    'Terme fictif pour la personne qui organise les trajets.',
    'Made-up term for the person who organises trips.',
  ],
  ['petit nuage', 'Code fictif pour une substance offerte.', 'Made-up code for a substance offered.'],
  ['quota lune', 'Terme fictif pour un objectif imposé.', 'Made-up term for an imposed target.'],
  ['la cabane', 'Lieu fictif d’hébergement offert.', 'Made-up place of housing offered.'],
  [
    'rouge-gorge',
    'Terme fictif pour une jeune nouvellement approchée.',
    'Made-up term for a newly approached girl.',
  ],
  [
    'grand frère',
    'Terme fictif pour un recruteur qui joue le protecteur.',
    'Made-up term for a recruiter who plays protector.',
  ],
  ['ticket doré', 'Promesse fictive d’emploi bien payé.', 'Made-up promise of a well-paid job.'],
  ['miroir', 'Code fictif pour des photos demandées.', 'Made-up code for photos requested.'],
  ['cadenas', 'Terme fictif pour le contrôle du téléphone.', 'Made-up term for phone control.'],
  ['fusée', 'Code fictif pour un départ immédiat.', 'Made-up code for leaving at once.'],
  ['sac à dos', 'Terme fictif pour une fugue préparée.', 'Made-up term for a planned runaway.'],
  ['la ferme', 'Lieu fictif de rassemblement.', 'Made-up gathering place.'],
  ['bonbon bleu', 'Code fictif pour une pilule offerte.', 'Made-up code for a pill offered.'],
  ['caméléon', 'Terme fictif pour un faux profil.', 'Made-up term for a fake profile.'],
  ['horloge', 'Terme fictif pour un horaire imposé.', 'Made-up term for an imposed schedule.'],
  [
    'pont-levis',
    'Code fictif pour couper les liens avec la famille.',
    'Made-up code for cutting family ties.',
  ],
  ['coquillage', 'Terme fictif pour un cellulaire fourni.', 'Made-up term for a phone provided.'],
  ['manège', 'Code fictif pour une rotation d’hôtels.', 'Made-up code for hotel rotation.'],
  ['étoile filante', 'Terme fictif pour une jeune déplacée souvent.', 'Made-up term for a girl moved often.'],
  ['chocolat chaud', 'Code fictif pour une dette à rembourser.', 'Made-up code for a debt to repay.'],
  ['passe-partout', 'Terme fictif pour un intermédiaire.', 'Made-up term for a go-between.'],
  ['tapis volant', 'Code fictif pour un transport offert.', 'Made-up code for a ride offered.'],
  ['colibri', 'Terme fictif pour une messagère.', 'Made-up term for a messenger.'],
  ['la vitrine', 'Code fictif pour une page de profils.', 'Made-up code for a page of profiles.'],
  ['sablier', 'Terme fictif pour un délai de paiement.', 'Made-up term for a payment deadline.'],
  ['cerf-volant', 'Code fictif pour une sortie surveillée.', 'Made-up code for a watched outing.'],
  [
    'lucioles',
    'Terme fictif pour un groupe de jeunes recrutées.',
    'Made-up term for a group of recruited girls.',
  ],
  ['vieux grenier', 'Ancien lieu fictif, abandonné.', 'Former made-up place, abandoned.'],
  ['papillon gris', 'Ancien code fictif, plus entendu.', 'Former made-up code, no longer heard.'],
  ['train de nuit', 'Ancien code fictif de déplacement.', 'Former made-up travel code.'],
  ['moulin', 'Ancien terme fictif pour un lieu de rencontre.', 'Former made-up term for a meeting place.'],
];

const PLATFORMS = [
  'Messagerie Alpha (fictive)',
  'Réseau Bêta (fictif)',
  'Photos Gamma (fictif)',
  'Forum Delta (fictif)',
];

const TEXTS = [
  'Plusieurs jeunes parlent d’invitations à des soirées par des personnes plus âgées.',
  'Des cadeaux sont offerts puis présentés comme une dette à rembourser.',
  'Les contacts commencent en ligne puis se déplacent vers une messagerie privée.',
  'Des jeunes évoquent des déplacements vers d’autres villes pour la fin de semaine.',
  'Un recruteur se présente comme un grand frère protecteur auprès de garçons.',
  'Des offres d’emploi trop belles circulent dans les réseaux de l’école.',
];

function pick<T>(random: () => number, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)]!;
}

function some<T>(random: () => number, values: readonly T[], max: number): T[] {
  const count = 1 + Math.floor(random() * max);
  return [...new Set(Array.from({ length: count }, () => pick(random, values)))];
}

/**
 * The observatory of the demo: 300 observations over three years by the demo organisations' pivots
 * (spread over months, place types and methods; some with free text waiting for review, some verified),
 * 40 invented glossary terms, four platforms and one research question.
 */
export const observatoryDemo: DemoLoader = {
  name: 'observatory',
  async load(platform: Platform, trx: Transaction<DB>, context) {
    const now = platform.now();
    const random = context.random;
    const pivots = context.people.filter((p) => p.roles.includes('pivot') && p.status === 'active');
    const table = context.people.find((p) => p.roles.includes('table_coordinator'));
    const researcher = context.people.find((p) => p.roles.includes('researcher'));
    if (pivots.length === 0) return 'no observations (no pivot)';

    const platformIds: string[] = [];
    for (const name of PLATFORMS) {
      const id = crypto.randomUUID();
      platformIds.push(id);
      await trx
        .insertInto('observatory_platforms')
        .values({ id, name, created_by: table?.id ?? null, created_at: now, updated_at: now })
        .execute();
    }

    const thisMonth = currentMonth(now, platform.config.timeZone);
    const observations: Array<
      Insertable<ObservationsTable> & {
        month: string;
        place_type: string;
        organisation_id: string;
        code_words: string[];
      }
    > = [];
    const facets: Array<Insertable<ObservationFacetsTable>> = [];
    let pending = 0;
    for (let index = 0; index < 300; index += 1) {
      const id = crypto.randomUUID();
      const pivot = pivots[index % pivots.length]!;
      const month = addMonths(thisMonth, -Math.floor(random() * 36));
      const placeType = pick(random, PLACE_TYPES);
      const platformId = placeType === 'online' ? pick(random, platformIds) : null;
      const withText = index % 5 === 0;
      const textStatus = withText ? (index % 15 === 0 ? 'pending' : 'approved') : 'none';
      if (textStatus === 'pending') pending += 1;
      const row = {
        id,
        organisation_id: pivot.organisationId,
        author_id: pivot.id,
        month: monthStart(month),
        place_type: placeType,
        platform_id: platformId,
        recruitment_methods: some(random, RECRUITMENT_METHODS, 2),
        modus_operandi: some(random, MODUS_OPERANDI, 3),
        code_words: index % 4 === 0 ? [TERMS[index % 36]![0]] : [],
        age_ranges: some(random, AGE_RANGES.slice(1, 4), 2),
        genders: some(random, OBSERVED_GENDERS, 2),
        exploiter_profiles: some(random, EXPLOITER_PROFILES, 2),
        girls_seen: random() < 0.6 ? Math.floor(random() * 6) : null,
        boys_seen: random() < 0.4 ? Math.floor(random() * 3) : null,
        sealed_text: withText
          ? platform.keyring.encrypt(pick(random, TEXTS), observationTextContext(id))
          : null,
        text_status: textStatus as 'none' | 'pending' | 'approved',
        text_submitted_at: withText ? now : null,
        text_reviewed_at: textStatus === 'approved' ? now : null,
        text_reviewed_by: textStatus === 'approved' ? (table?.id ?? null) : null,
        verification: (index % 7 === 0 ? 'verified' : 'pending') as 'verified' | 'pending',
        verified_at: index % 7 === 0 ? now : null,
        verified_by: index % 7 === 0 ? (table?.id ?? null) : null,
        // Recorded in the weeks after the month observed, as pivots do (never after today).
        created_at: new Date(Math.min(now.getTime(), Date.parse(`${month}-20T15:00:00Z`) + 30 * 86_400_000)),
        updated_at: now,
      };
      observations.push(row);
      for (const facet of facetsOf({
        placeType,
        platformId,
        recruitmentMethods: row.recruitment_methods,
        modusOperandi: row.modus_operandi,
        ageRanges: row.age_ranges,
        genders: row.genders,
      }))
        facets.push({
          observation_id: id,
          organisation_id: row.organisation_id,
          month: row.month,
          created_at: row.created_at,
          ...facet,
        });
    }
    await trx.insertInto('observations').values(observations).execute();
    await trx.insertInto('observation_facets').values(facets).execute();
    const counts = new Map<
      string,
      { dimension: string; month: string; value: string; organisation_id: string; n: number }
    >();
    for (const f of facets) {
      const key = [f.dimension, f.month, f.value, f.organisation_id].join('|');
      const row = counts.get(key) ?? {
        dimension: f.dimension,
        month: f.month,
        value: f.value,
        organisation_id: f.organisation_id,
        n: 0,
      };
      row.n += 1;
      counts.set(key, row);
    }
    await trx
      .insertInto('observation_counts')
      .values([...counts.values()])
      .onConflict((oc) =>
        oc
          .columns(['dimension', 'month', 'value', 'organisation_id'])
          .doUpdateSet({ n: sql`observation_counts.n + excluded.n` }),
      )
      .execute();

    await trx
      .insertInto('glossary_terms')
      .values(
        TERMS.map(([term, fr, en], index) => {
          const heard = observations.filter((o) => o.code_words.includes(term));
          const months = heard.map((o) => o.month).sort();
          return {
            term,
            language: index % 9 === 8 ? 'en' : 'fr',
            meaning_fr: fr,
            meaning_en: en,
            place_types: [...new Set(heard.map((o) => o.place_type))].sort(),
            first_seen: months[0] ?? monthStart(addMonths(thisMonth, -40)),
            last_seen: months[months.length - 1] ?? monthStart(addMonths(thisMonth, -30)),
            sightings: heard.length,
            status: index < 30 ? 'published' : index < 36 ? 'proposed' : 'retired',
            first_published_at: index < 30 || index >= 36 ? now : null,
            created_by: table?.id ?? null,
            created_at: now,
            updated_at: now,
          } as const;
        }),
      )
      .execute();

    if (researcher) {
      await trx
        .insertInto('research_questions')
        .values({
          researcher_id: researcher.id,
          title: 'Saisonnalité du recrutement (question fictive)',
          body: 'Le recrutement en ligne augmente-t-il pendant les vacances d’été ? Nous proposons une analyse des tendances sur trois ans.',
          created_at: now,
        })
        .execute();
    }
    return `300 observations over three years (${pending} texts pending review), ${TERMS.length} glossary terms, ${PLATFORMS.length} platforms${researcher ? ', 1 research question' : ''}`;
  },
};
