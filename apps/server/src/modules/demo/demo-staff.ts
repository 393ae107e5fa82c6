import type { Role } from '@agora/contracts/common.schema.ts';

export interface DemoStaffMember {
  email: string;
  /** Printed on the demo start-up banner; demo mode only, never in production. */
  password: string;
  role: Role;
  displayName: string;
  firstName: string;
  team: 'social_care' | 'advisors' | null;
}

export const DEMO_TEAMS = {
  social_care: 'Service client social',
  advisors: 'Conseillers',
} as const;

/** The demo bank's people: one per role, plus a second advisor so portfolios can differ. */
export const DEMO_STAFF: readonly DemoStaffMember[] = [
  {
    email: 'conseillere@banque-exemple.fr',
    password: 'Conseil-Demo-2026',
    role: 'advisor',
    displayName: 'Claire Fontaine',
    firstName: 'Claire',
    team: 'advisors',
  },
  {
    email: 'conseiller@banque-exemple.fr',
    password: 'Conseil-Demo-2027',
    role: 'advisor',
    displayName: 'Karim Benali',
    firstName: 'Karim',
    team: 'advisors',
  },
  {
    email: 'agent@banque-exemple.fr',
    password: 'Agent-Demo-2026',
    role: 'agent',
    displayName: 'Thomas Lemaire',
    firstName: 'Thomas',
    team: 'social_care',
  },
  {
    email: 'community@banque-exemple.fr',
    password: 'Community-Demo-2026',
    role: 'community_manager',
    displayName: 'Inès Garnier',
    firstName: 'Inès',
    team: 'social_care',
  },
  {
    email: 'superviseure@banque-exemple.fr',
    password: 'Superviseur-Demo-2026',
    role: 'supervisor',
    displayName: 'Nathalie Roux',
    firstName: 'Nathalie',
    team: 'social_care',
  },
  {
    email: 'conformite@banque-exemple.fr',
    password: 'Conformite-Demo-2026',
    role: 'compliance',
    displayName: 'Bernard Mercier',
    firstName: 'Bernard',
    team: null,
  },
  {
    email: 'admin@banque-exemple.fr',
    password: 'Admin-Demo-2026',
    role: 'admin',
    displayName: 'Sophie Laurent',
    firstName: 'Sophie',
    team: null,
  },
];
