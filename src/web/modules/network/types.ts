/** Shapes of the network API answers the screens read. */
export const MANDATES = [
  'contribution_zones',
  'training_content',
  'service_trajectory',
  'action_plan',
] as const;
export const FUNCTIONS = ['prevention', 'detection', 'intervention', 'accompaniment'] as const;
export const EXPERTISE = [
  'boys',
  'online_exploitation',
  'schools',
  'hotels',
  'youth_centres',
  'substance_use',
  'indigenous_youth',
  'lgbtq',
  'legal',
] as const;
export const ABSENCE_REASONS = ['leave', 'vacation', 'sick', 'training', 'other'] as const;

export interface Contact {
  id: string;
  name: string;
  role: string;
  email?: string | null;
  phone?: string | null;
}

export interface PersonRef {
  id: string;
  name: string;
  email?: string;
  phone?: string | null;
}

export interface Mandate {
  id: string;
  person: PersonRef;
  startOn: string;
  endOn: string | null;
  status: 'planned' | 'active' | 'ended';
  endingSoon: boolean;
  expertise: string[];
  languages: string[];
  prerequisiteCompletedOn: string | null;
  trained: boolean;
  absentUntil: string | null;
  absences: Array<{ id: string; fromOn: string; toOn: string; reason: string }>;
  successorMandateId: string | null;
}

export interface OrganisationNetwork {
  organisation: {
    id: string;
    name: string;
    shortName: string | null;
    type: string;
    region: string;
    active: boolean;
  };
  contributions: { mandates: string[]; functions: string[] };
  coverage: { active: number; trained: number; target: number | null };
  agreement: {
    signedOn: string;
    signatories: string;
    releasedPerson: { id: string; name: string } | null;
    commitment: string;
    renewalOn: string | null;
    document: { filename: string; sizeBytes: number } | null;
  } | null;
  contacts: Contact[];
  pivots: Mandate[];
  warnings: Array<{ id: string; kind: string; params: Record<string, string | number>; openedAt: string }>;
  today: string;
  permissions: { edit: boolean; managePivots: boolean; seeContacts: boolean };
}

export interface CoverageMatrix {
  mandates: string[];
  functions: string[];
  organisations: Array<{
    id: string;
    name: string;
    type: string;
    mandates: string[];
    functions: string[];
    activePivots: number;
    trainedPivots: number;
    target: number | null;
  }>;
  holes: {
    uncoveredMandates: string[];
    uncoveredFunctions: string[];
    organisationsCoveringNothing: string[];
  };
}

export interface Directory {
  organisations: {
    total: number;
    items: Array<{
      id: string;
      name: string;
      shortName: string | null;
      type: string;
      region: string;
      activePivots: number;
      contacts: Contact[];
    }>;
  };
  pivots: {
    total: number;
    items: Array<{
      mandateId: string;
      person: PersonRef;
      organisation: { id: string; name: string };
      expertise: string[];
      languages: string[];
      endOn: string | null;
      absentUntil: string | null;
      organisationContacts: Contact[];
    }>;
  };
  regions: string[];
  page: number;
  pageSize: number;
}
