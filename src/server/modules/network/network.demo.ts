import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { DemoLoader } from '../../demo/demo-modules.js';
import { addDays, localDate, NET_FUNCTIONS, TABLE_MANDATES } from './network.rules.js';
import { refreshWarnings } from './warnings.service.js';

/** A one-page fictional agreement, so the demo's "signed document" opens in any PDF reader. */
async function demoAgreementPdf(organisation: string, signedOn: string): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage([612, 792]);
  const lines = [
    'Entente de partenariat (document fictif de démonstration)',
    organisation,
    `Signée le ${signedOn}`,
    'Engagement : libérer une personne pour la table régionale.',
  ];
  for (const [index, line] of lines.entries()) {
    page.drawText(line, { x: 72, y: 720 - index * 24, size: index === 0 ? 14 : 12, font });
  }
  return Buffer.from(await pdf.save());
}

/** What each demo partner contributes: mandates and functions of the net (some holes on purpose). */
const CONTRIBUTIONS: Record<string, { mandates: string[]; functions: string[]; target: number | null }> = {
  police: {
    mandates: ['contribution_zones', 'action_plan'],
    functions: ['detection', 'intervention'],
    target: 2,
  },
  dpj: {
    mandates: ['contribution_zones', 'service_trajectory', 'action_plan'],
    functions: ['detection', 'intervention', 'accompaniment'],
    target: 3,
  },
  ciusss: {
    mandates: ['training_content', 'service_trajectory'],
    functions: ['prevention', 'intervention', 'accompaniment'],
    target: 3,
  },
  css1: {
    mandates: ['contribution_zones', 'training_content'],
    functions: ['prevention', 'detection'],
    target: 2,
  },
  css2: { mandates: ['contribution_zones'], functions: ['prevention'], target: 2 },
  maison: {
    mandates: ['service_trajectory', 'action_plan'],
    functions: ['prevention', 'accompaniment'],
    target: 2,
  },
  rue: {
    mandates: ['contribution_zones', 'service_trajectory'],
    functions: ['detection', 'accompaniment'],
    target: 2,
  },
  cal: { mandates: ['service_trajectory'], functions: ['accompaniment', 'intervention'], target: 1 },
  univ: { mandates: ['training_content'], functions: [], target: null },
  sq: { mandates: ['action_plan'], functions: ['detection', 'intervention'], target: 1 },
  dpcp: { mandates: [], functions: ['intervention'], target: 1 },
  ville: { mandates: [], functions: [], target: null },
};

const EXPERTISE_BY_KEY: Record<string, string[][]> = {
  police: [
    ['online_exploitation', 'hotels'],
    ['legal', 'boys'],
  ],
  dpj: [['youth_centres', 'boys'], ['substance_use'], ['indigenous_youth']],
  ciusss: [['substance_use', 'lgbtq'], ['boys'], ['indigenous_youth']],
  css1: [['schools', 'online_exploitation'], ['schools']],
  css2: [['schools'], ['lgbtq', 'schools']],
  maison: [
    ['youth_centres', 'lgbtq'],
    ['boys', 'substance_use'],
  ],
  rue: [['hotels', 'substance_use'], ['online_exploitation']],
  cal: [['legal', 'indigenous_youth']],
  sq: [['online_exploitation', 'legal']],
  dpcp: [['legal']],
  ville: [['youth_centres']],
};

const CONTACT_ROLES = ['Direction générale', 'Coordination clinique', 'Accueil et liaison'];
const CONTACT_NAMES = [
  'Anne-Marie Fictive',
  'Bruno Exemple',
  'Catherine Imaginaire',
  'Denis Inventé',
  'Estelle Héron-Fictif',
];

/** Fictional network data: contributions with holes, agreements, contacts, pivots with varied coverage. */
export const networkDemo: DemoLoader = {
  name: 'network',
  async load(platform, trx, context) {
    const today = localDate(platform.now(), platform.config.timeZone);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(context.random() * items.length)]!;
    let pivots = 0;
    let agreements = 0;
    let contacts = 0;

    for (const organisation of context.organisations) {
      const plan = CONTRIBUTIONS[organisation.key] ?? { mandates: [], functions: [], target: null };
      await trx
        .insertInto('network_profiles')
        .values({
          organisation_id: organisation.id,
          mandates: plan.mandates.filter((m) => (TABLE_MANDATES as readonly string[]).includes(m)),
          functions: plan.functions.filter((f) => (NET_FUNCTIONS as readonly string[]).includes(f)),
          pivot_target: plan.target,
        })
        .execute();

      const members = context.people.filter(
        (p) => p.organisationId === organisation.id && p.status === 'active',
      );
      const domain = `${organisation.key}.filet-demo.test`;
      for (let i = 0; i < (organisation.key === 'ville' ? 1 : 2); i++) {
        await trx
          .insertInto('network_contacts')
          .values({
            organisation_id: organisation.id,
            name: pick(CONTACT_NAMES),
            role: CONTACT_ROLES[i]!,
            email: `contact${i + 1}@${domain}`,
            phone: `555-02${String(contacts % 100).padStart(2, '0')}`,
          })
          .execute();
        contacts++;
      }

      // Pivots: the people holding the pivot role; about two in three declared trained.
      const candidates = members.filter((p) => p.roles.includes('pivot'));
      const expertise = EXPERTISE_BY_KEY[organisation.key] ?? [[]];
      // One pivot of youth protection is on vacation (routing skips an absent pivot), never the demo
      // account pivot@cjtl.test: the journey "a worker asks, that pivot takes and answers" is done with it.
      const onVacation =
        organisation.key === 'dpj' ? candidates.find((p) => p.email !== 'pivot@cjtl.test') : undefined;
      for (const [index, person] of candidates.entries()) {
        const start = addDays(today, -(120 + Math.floor(context.random() * 700)));
        const trained = organisation.key !== 'css2' && (index === 0 || context.random() < 0.6);
        // One pivot of the youth house leaves within 60 days: the warning and the hand-over have a case.
        const end = organisation.key === 'maison' && index === 1 ? addDays(today, 35) : null;
        const mandate = await trx
          .insertInto('pivot_mandates')
          .values({
            person_id: person.id,
            organisation_id: organisation.id,
            start_on: start,
            end_on: end,
            expertise: expertise[index % expertise.length]!,
            languages: index % 3 === 2 ? ['fr', 'en', 'es'] : index % 2 === 1 ? ['fr', 'en'] : ['fr'],
            prerequisite_completed_on: trained ? addDays(start, 30) : null,
            created_by: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        pivots++;
        if (person === onVacation) {
          await trx
            .insertInto('pivot_absences')
            .values({
              mandate_id: mandate.id,
              from_on: addDays(today, -2),
              to_on: addDays(today, 12),
              reason: 'vacation',
              created_by: null,
            })
            .execute();
        }
      }

      if (organisation.key !== 'ville' && organisation.key !== 'univ') {
        const signedOn = addDays(today, -(200 + Math.floor(context.random() * 500)));
        const coordinator = members.find((p) => p.roles.includes('org_coordinator')) ?? members[0];
        const file = await platform.files.save(trx, {
          filename: `entente-${organisation.key}.pdf`,
          content: await demoAgreementPdf(organisation.name, signedOn),
          accept: ['application/pdf'],
          maxBytes: 10 * 1024 * 1024,
          createdBy: null,
        });
        await trx
          .insertInto('network_agreements')
          .values({
            organisation_id: organisation.id,
            signed_on: signedOn,
            signatories: `Direction générale (${organisation.name}); coordination de la table`,
            released_person_id: coordinator?.id ?? null,
            commitment:
              'Libérer une personne deux jours par mois pour les travaux de la table, nommer des intervenant·e·s pivots et les former.',
            renewal_on: addDays(signedOn, 730),
            document_file_id: file.id,
            updated_by: null,
          })
          .execute();
        agreements++;
      }
    }
    const warnings = await refreshWarnings(platform, trx);
    return `${pivots} pivots, ${agreements} ententes / agreements, ${contacts} contacts, ${warnings} avertissements / warnings`;
  },
};
