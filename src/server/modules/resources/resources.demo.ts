import type { Transaction } from 'kysely';
import { RESOURCE_TAXONOMY, type ResourceTaxonomy } from '../../../shared/contracts/resources.values.js';
import type { DemoLoader } from '../../demo/demo-modules.js';
import type { DB } from '../../platform/db/schema.js';
import type { Platform } from '../../platform/platform.js';
import { addressContext } from './resources.fields.js';

const DAY_MS = 86_400_000;

/** Fictional organisations that give services: `keeper` names a demo partner (its key), or the table. */
const ORGANISATIONS: Array<{ name: string; keeper: string | null; city: string }> = [
  { name: 'Maison fictive des Saules', keeper: 'maison', city: 'Villefictive' },
  { name: 'Refuge fictif L’Escale', keeper: 'cal', city: 'Portfictif' },
  { name: 'Centre fictif de santé Les Érables', keeper: 'ciusss', city: 'Villefictive' },
  { name: 'Travail de rue fictif Le Phare', keeper: 'rue', city: 'Villefictive' },
  { name: 'Service jeunesse fictif du Littoral', keeper: 'dpj', city: 'Portfictif' },
  { name: 'Clinique fictive Boussole', keeper: null, city: 'Montfictif' },
  { name: 'Association fictive des parents Trait d’union', keeper: null, city: 'Villefictive' },
  { name: 'Ligne d’écoute fictive Minuit', keeper: null, city: 'Villefictive' },
  { name: 'Aide juridique fictive Balance', keeper: null, city: 'Montfictif' },
  { name: 'Carrefour fictif Emploi-Jeunes', keeper: null, city: 'Portfictif' },
  { name: 'Centre culturel fictif Mosaïque', keeper: null, city: 'Villefictive' },
  { name: 'Banque alimentaire fictive Le Panier', keeper: null, city: 'Montfictif' },
];

/** A word per taxonomy code for the fictional service names. */
const SERVICE_NAMES: Record<ResourceTaxonomy, [string, string]> = {
  safe_place: ['Hébergement sûr', 'Safe shelter'],
  therapy: ['Thérapie individuelle', 'Individual therapy'],
  sexology: ['Consultation en sexologie', 'Sexology consultation'],
  parent_support: ['Groupe de soutien aux parents', 'Parent support group'],
  boys: ['Programme pour garçons', 'Programme for boys'],
  legal_accompaniment: ['Accompagnement à la cour', 'Court accompaniment'],
  health: ['Clinique jeunesse', 'Youth clinic'],
  sexual_health: ['Dépistage et santé sexuelle', 'Testing and sexual health'],
  addiction: ['Aide en dépendances', 'Addiction help'],
  housing: ['Logement de transition', 'Transitional housing'],
  crisis_line: ['Ligne de crise', 'Crisis line'],
  cyber_exploitation: ['Aide contre la cyberexploitation', 'Cyber-exploitation help'],
  trafficking: ['Soutien aux victimes de traite', 'Trafficking victims support'],
  education_employment: ['Retour aux études', 'Back to school'],
  basic_needs: ['Dépannage alimentaire', 'Food help'],
  cultural_community: ['Accueil communautaire', 'Community welcome'],
};

const SERVICE_COUNT = 60;

/**
 * The directory's demo data: about 60 fictional services over the whole taxonomy, three safe places
 * with their free places and sealed addresses, phones and hours, and some entries left stale.
 */
export const resourcesDemo: DemoLoader = {
  name: 'resources',
  async load(platform: Platform, trx: Transaction<DB>, context) {
    const now = platform.now();
    const partner = (key: string | null) =>
      key === null ? null : (context.organisations.find((o) => o.key === key)?.id ?? null);
    const organisations: Array<{ id: string; keeper: string | null; city: string; location: string }> = [];
    for (const [index, o] of ORGANISATIONS.entries()) {
      const keeper = partner(o.keeper);
      const row = await trx
        .insertInto('resource_organisations')
        .values({
          name: o.name,
          keeper_organisation_id: keeper,
          partner_organisation_id: keeper,
          description_fr: `${o.name} : organisme fictif créé pour la démonstration.`,
          description_en: `${o.name}: a fictional organisation made up for the demo.`,
          website: `https://exemple.invalid/${index + 1}`,
          public: index % 5 !== 4,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const location = await trx
        .insertInto('resource_locations')
        .values({
          organisation_id: row.id,
          name: o.name,
          address_1: `${100 + index * 7} rue Fictive`,
          city: o.city,
          postal_code: 'H0H 0H0',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      organisations.push({ id: row.id, keeper, city: o.city, location: location.id });
    }

    let stale = 0;
    const safePlaces: string[] = [];
    for (let i = 0; i < SERVICE_COUNT; i += 1) {
      const drawn = RESOURCE_TAXONOMY[i % RESOURCE_TAXONOMY.length]!;
      // Three safe places, kept by partners (the house, the shelter, the health centre).
      const isSafePlace = drawn === 'safe_place' && safePlaces.length < 3;
      const code: ResourceTaxonomy = drawn === 'safe_place' && !isSafePlace ? 'housing' : drawn;
      const owner = isSafePlace
        ? organisations[safePlaces.length]!
        : organisations[i % organisations.length]!;
      const second = RESOURCE_TAXONOMY[(i * 7 + 3) % RESOURCE_TAXONOMY.length]!;
      const taxonomy = [...new Set([code, ...(context.random() < 0.4 ? [second] : [])])];
      const [nameFr, nameEn] = SERVICE_NAMES[code];
      const old = !isSafePlace && i % 8 === 5;
      if (old) stale += 1;
      const confirmedDaysAgo = old
        ? 200 + Math.floor(context.random() * 200)
        : Math.floor(context.random() * 120);
      const minAge = code === 'parent_support' ? 18 : context.random() < 0.5 ? 12 : null;
      const service = await trx
        .insertInto('resource_services')
        .values({
          organisation_id: owner.id,
          keeper_organisation_id: owner.keeper,
          name_fr: `${nameFr} fictif ${i + 1}`,
          name_en: `Fictional ${nameEn.toLowerCase()} ${i + 1}`,
          description_fr: `Service fictif de démonstration : ${nameFr.toLowerCase()}.`,
          description_en: `A fictional demo service: ${nameEn.toLowerCase()}.`,
          taxonomy,
          audiences: code === 'parent_support' ? ['parents'] : i % 3 === 0 ? ['youth', 'workers'] : ['youth'],
          genders: code === 'boys' ? ['boys'] : isSafePlace && safePlaces.length === 0 ? ['girls'] : [],
          languages: i % 4 === 0 ? ['fr', 'en', 'es'] : ['fr', 'en'],
          min_age: minAge,
          max_age: minAge === 12 ? 24 : null,
          region: context.region,
          always_open: isSafePlace || code === 'crisis_line',
          safe_place: isSafePlace,
          public: !isSafePlace || safePlaces.length !== 1,
          accepts_referrals: owner.keeper !== null,
          confirmed_at: new Date(now.getTime() - confirmedDaysAgo * DAY_MS),
          created_at: new Date(now.getTime() - (confirmedDaysAgo + 30) * DAY_MS),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('resource_phones')
        .values({
          service_id: service.id,
          number: `555-01${String(i).padStart(2, '0')}`,
          kind: code === 'crisis_line' ? 'hotline' : 'voice',
        })
        .execute();
      if (!isSafePlace && code !== 'crisis_line')
        await trx
          .insertInto('resource_schedules')
          .values(
            [1, 2, 3, 4, 5].map((weekday) => ({
              service_id: service.id,
              weekday,
              opens_at: '09:00:00',
              closes_at: weekday === 4 ? '20:00:00' : '17:00:00',
            })),
          )
          .execute();
      if (isSafePlace) {
        const id = crypto.randomUUID();
        await trx
          .insertInto('resource_locations')
          .values({
            id,
            organisation_id: owner.id,
            name: `Maison sûre fictive ${safePlaces.length + 1}`,
            confidential: true,
            city: owner.city,
            sealed_address: platform.keyring.encrypt(
              JSON.stringify({
                address1: `${7 + safePlaces.length} chemin du Refuge-Fictif`,
                address2: null,
                postalCode: 'H0H 0H0',
                latitude: null,
                longitude: null,
              }),
              addressContext(id),
            ),
            front_gate_fr:
              'Appelez la ligne d’accueil fictive 555-0199; on vous donnera un point de rencontre.',
            front_gate_en: 'Call the fictional welcome line 555-0199; you will be given a meeting point.',
          })
          .execute();
        const maximum = [6, 4, 8][safePlaces.length]!;
        await trx
          .insertInto('resource_service_locations')
          .values({
            service_id: service.id,
            location_id: id,
            places_maximum: maximum,
            places_available: [2, 0, 5][safePlaces.length]!,
            capacity_updated_at: new Date(now.getTime() - (safePlaces.length + 1) * 3 * 3_600_000),
          })
          .execute();
        safePlaces.push(service.id);
      } else {
        await trx
          .insertInto('resource_service_locations')
          .values({
            service_id: service.id,
            location_id: owner.location,
          })
          .execute();
      }
    }
    return `${SERVICE_COUNT} fictional services (${safePlaces.length} safe places, ${stale} stale) from ${organisations.length} organisations`;
  },
};
