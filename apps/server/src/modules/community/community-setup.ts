import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../../platform/app-deps.ts';
import './community.tables.ts';

/** The categories every bank starts with; community managers rename or add more later. */
export const DEFAULT_CATEGORIES = [
  { slug: 'comptes', name: 'Comptes', description: 'Ouvrir, gérer, clôturer un compte ; frais, plafonds, virements.', kind: 'forum' },
  {
    slug: 'credit-immobilier',
    name: 'Crédit immobilier',
    description: 'Projets, simulations, assurance emprunteur, renégociation.',
    kind: 'forum',
  },
  { slug: 'epargne', name: 'Épargne', description: 'Livrets, assurance vie, épargne salariale, placements.', kind: 'forum' },
  { slug: 'appli-mobile', name: 'Appli mobile', description: 'L’application : fonctions, astuces, problèmes, nouveautés.', kind: 'forum' },
  { slug: 'vie-de-la-banque', name: 'Vie de la banque', description: 'Agences, engagements, annonces et événements.', kind: 'forum' },
  { slug: 'idees', name: 'Idées', description: 'Proposez, votez : de vos idées à nos projets.', kind: 'ideas' },
] as const;

/** Idempotent: safe at every start and when two processes start at once. */
export async function ensureCommunityCategories(deps: Pick<AppDeps, 'database'>, bankId: string) {
  await deps.database.db
    .insertInto('community_categories')
    .values(DEFAULT_CATEGORIES.map((c, position) => ({ id: randomUUID(), bank_id: bankId, position, ...c })))
    .onConflict((oc) => oc.columns(['bank_id', 'slug']).doNothing())
    .execute();
}
