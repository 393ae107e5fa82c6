import type { SeededRandom } from './seeded-random.ts';

/** A person who writes to the bank: same display name and handle on every network. */
export interface CorpusAuthor {
  firstName: string;
  lastName: string;
  displayName: string;
  /** Without '@'; usable as an X screen_name and an Instagram username. */
  handle: string;
  lang: 'fr' | 'en';
}

const FR_FIRST = [
  'Camille',
  'Léa',
  'Manon',
  'Chloé',
  'Inès',
  'Sarah',
  'Julie',
  'Émilie',
  'Nathalie',
  'Sophie',
  'Isabelle',
  'Aurélie',
  'Claire',
  'Mélanie',
  'Laura',
  'Océane',
  'Fatima',
  'Yasmine',
  'Amandine',
  'Céline',
  'Hugo',
  'Lucas',
  'Thomas',
  'Nicolas',
  'Julien',
  'Maxime',
  'Antoine',
  'Alexandre',
  'Kévin',
  'Romain',
  'Mehdi',
  'Karim',
  'Sébastien',
  'Jérôme',
  'François',
  'Pierre',
  'Mathieu',
  'Yannick',
  'Bruno',
  'Théo',
  'Gaëlle',
  'Noémie',
  'Bernard',
  'Monique',
  'Jean-Pierre',
  'Christiane',
  'Moussa',
  'Awa',
];
const FR_LAST = [
  'Martin',
  'Bernard',
  'Dubois',
  'Thomas',
  'Robert',
  'Richard',
  'Petit',
  'Durand',
  'Leroy',
  'Moreau',
  'Simon',
  'Laurent',
  'Lefebvre',
  'Michel',
  'Garcia',
  'David',
  'Bertrand',
  'Roux',
  'Vincent',
  'Fournier',
  'Morel',
  'Girard',
  'André',
  'Mercier',
  'Dupont',
  'Lambert',
  'Bonnet',
  'François',
  'Martinez',
  'Legrand',
  'Garnier',
  'Faure',
  'Rousseau',
  'Blanc',
  'Guérin',
  'Muller',
  'Henry',
  'Roussel',
  'Nicolas',
  'Perrin',
  'Morin',
  'Mathieu',
  'Clément',
  'Gauthier',
  'Benali',
  'Haddad',
  'Nguyen',
  'Diallo',
  'Le Gall',
];
const EN_NAMES = [
  ['Emily', 'Carter'],
  ['James', "O'Brien"],
  ['Olivia', 'Smith'],
  ['Daniel', 'Brown'],
  ['Sophie', 'Walker'],
  ['Liam', 'Murphy'],
  ['Hannah', 'Schmidt'],
  ['Marco', 'Rossi'],
] as const;

/** Strips accents and anything a handle cannot hold. */
export const toAscii = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]/g, '');

function handleFor(rng: SeededRandom, first: string, last: string): string {
  const f = toAscii(first);
  const l = toAscii(last);
  const year = rng.int(70, 99 + 6) % 100;
  return rng.pick([
    `${f}${l}`.toLowerCase(),
    `${f.toLowerCase()}_${l.toLowerCase()}`,
    `${f[0]}${l}${rng.int(1, 99)}`.toLowerCase(),
    `${f}_${String(year).padStart(2, '0')}`,
    `${f.toLowerCase()}.${l.toLowerCase()}${rng.int(10, 95)}`.replace('.', '_'),
    `${l}${f[0]}${rng.pick(['75', '69', '13', '33', '59', '44', '31'])}`,
  ]);
}

/** `count` distinct authors, ~90% French, deterministic for a given generator state. */
export function generateAuthors(rng: SeededRandom, count: number): CorpusAuthor[] {
  const authors: CorpusAuthor[] = [];
  const taken = new Set<string>();
  for (let attempt = 0; authors.length < count && attempt < count * 50; attempt++) {
    const english = rng.chance(0.1);
    const [firstName, lastName] = english ? rng.pick(EN_NAMES) : [rng.pick(FR_FIRST), rng.pick(FR_LAST)];
    const displayName = rng.chance(0.15) ? `${firstName} ${lastName[0]}.` : `${firstName} ${lastName}`;
    const handle = handleFor(rng, firstName, lastName).slice(0, 15);
    if (taken.has(handle) || taken.has(displayName)) continue;
    taken.add(handle);
    taken.add(displayName);
    authors.push({ firstName, lastName, displayName, handle, lang: english ? 'en' : 'fr' });
  }
  return authors;
}
