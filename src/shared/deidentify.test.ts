import { describe, expect, it } from 'vitest';
import enServerConsultations from '../../locales/en-CA/server.consultations.json';
import enServerObservatory from '../../locales/en-CA/server.observatory.json';
import enWebConsultations from '../../locales/en-CA/web.consultations.json';
import enWebObservatory from '../../locales/en-CA/web.observatory.json';
import frServerConsultations from '../../locales/fr-CA/server.consultations.json';
import frServerObservatory from '../../locales/fr-CA/server.observatory.json';
import frWebConsultations from '../../locales/fr-CA/web.consultations.json';
import frWebObservatory from '../../locales/fr-CA/web.observatory.json';
import {
  containsIdentifiers,
  findIdentifiers,
  IDENTIFIER_KINDS,
  type IdentifierKind,
  identifierKinds,
} from './deidentify.js';

/** Kind and excerpt of each finding, after checking that every offset points at its excerpt. */
function found(text: string): Array<[IdentifierKind, string]> {
  const findings = findIdentifiers(text);
  for (const f of findings) expect(text.slice(f.start, f.end)).toBe(f.excerpt);
  for (let i = 1; i < findings.length; i++)
    expect(findings[i]!.start).toBeGreaterThanOrEqual(findings[i - 1]!.end);
  return findings.map((f) => [f.kind, f.excerpt]);
}

describe('phone numbers', () => {
  it.each([
    ['Elle a donné le 514 555-0123 à un homme.', '514 555-0123'],
    ['Le numéro (514) 555 0123 revient souvent.', '(514) 555 0123'],
    ['Texto reçu du 514.555.0123 hier soir.', '514.555.0123'],
    ['Appels du +1 514 555 0123 la nuit.', '+1 514 555 0123'],
    ['Un numéro 5145550123 est écrit sur sa main.', '5145550123'],
    ['Call 1-438-555-0199 for the ad.', '1-438-555-0199'],
    ['Rejoindre au 450-555-0199 poste 234 au bureau.', '450-555-0199 poste 234'],
    ['Work line 819 555 0100 ext. 12, ask for him.', '819 555 0100 ext. 12'],
    ['Le (418)555-0111 est celui du motel.', '(418)555-0111'],
    ['Un numéro local 555-0123 sans indicatif.', '555-0123'],
  ])('finds the number in %j', (text, excerpt) => {
    expect(found(text)).toEqual([['phone', excerpt]]);
  });

  it('leaves amounts, ranges, years and file numbers alone', () => {
    expect(found('Il lui a offert entre 200-1500 $ pour la fin de semaine.')).toEqual([]);
    expect(found('Entre 2019-2023, trois fugues; 15 % des cas.')).toEqual([]);
    expect(found('Elle a 15 ans, lui 32; trois rencontres en 2 semaines.')).toEqual([]);
    expect(found('Elle a appelé Tel-jeunes au 1 800 263-2266 puis le 811.')).toEqual([]);
  });
});

describe('e-mails, profiles and handles', () => {
  it('finds e-mails without flagging the name or the @ inside them', () => {
    expect(found('Son courriel: jade.tremblay99@gmail.com, écrit sur un papier.')).toEqual([
      ['email', 'jade.tremblay99@gmail.com'],
    ]);
    expect(found('He wrote from k.smith+ads@hotmail.ca twice.')).toEqual([
      ['email', 'k.smith+ads@hotmail.ca'],
    ]);
  });

  it('finds links to profiles on the usual platforms, without the closing punctuation', () => {
    expect(found('Son profil https://www.instagram.com/jade_t/.')).toEqual([
      ['url_profile', 'https://www.instagram.com/jade_t/'],
    ]);
    expect(found('Vu sur tiktok.com/@bebe.lune, puis onlyfans.com/lili2009!')).toEqual([
      ['url_profile', 'tiktok.com/@bebe.lune'],
      ['url_profile', 'onlyfans.com/lili2009'],
    ]);
    expect(found('Lien: snapchat.com/add/jadou22 et facebook.com/profile.php?id=1000')).toEqual([
      ['url_profile', 'snapchat.com/add/jadou22'],
      ['url_profile', 'facebook.com/profile.php?id=1000'],
    ]);
    expect(found('See x.com/promoter_mtl and t.me/mtlparty')).toEqual([
      ['url_profile', 'x.com/promoter_mtl'],
      ['url_profile', 't.me/mtlparty'],
    ]);
  });

  it('finds @handles and handles after a platform cue', () => {
    expect(found("L'homme se fait appeler @king_mtl514 sur les réseaux.")).toEqual([
      ['handle', '@king_mtl514'],
    ]);
    expect(found('snap: lili2009')).toEqual([['handle', 'lili2009']]);
    expect(found('Son Snap : Jadou et son insta = bebe.lune')).toEqual([
      ['handle', 'Jadou'],
      ['handle', 'bebe.lune'],
    ]);
    expect(found('insta jade_b, ig lili.09, tiktok mtl.boss')).toEqual([
      ['handle', 'jade_b'],
      ['handle', 'lili.09'],
      ['handle', 'mtl.boss'],
    ]);
    expect(found("son snap c'est jadou_22")).toEqual([['handle', 'jadou_22']]);
    expect(found('Pseudo : darkangel')).toEqual([['handle', 'darkangel']]);
  });

  it('does not take the mention of a platform for a handle', () => {
    expect(found('Elle parle à des hommes sur Snapchat et Instagram tous les soirs.')).toEqual([]);
    expect(found("Il l'a contactée par insta puis sur TikTok en direct.")).toEqual([]);
    expect(found('She met him on snap last month, then moved to Telegram.')).toEqual([]);
    expect(found('Rencontre prévue @ 18 h au parc.')).toEqual([]);
  });
});

describe('addresses and postal codes', () => {
  it.each([
    ['Elle dort au 123 rue Sainte-Catherine Est depuis mardi.', '123 rue Sainte-Catherine Est'],
    ['Appartement au 4500, boul. Saint-Laurent, au troisième.', '4500, boul. Saint-Laurent'],
    ['Vue au 75 avenue du Parc avec lui.', '75 avenue du Parc'],
    ['Il loue le 1200 chemin de la Côte-Sainte-Catherine.', '1200 chemin de la Côte-Sainte-Catherine'],
    ['Un party au 12, 3e Avenue à Limoilou.', '12, 3e Avenue'],
    ['Elle vit au 88 rue Ontario, app. 3, avec sa tante.', '88 rue Ontario, app. 3'],
    ['Lives at 12 Main St with an older man.', '12 Main St'],
    ['The hotel at 400 Sherbrooke Street West is used.', '400 Sherbrooke Street West'],
    ['They met at 40 5th Avenue.', '40 5th Avenue'],
    ['Il vit au 456 3e Rang avec son oncle.', '456 3e Rang'],
    ['Elle dort au 4000 rue Notre Dame Ouest, chez lui.', '4000 rue Notre Dame Ouest'],
    ['Chez lui au 1234, rue des Érables, à Laval.', '1234, rue des Érables'],
    ['Bureau au 55 boulevard René-Lévesque Ouest.', '55 boulevard René-Lévesque Ouest'],
  ])('finds the address in %j', (text, excerpt) => {
    expect(found(text)).toEqual([['address', excerpt]]);
  });

  it('finds an apartment number alone and postal codes in any case', () => {
    expect(found("Elle reste à l'app. 12 chez une amie.")).toEqual([['address', 'app. 12']]);
    expect(found('Code postal H2X 1Y4, ou h2x1y4, ou G1R-2B5.')).toEqual([
      ['postal_code', 'H2X 1Y4'],
      ['postal_code', 'h2x1y4'],
      ['postal_code', 'G1R-2B5'],
    ]);
  });

  it('leaves streets without a number, plurals and ages alone', () => {
    expect(found('Elle traîne dans la rue Sainte-Catherine le soir.')).toEqual([]);
    expect(found('Elle habite à 3 rues de son école secondaire.')).toEqual([]);
    expect(found('À 15 ans, elle marche 2 heures par jour sur le boulevard.')).toEqual([]);
    expect(found('Le 3e rang est loin; elle marche sur le 2e rang au complet.')).toEqual([]);
    expect(found('The girl, 16, was found at a motel on Highway 40 near exit 55.')).toEqual([]);
  });
});

describe('dates', () => {
  it('finds full dates in numeric and written forms', () => {
    expect(found('Fugue le 12/03/2024, retour le 2024-03-15.')).toEqual([
      ['date', '12/03/2024'],
      ['date', '2024-03-15'],
    ]);
    expect(found('Rencontre le 12 mars 2024, puis le 1er avril 2024.')).toEqual([
      ['date', '12 mars 2024'],
      ['date', '1er avril 2024'],
    ]);
    expect(found('Seen on March 12, 2024 and 3 May 2024.')).toEqual([
      ['date', 'March 12, 2024'],
      ['date', '3 May 2024'],
    ]);
  });

  it('calls a date a date of birth after a birth cue, including a day and month alone', () => {
    expect(found('Elle est née le 3 mai et vit chez sa mère.')).toEqual([['date_of_birth', 'née le 3 mai']]);
    expect(found('Il est né le 12 mars 2009 à Laval.')).toEqual([['date_of_birth', 'né le 12 mars 2009']]);
    expect(found('DOB: 12/03/2009')).toEqual([['date_of_birth', 'DOB: 12/03/2009']]);
    expect(found('Date de naissance : 2009-03-12.')).toEqual([
      ['date_of_birth', 'Date de naissance : 2009-03-12'],
    ]);
    expect(found('DDN 12/03/09')).toEqual([['date_of_birth', 'DDN 12/03/09']]);
    expect(found('She was born on March 3, 2010.')).toEqual([['date_of_birth', 'born on March 3, 2010']]);
    expect(found('Naissance: 3 mars 2009.')).toEqual([['date_of_birth', 'Naissance: 3 mars 2009']]);
    expect(found('Sa fête est le 14 février.')).toEqual([['date_of_birth', 'Sa fête est le 14 février']]);
  });

  it('leaves event dates without a year, months, impossible dates and scores alone', () => {
    expect(found('Le 3 mai, elle a fugué; en mars elle était revenue.')).toEqual([]);
    expect(found('Depuis septembre 2024, trois signalements.')).toEqual([]);
    expect(found('Une fête le 3 mai au chalet; elle ne le 3 mai pas dit.')).toEqual([]);
    expect(found('Elle ne reviendra pas avant le 12/03/2024.')).toEqual([['date', '12/03/2024']]);
    expect(found('Score de 45/60/2020 au test? Non: 45/13/2020.')).toEqual([]);
  });
});

describe('plates', () => {
  it('finds Québec plates in capitals and any plate after a cue', () => {
    expect(found('Une voiture grise, plaque ABC 123, attend devant.')).toEqual([['plate', 'ABC 123']]);
    expect(found('Le véhicule 123 ABC et le F12 GHK tournent autour.')).toEqual([
      ['plate', '123 ABC'],
      ['plate', 'F12 GHK'],
    ]);
    expect(found("Plaque d'immatriculation : x12bcd")).toEqual([['plate', 'x12bcd']]);
    expect(found('Licence plate: 4ab 7cd')).toEqual([['plate', '4ab 7cd']]);
  });

  it('does not take acronyms or counts for plates', () => {
    expect(found('La DPJ et le SPVM: 3 rencontres, 2 CLSC, 1 CAVAC.')).toEqual([]);
  });
});

describe('names', () => {
  it('finds common first names, compound ones and a surname after them', () => {
    expect(found('Jade Tremblay et Marie-Ève sont venues ensemble.')).toEqual([
      ['name', 'Jade Tremblay'],
      ['name', 'Marie-Ève'],
    ]);
    expect(found('Elle voit souvent Jean-Philippe, dit JP.')).toEqual([['name', 'Jean-Philippe']]);
    expect(found('Her friend Ashley W. drives her.')).toEqual([['name', 'Ashley W.']]);
    expect(found('Avec Mohamed et Kayla Smith-Jones.')).toEqual([
      ['name', 'Mohamed'],
      ['name', 'Kayla Smith-Jones'],
    ]);
  });

  it('matches names whatever their accents or their Unicode form', () => {
    expect(found('Avec Eloise et Élisabeth.')).toEqual([
      ['name', 'Eloise'],
      ['name', 'Élisabeth'],
    ]);
    const decomposed = 'Avec E\u0301milie.';
    expect(found(decomposed)).toEqual([['name', 'E\u0301milie']]);
  });

  it('finds a person after a title', () => {
    expect(found('M. Gagnon et Madame Roy ont appelé, puis Mme Bouchard-Lavoie.')).toEqual([
      ['name', 'M. Gagnon'],
      ['name', 'Madame Roy'],
      ['name', 'Mme Bouchard-Lavoie'],
    ]);
    expect(found('Mr Smith and Dr. Patel were told.')).toEqual([
      ['name', 'Mr Smith'],
      ['name', 'Dr. Patel'],
    ]);
  });

  it('counts ambiguous first names only with a surname', () => {
    expect(found('Rose Tremblay est venue.')).toEqual([['name', 'Rose Tremblay']]);
    expect(found('Une robe rose. Rose est une couleur. Claire et nette. May she stay?')).toEqual([]);
    expect(found('Will she go back? In May and June she ran away.')).toEqual([]);
  });

  it('leaves institutions and places named after people alone', () => {
    expect(found("À l'École Marie-Victorin puis à la station Jean-Talon, près de Saint-Laurent.")).toEqual(
      [],
    );
    expect(found('Le Centre Jean-Olivier et la Maison Jeanne-Simard.')).toEqual([]);
    expect(found('A St. Patrick party, then Saint-Jean and Ste-Julie.')).toEqual([]);
  });

  it('does not extend a name over a weekday, an organisation or a sentence break', () => {
    expect(found('Avec Jade Lundi, puis Jade. Elle est partie.')).toEqual([
      ['name', 'Jade'],
      ['name', 'Jade'],
    ]);
    expect(found('Madame la directrice et Monsieur le policier.')).toEqual([]);
    expect(found('Mme a appelé; M. était absent; le Dr a prescrit, la Dre du CLSC aussi.')).toEqual([]);
  });
});

describe('characters that disguise a number', () => {
  it.each([
    ['full-width digits', 'Appelle au ８１９５５５０１９９ ce soir.', '８１９５５５０１９９'],
    ['non-breaking hyphens', 'Son cell: 819\u2011555\u20110199.', '819\u2011555\u20110199'],
    ['en dashes', 'Son cell: 819\u2013555\u20130199.', '819\u2013555\u20130199'],
    ['em dashes', 'Son cell: 819\u2014555\u20140199.', '819\u2014555\u20140199'],
    ['minus signs', 'Son cell: 819\u2212555\u22120199.', '819\u2212555\u22120199'],
    ['full-width hyphens', 'Son cell: 819\uff0d555\uff0d0199.', '819\uff0d555\uff0d0199'],
    ['zero-width spaces', 'Texto du 819\u200b555\u200b0199 hier.', '819\u200b555\u200b0199'],
    ['zero-width joiners', 'Texto du 81\u200d9 555 01\u200c99 hier.', '81\u200d9 555 01\u200c99'],
    ['a soft hyphen and a word joiner', 'Texto du 819\u00ad555\u20600199 hier.', '819\u00ad555\u20600199'],
    ['single spaces between digits', 'Numéro 8 1 9 5 5 5 0 1 9 9 écrit sur sa main.', '8 1 9 5 5 5 0 1 9 9'],
    ['narrow no-break spaces', 'Numéro 819\u202f555\u202f0199.', '819\u202f555\u202f0199'],
  ])('finds a phone number written with %s', (_how, text, excerpt) => {
    expect(found(text)).toEqual([['phone', excerpt]]);
  });

  it('keeps offsets in the original text around removed and widened characters', () => {
    const text = 'Jade\u200b, ﬁn: 8 1 9 5 5 5 0 1 9 9, puis 819\u2011555\u20110199.';
    expect(found(text)).toEqual([
      ['name', 'Jade'],
      ['phone', '8 1 9 5 5 5 0 1 9 9'],
      ['phone', '819\u2011555\u20110199'],
    ]);
    expect(findIdentifiers('\u200b\u200b８１９ 555 0199.')).toEqual([
      { kind: 'phone', start: 2, end: 14, excerpt: '８１９ 555 0199' },
    ]);
  });

  it('finds a name written with a non-breaking hyphen or full-width letters', () => {
    expect(found('Avec Marie\u2011Ève hier.')).toEqual([['name', 'Marie\u2011Ève']]);
    expect(found('snap\u202f: ｌｉｌｉ２００９')).toEqual([['handle', 'ｌｉｌｉ２００９']]);
  });

  it('leaves dashes in prose, short spaced counts and ranges alone', () => {
    expect(found('Jade\u2014sa cousine\u2014est partie.')).toEqual([['name', 'Jade']]);
    expect(found('Elle a 15 ans \u2014 lui 20; entre 2019\u20132023, 3 fugues\u2026')).toEqual([]);
    expect(found('Les scores étaient 1 2 3 4 5 6, rien de plus.')).toEqual([]);
  });
});

describe('health insurance, social insurance and file numbers', () => {
  it.each([
    ['Sa carte RAMQ TREJ 1103 0312 est chez lui.', 'TREJ 1103 0312'],
    ['Carte soleil: TREJ11030312.', 'TREJ11030312'],
    ['Numéro trej-6103-0312 noté.', 'trej-6103-0312'],
    ['ramq: trej 1103 0312', 'trej 1103 0312'],
    ['Carte-soleil ABCD 9999 9999', 'ABCD 9999 9999'],
  ])('finds the health card in %j', (text, excerpt) => {
    expect(found(text)).toEqual([['health_number', excerpt]]);
  });

  it.each([
    ['NAS 123 456 789', '123 456 789'],
    ['Son numéro d’assurance sociale est 123-456-789.', '123-456-789'],
    ["No d'assurance sociale : 123.456.789", '123.456.789'],
    ['SIN: 046 454 286', '046 454 286'],
    ['Social insurance number 0464 54 286', '0464 54 286'],
    ['Le numéro 123456789 est sur la carte.', '123456789'],
    ['Un papier avec 123 456 789 dessus.', '123 456 789'],
  ])('finds the social insurance number in %j', (text, excerpt) => {
    expect(found(text)).toEqual([['id_number', excerpt]]);
  });

  it('no longer takes a social insurance number for a licence plate', () => {
    expect(identifierKinds(findIdentifiers('NAS 123 456 789, plaque ABC 123'))).toEqual([
      'plate',
      'id_number',
    ]);
  });

  it.each([
    ['Voir le dossier DPJ 2024-12345.', '2024-12345'],
    ['No de dossier : 123456', '123456'],
    ['Numéro de dossier 45-2024', '45-2024'],
    ['Dossier 98765, ouvert en mars.', '98765'],
    ['Événement no 2024-00123 au SPVM.', '2024-00123'],
    ['Police case #4521 was closed.', '4521'],
    ['See file 2023-0456 and case number MTL-2024-001.', '2023-0456'],
  ])('finds the file number in %j', (text, excerpt) => {
    expect(found(text)[0]).toEqual(['case_number', excerpt]);
  });

  it('leaves years, spans, amounts, counts and boxes alone', () => {
    expect(found('Le dossier 2024 avance; le rapport 2019-2023 et la DPJ 2023-2024 aussi.')).toEqual([]);
    expect(found('In case 1000 people come; dans la case 12; le dossier de 2023.')).toEqual([]);
    expect(found('Entre 100 000 et 150 000 personnes; 125 000 000 $; 450 000 000 dollars.')).toEqual([]);
    expect(found('POUR 2023 2024 RIEN; vers 1113 0000.')).toEqual([]);
    expect(found('Elle a appelé la DPJ 2 fois en 2024; 3 dossiers ouverts depuis 2021.')).toEqual([]);
  });
});

describe('handles and names that slip past the capitals', () => {
  it('finds Discord tags', () => {
    expect(found('Sur Discord: jess#1234, puis @lili_09#0420.')).toEqual([
      ['handle', 'jess#1234'],
      ['handle', '@lili_09#0420'],
    ]);
    expect(found('Elle joue avec un homme, jess#1234.')).toEqual([['handle', 'jess#1234']]);
  });

  it.each([
    ["Elle s'appelle jessica tremblay et elle a 15 ans.", 'jessica tremblay'],
    ['Il se nomme kevin, selon sa mère.', 'kevin'],
    ['Son chum s’appelle tito.', 'tito'],
    ['Un gars qui se fait appeler bibi la recrute.', 'bibi'],
    ['Son pimp se fait appeler big Tito.', 'big Tito'],
    ['Her name is jess and she is 15.', 'jess'],
    ["His name's tremblay.", 'tremblay'],
    ['Une jeune prénommée léa.', 'léa'],
    ['Prénom : inconnu. Nom : gagnon', 'gagnon'],
    ['A man named bob picks her up.', 'bob'],
    ['Il s’appelle Tremblay.', 'Tremblay'],
  ])('finds the name after its cue in %j', (text, excerpt) => {
    expect(found(text)).toEqual([['name', excerpt]]);
  });

  it('leaves cues followed by something other than a name alone', () => {
    expect(found("Je ne sais pas comment il s'appelle. Comment s'appelle le gars?")).toEqual([]);
    expect(found("Elle s'appelle comme sa mère; il se fait appeler le boss.")).toEqual([]);
    expect(found("La méthode s'appelle loverboy; une technique qui s'appelle grooming.")).toEqual([]);
    expect(found('An app named kik; he was named in the report; his name is unknown.')).toEqual([]);
    expect(found('Les garçons se nomment rarement victimes; un garçon se nomme rarement victime.')).toEqual(
      [],
    );
    expect(
      found("Les filles s'appellent entre elles « bébé »; il s'appelle souvent lui-même le boss."),
    ).toEqual([]);
  });
});

describe('the new patterns on hostile input', () => {
  it('finish on long runs shaped like their cues and numbers', () => {
    const units = [
      'dossier DPJ ',
      'no de dossier # ',
      "elle s'appelle ",
      'a#',
      '1\u200b',
      '1\u2011',
      '８ ',
      'ABCD 1103 ',
      'NAS 1 ',
    ];
    const started = Date.now();
    for (const unit of units) {
      const text = `${unit.repeat(Math.ceil(20000 / unit.length))}x`;
      for (const f of findIdentifiers(text)) expect(text.slice(f.start, f.end)).toBe(f.excerpt);
    }
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('kinds', () => {
  it('have a French and an English label in every catalogue that lists them', () => {
    const catalogues = {
      'fr-CA': [frServerConsultations.consultations.identifier_kinds, frWebConsultations, frWebObservatory],
      'en-CA': [enServerConsultations.consultations.identifier_kinds, enWebConsultations, enWebObservatory],
    };
    const observatory = { 'fr-CA': frServerObservatory.validation, 'en-CA': enServerObservatory.validation };
    for (const locale of ['fr-CA', 'en-CA'] as const) {
      for (const kind of IDENTIFIER_KINDS) {
        for (const catalogue of catalogues[locale])
          expect(JSON.stringify(catalogue), `${locale} ${kind}`).toMatch(new RegExp(`"${kind}":"[^"]+"`));
        expect(observatory[locale], `${locale} ${kind}`).toHaveProperty(`observatory_identifier_${kind}`);
      }
    }
  });
});

describe('overlaps and offsets', () => {
  it('reports exact offsets in reading order', () => {
    const text = 'Jade (snap: jadou22) au 514 555-0123.';
    expect(findIdentifiers(text)).toEqual([
      { kind: 'name', start: 0, end: 4, excerpt: 'Jade' },
      { kind: 'handle', start: 12, end: 19, excerpt: 'jadou22' },
      { kind: 'phone', start: 24, end: 36, excerpt: '514 555-0123' },
    ]);
  });

  it('gives one finding per span when detectors overlap', () => {
    expect(found('Écrire à jade.roy@outlook.com ou instagram.com/jade.roy')).toEqual([
      ['email', 'jade.roy@outlook.com'],
      ['url_profile', 'instagram.com/jade.roy'],
    ]);
  });

  it('summarises findings as kinds only', () => {
    const findings = findIdentifiers('Jade, 514 555-0123, Jade Roy, H2X 1Y4');
    expect(identifierKinds(findings)).toEqual(['phone', 'postal_code', 'name']);
    expect(containsIdentifiers('Jade, 514 555-0123')).toBe(true);
    expect(containsIdentifiers('Une jeune de 15 ans.')).toBe(false);
  });

  it('handles long texts and empty ones', () => {
    expect(findIdentifiers('')).toEqual([]);
    const long = `${'Une jeune de 15 ans fréquente un homme plus âgé. '.repeat(400)}Appelle Jade au 514 555-0123.`;
    expect(identifierKinds(findIdentifiers(long))).toEqual(['phone', 'name']);
    // Inputs shaped to make a careless pattern backtrack must still finish.
    for (const unit of ['1', '1 ', 'a.', '@a', 'Ab-', 'snap: ', '12, ', 'ABC ', 'Rue 12 Jade-', "d'"]) {
      const text = `${unit.repeat(Math.ceil(20000 / unit.length))}@ `;
      for (const f of findIdentifiers(text)) expect(text.slice(f.start, f.end)).toBe(f.excerpt);
    }
    expect(findIdentifiers(`${'a.'.repeat(10000)}@ x`)).toEqual([]);
  });
});

describe('texts written without identifiers', () => {
  const deidentified = [
    'Une jeune de 15 ans fréquente un homme plus âgé rencontré sur les réseaux; elle revient avec des cadeaux et un nouveau téléphone. Sa mère s’inquiète mais ne veut pas porter plainte.',
    'Adolescent de 16 ans, suivi par la DPJ depuis deux ans, fugue les fins de semaine. Il dit dormir chez un ami majeur qui lui « prête » de l’argent.',
    'Une élève de 3e secondaire raconte à l’intervenante scolaire qu’un homme lui propose de poser pour des photos contre rémunération. Elle hésite à en parler à ses parents.',
    'Depuis l’automne, une jeune hébergée en centre de réadaptation reçoit des messages d’une femme qui lui promet un emploi de danseuse dans un bar d’une autre région.',
    'Mardi dernier, la police a trouvé une mineure dans un hôtel de la région avec deux adultes. Elle refuse de collaborer et demande à retourner chez son copain.',
    'Un garçon de 14 ans joue en ligne avec un adulte qui lui envoie des cartes-cadeaux en échange de photos. Les parents ont découvert les échanges en mars.',
    'La jeune, 17 ans, dit qu’elle est en amour avec un homme de 28 ans qui gère ses « rendez-vous ». Elle a un cellulaire payé par lui et ne va plus à l’école.',
    'Une travailleuse de rue observe des adolescentes montées dans des voitures de luxe près d’un métro le soir. Elles semblent avoir moins de 16 ans.',
    'Selon le CLSC, une jeune enceinte de 16 ans serait hébergée par un homme qui contrôle ses sorties et son argent. Elle a manqué trois rendez-vous prénataux.',
    'Au Centre jeunesse, deux résidentes parlent d’une fête où on leur a offert de la drogue et de l’alcool; des hommes filmaient. Quelle est la marche à suivre pour un signalement?',
    'La Maison d’hébergement a accueilli une jeune de 17 ans sans papiers d’identité. Elle dit avoir été amenée d’une autre province par son « chum ».',
    'Le pivot de l’école se demande si les absences répétées d’une élève de 15 ans, ses nouveaux vêtements de marque et sa fatigue doivent mener à un signalement.',
    'A 15-year-old girl met an older man online; she comes back with gifts and a new phone. Her mother is worried but does not want to call the police.',
    'A boy in grade 9 says a man at the mall offers him money to deliver packages and to bring friends to parties. What should the school do first?',
    'Since September, a youth in a group home receives messages from a woman promising work as a dancer in another city. The youth protection worker wants advice.',
    'Une intervenante de la Table se demande comment aborder une jeune de 13 ans qui parle d’un « ami » de 19 ans rencontré sur Snapchat. La mère travaille de nuit.',
    'Après une fugue de trois jours en juillet, la jeune est revenue avec un tatouage qu’elle refuse d’expliquer. Le père pense qu’il s’agit d’une marque de « propriété ».',
  ];

  it.each(deidentified)('finds nothing in %j', (text) => {
    expect(findIdentifiers(text)).toEqual([]);
  });

  it('flags the same situation once an identifier slips in', () => {
    const slipped = `${deidentified[0]} Son chum s'appelle Kevin, il vit au 1234 rue Ontario Est.`;
    expect(found(slipped)).toEqual([
      ['name', 'Kevin'],
      ['address', '1234 rue Ontario Est'],
    ]);
  });
});
