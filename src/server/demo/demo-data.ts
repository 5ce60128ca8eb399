import { sql, type Transaction } from 'kysely';
import type { OrganisationType, Role } from '../../shared/roles.js';
import { hashPassword } from '../platform/auth/passwords.js';
import { currentTotpCode, newTotpSecret } from '../platform/auth/totp.js';
import type { DB } from '../platform/db/schema.js';
import type { Platform } from '../platform/platform.js';
import { DEMO_MODULES, type DemoContext } from './demo-modules.js';

/** Shared by every demo account; printed at start and shown on the demo sign-in panel. */
export const DEMO_PASSWORD = 'Demonstration-du-Filet';

/** The fictional region of the demo. */
export const DEMO_REGION = 'Région des Trois-Lacs (fictive)';

interface DemoOrganisation {
  key: string;
  name: string;
  shortName: string;
  type: OrganisationType;
  domain: string;
}

const ORGANISATIONS: DemoOrganisation[] = [
  {
    key: 'police',
    name: 'Service de police de Val-des-Hérons',
    shortName: 'SPVH',
    type: 'police',
    domain: 'spvh.test',
  },
  {
    key: 'dpj',
    name: 'Centre jeunesse des Trois-Lacs (DPJ)',
    shortName: 'CJTL',
    type: 'youth_protection',
    domain: 'cjtl.test',
  },
  {
    key: 'ciusss',
    name: 'Centre intégré de santé et services sociaux des Trois-Lacs',
    shortName: 'CISSS-TL',
    type: 'health_social_services',
    domain: 'cisss-tl.test',
  },
  {
    key: 'css1',
    name: 'Centre de services scolaire des Grands-Pins',
    shortName: 'CSSGP',
    type: 'school_service_centre',
    domain: 'cssgp.test',
  },
  {
    key: 'css2',
    name: 'Centre de services scolaire de la Rivière-Claire',
    shortName: 'CSSRC',
    type: 'school_service_centre',
    domain: 'cssrc.test',
  },
  {
    key: 'maison',
    name: 'Maison d’hébergement L’Escale bleue',
    shortName: 'Escale bleue',
    type: 'community',
    domain: 'escalebleue.test',
  },
  {
    key: 'rue',
    name: 'Travail de rue Le Phare',
    shortName: 'Le Phare',
    type: 'community',
    domain: 'lephare.test',
  },
  {
    key: 'cal',
    name: 'Centre d’aide et de lutte contre les agressions (CALACS) des Trois-Lacs',
    shortName: 'CALACS-TL',
    type: 'community',
    domain: 'calacs-tl.test',
  },
  {
    key: 'univ',
    name: 'Équipe de recherche sur les trajectoires jeunesse, Université du Lac-Vert',
    shortName: 'ERTJ',
    type: 'research',
    domain: 'ulv.test',
  },
  {
    key: 'sq',
    name: 'Police provinciale, district des Trois-Lacs',
    shortName: 'PP-TL',
    type: 'provincial_police',
    domain: 'pp-tl.test',
  },
  {
    key: 'dpcp',
    name: 'Bureau des procureurs aux poursuites criminelles, Trois-Lacs',
    shortName: 'PPC-TL',
    type: 'crown_prosecution',
    domain: 'ppc-tl.test',
  },
  {
    key: 'ville',
    name: 'Ville de Val-des-Hérons, service des loisirs',
    shortName: 'VVH',
    type: 'other',
    domain: 'vvh.test',
  },
];

/** One account per role, with an obviously fictional name, that the demo panel lists. */
const DEMO_ACCOUNTS: Array<{
  email: string;
  given: string;
  family: string;
  org: string;
  roles: Role[];
  title: string;
}> = [
  {
    email: 'coordination@table.test',
    given: 'Aurélie',
    family: 'Demo-Coordination',
    org: 'ciusss',
    roles: ['table_coordinator'],
    title: 'Coordonnatrice de la table',
  },
  {
    email: 'pivot@cjtl.test',
    given: 'Mathis',
    family: 'Demo-Pivot',
    org: 'dpj',
    roles: ['pivot', 'worker'],
    title: 'Intervenant pivot',
  },
  {
    email: 'coordo@cjtl.test',
    given: 'Noémie',
    family: 'Demo-Coordo',
    org: 'dpj',
    roles: ['org_coordinator'],
    title: 'Coordonnatrice des pivots',
  },
  {
    email: 'intervenante@escalebleue.test',
    given: 'Léa',
    family: 'Demo-Intervenante',
    org: 'maison',
    roles: ['worker'],
    title: 'Intervenante',
  },
  {
    email: 'analyste@spvh.test',
    given: 'Jérôme',
    family: 'Demo-Analyste',
    org: 'police',
    roles: ['police_analyst'],
    title: 'Analyste',
  },
  {
    email: 'enqueteuse@spvh.test',
    given: 'Sabrina',
    family: 'Demo-Enquete',
    org: 'police',
    roles: ['investigator'],
    title: 'Enquêteuse',
  },
  {
    email: 'formateur@cisss-tl.test',
    given: 'Karim',
    family: 'Demo-Formation',
    org: 'ciusss',
    roles: ['trainer'],
    title: 'Formateur',
  },
  {
    email: 'recherche@ulv.test',
    given: 'Élodie',
    family: 'Demo-Recherche',
    org: 'univ',
    roles: ['researcher'],
    title: 'Chercheuse',
  },
  {
    email: 'prp@cisss-tl.test',
    given: 'Hugo',
    family: 'Demo-Confidentialite',
    org: 'ciusss',
    roles: ['privacy_officer'],
    title: 'Responsable des renseignements personnels',
  },
  {
    email: 'admin@filet.test',
    given: 'Camille',
    family: 'Demo-Admin',
    org: 'ciusss',
    roles: ['admin'],
    title: 'Administration technique',
  },
];
export const DEMO_ACCOUNT_EMAILS = DEMO_ACCOUNTS.map((a) => a.email);

const GIVEN = [
  'Alexis',
  'Amélie',
  'Antoine',
  'Béatrice',
  'Benoît',
  'Chloé',
  'Clément',
  'Delphine',
  'Éric',
  'Émilie',
  'Félix',
  'Florence',
  'Gabriel',
  'Geneviève',
  'Hélène',
  'Idris',
  'Isabelle',
  'Jasmine',
  'Julien',
  'Laurence',
  'Louis',
  'Maëlle',
  'Marc-André',
  'Mélodie',
  'Nadia',
  'Olivier',
  'Pascale',
  'Philippe',
  'Rosalie',
  'Samuel',
  'Sophie',
  'Thierry',
  'Valérie',
  'William',
  'Yasmine',
  'Zoé',
];
const FAMILY = [
  'Fictif',
  'Imaginaire',
  'Exemple',
  'Inventé',
  'Lavallée-Fictif',
  'Bouleau',
  'Sapinière',
  'Ruisseau',
  'Colline',
  'Héron',
  'Brise',
  'Lac-Clair',
  'Pruche',
  'Érablière',
  'Quenouille',
  'Mésange',
  'Huard',
  'Outarde',
  'Castor',
  'Rivard-Fictif',
];
const TITLES = [
  'Intervenant·e',
  'Travailleur·euse social·e',
  'Éducateur·trice',
  'Agent·e de relations humaines',
  'Psychoéducateur·trice',
  'Conseiller·ère',
];

/** A small deterministic generator: the demo is the same on every machine. */
function rng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export async function isDemoLoaded(platform: Platform): Promise<boolean> {
  const row = await platform.db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', 'demo')
    .executeTakeFirst();
  return Boolean(row);
}

export async function hasAnyPerson(platform: Platform): Promise<boolean> {
  return Boolean(await platform.db.selectFrom('people').select('id').limit(1).executeTakeFirst());
}

/**
 * Loads the fictional demo: a dozen partner organisations of every type in one invented region and
 * about 150 people with every role, all with `.test` addresses. Demo accounts share DEMO_PASSWORD and
 * have TOTP enrolled (their current code is shown by the demo panel). One transaction, audited.
 */
export async function loadDemoData(
  platform: Platform,
  onProgress: (message: string) => void = () => {},
): Promise<{ organisations: number; people: number }> {
  const random = rng(20261122);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return platform.db.transaction().execute(async (trx) => {
    const orgIds = new Map<string, string>();
    for (const org of ORGANISATIONS) {
      const row = await trx
        .insertInto('organisations')
        .values({ name: org.name, short_name: org.shortName, type: org.type, region: DEMO_REGION })
        .returning('id')
        .executeTakeFirstOrThrow();
      orgIds.set(org.key, row.id);
    }
    onProgress(`${ORGANISATIONS.length} organisations`);

    let people = 0;
    for (const account of DEMO_ACCOUNTS) {
      const person = await trx
        .insertInto('people')
        .values({
          organisation_id: orgIds.get(account.org)!,
          given_name: account.given,
          family_name: account.family,
          email: account.email,
          job_title: account.title,
          phone: `555-01${String(people).padStart(2, '0')}`,
          status: 'active',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('person_roles')
        .values(account.roles.map((role) => ({ person_id: person.id, role })))
        .execute();
      const secret = newTotpSecret();
      await trx
        .insertInto('credentials')
        .values({
          person_id: person.id,
          password_hash: passwordHash,
          totp_secret: platform.keyring.encrypt(secret, `credentials.totp_secret:${person.id}`),
          totp_enrolled_at: platform.now(),
        })
        .execute();
      people++;
    }

    // About 140 more members spread over the organisations, with roles that fit each type.
    const used = new Set(DEMO_ACCOUNTS.map((a) => a.email));
    const rows: Array<{
      values: {
        organisation_id: string;
        given_name: string;
        family_name: string;
        email: string;
        job_title: string;
        phone: string;
        status: 'active' | 'invited' | 'disabled';
      };
      roles: Role[];
    }> = [];
    for (const org of ORGANISATIONS) {
      const count = org.type === 'research' || org.type === 'crown_prosecution' ? 6 : 12;
      for (let i = 0; i < count; i++) {
        const given = GIVEN[Math.floor(random() * GIVEN.length)]!;
        const family = FAMILY[Math.floor(random() * FAMILY.length)]!;
        let email = `${slug(given)}.${slug(family)}@${org.domain}`;
        for (let n = 2; used.has(email); n++) email = `${slug(given)}.${slug(family)}${n}@${org.domain}`;
        used.add(email);
        const roles: Role[] = ['worker'];
        if (i < 3 && org.type !== 'research') roles.push('pivot');
        if (i === 3) roles.push('org_coordinator');
        if (org.type === 'police' || org.type === 'provincial_police') {
          roles.length = 0;
          roles.push(i % 3 === 0 ? 'police_analyst' : 'investigator');
          if (i < 2) roles.push('pivot');
          if (i === 3) roles.push('org_coordinator');
        }
        if (org.type === 'research') roles.splice(0, roles.length, 'researcher');
        if (i === 5 && org.type === 'health_social_services') roles.push('trainer');
        const status = i === count - 1 ? 'invited' : i === count - 2 ? 'disabled' : 'active';
        rows.push({
          values: {
            organisation_id: orgIds.get(org.key)!,
            given_name: given,
            family_name: family,
            email,
            job_title: TITLES[Math.floor(random() * TITLES.length)]!,
            phone: `555-${String(1000 + Math.floor(random() * 8999))}`,
            status,
          },
          roles,
        });
      }
    }
    const inserted = await trx
      .insertInto('people')
      .values(
        rows.map((r) => ({
          ...r.values,
          ...(r.values.status === 'disabled' ? { disabled_at: platform.now() } : {}),
        })),
      )
      .returning(['id', 'email'])
      .execute();
    const byEmail = new Map(inserted.map((r) => [r.email, r.id]));
    await trx
      .insertInto('person_roles')
      .values(rows.flatMap((r) => r.roles.map((role) => ({ person_id: byEmail.get(r.values.email)!, role }))))
      .execute();
    const withCredentials = rows.filter((r) => r.values.status !== 'invited');
    await trx
      .insertInto('credentials')
      .values(
        withCredentials.map((r) => ({
          person_id: byEmail.get(r.values.email)!,
          password_hash: passwordHash,
        })),
      )
      .execute();
    people += rows.length;
    onProgress(`${people} people`);
    await seedConsents(trx, platform.now());

    const context: DemoContext = {
      region: DEMO_REGION,
      random,
      organisations: ORGANISATIONS.map((org) => ({
        key: org.key,
        id: orgIds.get(org.key)!,
        name: org.name,
        type: org.type,
      })),
      people: await trx
        .selectFrom('people as p')
        .select([
          'p.id',
          'p.email',
          'p.organisation_id as organisationId',
          'p.status',
          sql<
            Role[]
          >`coalesce((select array_agg(r.role) from person_roles r where r.person_id = p.id), '{}')`.as(
            'roles',
          ),
        ])
        .execute(),
    };
    for (const loader of DEMO_MODULES) {
      const summary = await loader.load(platform, trx, context);
      onProgress(`${loader.name}: ${summary}`);
    }

    await trx
      .insertInto('settings')
      .values({
        key: 'demo',
        value: JSON.stringify({ loadedAt: platform.now().toISOString(), region: DEMO_REGION }),
      })
      .execute();
    await platform.audit.append(trx, {
      actor: null,
      action: 'demo.data.load',
      meta: { organisations: ORGANISATIONS.length, people },
    });
    return { organisations: ORGANISATIONS.length, people };
  });
}

/** The demo accounts with their current TOTP code, for the demo sign-in panel (demo mode only). */
export async function listDemoAccounts(platform: Platform) {
  const rows = await platform.db
    .selectFrom('people as p')
    .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
    .innerJoin('credentials as c', 'c.person_id', 'p.id')
    .select([
      'p.id',
      'p.email',
      'p.given_name',
      'p.family_name',
      'o.name as organisation',
      'c.totp_secret',
      sql<
        Role[]
      >`coalesce((select array_agg(r.role order by r.role) from person_roles r where r.person_id = p.id), '{}')`.as(
        'roles',
      ),
    ])
    .where('p.email', 'in', DEMO_ACCOUNT_EMAILS)
    .execute();
  const order = new Map(DEMO_ACCOUNT_EMAILS.map((email, index) => [email, index]));
  return rows
    .sort((a, b) => (order.get(a.email) ?? 0) - (order.get(b.email) ?? 0))
    .map((row) => ({
      email: row.email,
      name: `${row.given_name} ${row.family_name}`,
      roles: row.roles,
      organisation: row.organisation,
      code: row.totp_secret
        ? currentTotpCode(
            platform.keyring.decrypt(row.totp_secret, `credentials.totp_secret:${row.id}`),
            platform.now(),
          )
        : '',
    }));
}

/**
 * Who granted and who approved each demo role, as a table that always followed the consent rule would
 * show it: each organisation's first coordinator named by the table coordination (its bootstrap grant),
 * the other roles inside an organisation granted by that coordinator, the table's roles needing no
 * consent; one proposal waiting for the youth centre, and one attestation.
 */
async function seedConsents(trx: Transaction<DB>, now: Date): Promise<void> {
  const table = await trx
    .selectFrom('people')
    .select('id')
    .where('email', '=', 'coordination@table.test')
    .executeTakeFirstOrThrow();
  await sql`
    with firsts as (
      select distinct on (p.organisation_id) p.organisation_id, p.id as person_id
      from people p join person_roles r on r.person_id = p.id and r.role = 'org_coordinator'
      where p.status = 'active'
      order by p.organisation_id, p.email
    ), bootstrap as (
      update person_roles r set consent = 'bootstrap', granted_by = ${table.id}, granted_at = ${now}
      from firsts f where r.person_id = f.person_id and r.role = 'org_coordinator'
      returning f.organisation_id, f.person_id
    )
    insert into organisation_access (organisation_id, bootstrap_person_id, bootstrap_by, bootstrap_at)
    select organisation_id, person_id, ${table.id}, ${now} from bootstrap
  `.execute(trx);
  await sql`
    update person_roles r
    set consent = 'own_organisation', granted_by = a.bootstrap_person_id, granted_at = ${now},
        approved_by = a.bootstrap_person_id, approved_at = ${now}
    from people p join organisation_access a on a.organisation_id = p.organisation_id
    where r.person_id = p.id and r.consent = 'legacy'
      and r.role in ('worker', 'pivot', 'org_coordinator', 'police_analyst', 'investigator', 'privacy_officer')
  `.execute(trx);
  await sql`
    update person_roles set consent = 'not_required', granted_by = ${table.id}, granted_at = ${now}
    where consent = 'legacy' and role in ('table_coordinator', 'trainer', 'researcher', 'admin')
  `.execute(trx);
  // Roles inside an organisation with no coordinator at all keep their 'legacy' mark, as on a real
  // installation upgraded to the consent rule: the access review shows them to check.
  // The table proposes the community house's demo worker as one of its pivots.
  const worker = await trx
    .selectFrom('people')
    .select(['id', 'organisation_id'])
    .where('email', '=', 'intervenante@escalebleue.test')
    .executeTakeFirst();
  if (worker) {
    await trx
      .insertInto('role_requests')
      .values({
        person_id: worker.id,
        organisation_id: worker.organisation_id,
        role: 'pivot',
        proposed_by: table.id,
        proposed_at: now,
      })
      .execute();
  }
  const dpj = await trx
    .selectFrom('people')
    .select(['id', 'organisation_id'])
    .where('email', '=', 'coordo@cjtl.test')
    .executeTakeFirst();
  if (dpj) {
    await sql`
      insert into access_attestations (organisation_id, attested_by, attested_at, holdings)
      select ${dpj.organisation_id}, ${dpj.id}, ${new Date(now.getTime() - 60 * 86_400_000)}, count(*)::int
      from person_roles r join people p on p.id = r.person_id where p.organisation_id = ${dpj.organisation_id}
    `.execute(trx);
  }
}
