import type { SeededRandom } from './seeded-random.ts';

/**
 * What people and the press say publicly about Banque Exemple and two competitors, for the
 * listening demo: posts found by the X filtered stream and articles of news sites and blogs.
 * Realistic French, with the usual mix of praise, complaints, questions and the odd rumour.
 */
export type ListeningSubject = 'brand' | 'rival_a' | 'rival_b';
export const SUBJECT_NAMES: Record<ListeningSubject, { name: string; hashtag: string }> = {
  brand: { name: 'Banque Exemple', hashtag: '#BanqueExemple' },
  rival_a: { name: 'Crédit Horizon', hashtag: '#CreditHorizon' },
  rival_b: { name: 'Néobanque Nova', hashtag: '#NovaBanque' },
};

const POSTS: readonly (readonly [string, 'pos' | 'neg' | 'neu'])[] = [
  ['Super accueil chez {bank} ce matin, conseillère au top', 'pos'],
  ['{bank} a validé mon prêt immo en 10 jours, franchement bravo', 'pos'],
  ['L’appli {bank} est vraiment bien faite, virements instantanés nickel', 'pos'],
  ['Merci {bank} pour le remboursement rapide de ma carte volée', 'pos'],
  ['Encore des frais de tenue de compte chez {bank}, ça devient abusif', 'neg'],
  ['Trois semaines que j’attends une réponse de {bank} pour mon crédit', 'neg'],
  ['Impossible de joindre {bank} par téléphone, 45 minutes d’attente', 'neg'],
  ['Ma carte {bank} refusée en plein supermarché, la honte', 'neg'],
  ['Quelqu’un sait si {bank} propose un livret jeune intéressant ?', 'neu'],
  ['{bank} ouvre une nouvelle agence à Lyon 7e', 'neu'],
  ['Comparatif des comptes joints : {bank} dans la moyenne', 'neu'],
  ['Je pense passer chez {bank}, des avis sur leur offre pro ?', 'neu'],
  ['{bank} lance le paiement mobile sur montre, pas mal', 'pos'],
  ['Découvert facturé alors que mon salaire était arrivé, merci {bank}…', 'neg'],
  ['Le nouveau taux du livret chez {bank} est décevant', 'neg'],
  ['{tag} service client réactif sur X, à saluer', 'pos'],
];
const RUMOURS = [
  'Il paraît que {bank} va fermer la moitié de ses agences ?',
  'On dit que {bank} bloque les retraits en ce moment, quelqu’un confirme ?',
];

export function streamPostText(rng: SeededRandom, subject: ListeningSubject): { text: string; tone: 'pos' | 'neg' | 'neu' } {
  const { name, hashtag } = SUBJECT_NAMES[subject];
  if (rng.chance(0.03)) return { text: rng.pick(RUMOURS).replace('{bank}', name), tone: 'neg' };
  const [template, tone] = rng.pick(POSTS);
  const text = template.replace('{bank}', name).replace('{tag}', hashtag);
  return { text: rng.chance(0.25) && !text.includes('#') ? `${text} ${hashtag}` : text, tone };
}

/** The wave the demo shows: an app outage, most of it angry, with its own hashtag. */
export const OUTAGE_POSTS = [
  'L’appli {bank} est en panne depuis ce matin, impossible de payer #pannebanqueexemple',
  'Encore une panne chez {bank} ?? Plus d’accès à mes comptes #pannebanqueexemple',
  '{bank} appli HS, carte refusée au resto, c’est quoi ce bazar #pannebanqueexemple',
  'Panne générale {bank} : ni appli ni site, et personne au téléphone',
  'Quelqu’un d’autre n’arrive plus à se connecter à {bank} ? #pannebanqueexemple',
  '{bank} vous comptez communiquer sur la panne ou pas ?',
];

export interface NewsFeed {
  name: string;
  title: string;
  format: 'rss' | 'atom';
  host: string;
}
export const NEWS_FEEDS: readonly NewsFeed[] = [
  { name: 'journal-eco', title: 'Le Journal de l’Éco', format: 'rss', host: 'journal-eco.example' },
  { name: 'finance-hebdo', title: 'Finance Hebdo', format: 'atom', host: 'finance-hebdo.example' },
  { name: 'blog-conso', title: 'Le blog conso de Margaux', format: 'rss', host: 'blog-conso.example' },
];

const HEADLINES: readonly (readonly [string, string])[] = [
  [
    '{bank} relève ses frais de tenue de compte au 1er janvier',
    'La banque justifie la hausse par « la modernisation de ses services ». Les associations de consommateurs dénoncent une hausse déguisée.',
  ],
  [
    '{bank} lance une offre de prêt immobilier à taux bonifié pour les primo-accédants',
    'L’offre est réservée aux ménages achetant leur résidence principale dans le neuf.',
  ],
  [
    'Classement des banques en ligne : {bank} progresse sur la satisfaction client',
    'Le temps de réponse du service client a été divisé par deux en un an.',
  ],
  ['{bank} accélère sur la finance durable', 'Un nouveau fonds solidaire et le co-financement de projets locaux sont annoncés.'],
  [
    'Fraude au faux conseiller : {bank} met en garde ses clients',
    'Des escrocs se font passer pour le service client par téléphone pour obtenir des codes.',
  ],
  ['{bank} annonce des résultats trimestriels en hausse', 'Le produit net bancaire progresse, porté par le crédit à la consommation.'],
];

export function newsItem(rng: SeededRandom, subject: ListeningSubject): { title: string; description: string } {
  const [title, description] = rng.pick(HEADLINES);
  return { title: title.replace('{bank}', SUBJECT_NAMES[subject].name), description };
}
