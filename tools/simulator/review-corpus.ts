import type { SeededRandom } from './seeded-random.ts';

/**
 * Store and Trustpilot reviews as clients of a French bank write them: the words follow the
 * stars (praise for 5, complaints for 1–2), app stores talk about the app, Trustpilot about the
 * service. French mostly, as the bank's clients are.
 */
export type ReviewPlatform = 'trustpilot' | 'google_play' | 'app_store';

export interface CorpusReview {
  stars: 1 | 2 | 3 | 4 | 5;
  title: string;
  text: string;
  lang: 'fr' | 'en';
}

type Tone = 'bad' | 'mixed' | 'good';
type Entry = readonly [title: string, text: string];

const APP_FR: Record<Tone, readonly Entry[]> = {
  bad: [
    ["L'application plante sans arrêt", "Depuis la dernière mise à jour, l'appli se ferme dès que j'ouvre mes comptes. Inutilisable."],
    [
      'Impossible de me connecter',
      "Code d'accès refusé trois fois alors qu'il est bon, compte bloqué. Il faut appeler l'agence pour débloquer. Pénible.",
    ],
    [
      'Face ID ne fonctionne plus',
      'Face ID ne marche plus depuis la mise à jour : je dois retaper mon code à chaque fois. Corrigez vite svp.',
    ],
    [
      'Virement instantané en échec',
      "Le virement instantané reste « en cours » puis échoue, et l'argent est quand même débité. Aucune explication dans l'appli.",
    ],
    ['Lente et buggée', "Écran blanc au lancement, il faut tuer l'appli deux ou trois fois. Sur un Pixel 8 à jour."],
    [
      'Validation des opérations en boucle',
      'La validation sécurisée des paiements en ligne tourne en boucle, impossible de payer sur internet.',
    ],
    ['Déconnexions permanentes', "Je suis déconnecté toutes les deux minutes, même en pleine saisie d'un virement. Très frustrant."],
  ],
  mixed: [
    ['Correcte mais perfectible', "L'appli fait le job pour consulter les comptes, mais ajouter un bénéficiaire prend 48h. Dommage."],
    ['Bien mais quelques bugs', 'Pratique au quotidien, par contre les notifications arrivent avec beaucoup de retard.'],
    ['Mieux avant', 'La nouvelle interface est plus jolie mais on ne trouve plus le RIB. Il faut trois clics de plus.'],
  ],
  good: [
    ['Très pratique', 'Virements instantanés en deux secondes, Face ID, opposition de la carte en un clic. Rien à redire.'],
    ['Enfin une appli fluide', 'La dernière version est rapide et claire. Le suivi des dépenses par catégorie est top.'],
    ['Parfait', "Je gère tout depuis l'appli : virements, plafonds de carte, RIB. Merci à l'équipe !"],
    ['Super appli', 'Connexion par Face ID rapide, notifications en temps réel à chaque paiement. Je recommande.'],
  ],
};

const APP_EN: Record<Tone, readonly Entry[]> = {
  bad: [
    ['Keeps crashing', 'The app crashes every time I open my accounts since the last update. Useless.'],
    ['Cannot log in', 'Login fails with a correct passcode and then my access is blocked. Had to call the branch.'],
  ],
  mixed: [['OK but slow', 'Does the basics, but adding a payee takes two days and the app is slow to start.']],
  good: [['Great app', 'Instant transfers, Face ID login, card controls. Everything I need.']],
};

const SERVICE_FR: Record<Tone, readonly Entry[]> = {
  bad: [
    ['Frais abusifs', "Des frais de tenue de compte et des commissions d'intervention prélevés sans prévenir. Je vais changer de banque."],
    ['Conseiller injoignable', "Trois semaines que j'essaie de joindre mon conseiller pour mon prêt immobilier. Aucun rappel, aucun mail."],
    ['Service client déplorable', "Carte bloquée à l'étranger, 45 minutes d'attente au téléphone pour finalement être raccroché au nez."],
    ['Dossier de crédit perdu', "On m'a demandé trois fois les mêmes justificatifs pour mon crédit auto. Aucun suivi sérieux."],
    ['Agence fermée sans prévenir', "L'agence a fermé et mon dossier a été transféré sans que personne ne me prévienne."],
  ],
  mixed: [
    ['Moyen', 'Conseillère sympathique mais les délais de réponse sont longs et les frais un peu élevés.'],
    ['Peut mieux faire', 'Le service est correct quand on a un interlocuteur, mais le changement de conseiller tous les ans est lassant.'],
  ],
  good: [
    ['Excellent conseiller', 'Mon conseiller a monté mon prêt immobilier en trois semaines, toujours disponible et de bon conseil.'],
    ['Très satisfait', "Ouverture de compte rapide, frais raisonnables et une conseillère à l'écoute. Je recommande Banque Exemple."],
    ['Réactivité au top', 'Fraude sur ma carte un dimanche : opposition immédiate et remboursement en 48h. Bravo.'],
    ['Banque sérieuse', 'Client depuis dix ans, toujours bien reçu en agence et des réponses claires sur mon épargne.'],
  ],
};

const SERVICE_EN: Record<Tone, readonly Entry[]> = {
  bad: [['Hidden fees', 'Account fees and charges taken without any warning. Customer service never calls back.']],
  mixed: [['Average', 'Friendly advisor but slow answers and fees on the high side.']],
  good: [['Helpful advisor', 'My advisor set up my mortgage in three weeks and was always available. Recommended.']],
};

/** Real rating spreads lean on the extremes: angry and delighted people write reviews. */
const STARS: readonly (readonly [CorpusReview['stars'], number])[] = [
  [1, 30],
  [2, 14],
  [3, 12],
  [4, 16],
  [5, 28],
];

export const toneOf = (stars: number): Tone => (stars <= 2 ? 'bad' : stars === 3 ? 'mixed' : 'good');

/** One review for `platform`, the text matching the stars. */
export function reviewFor(rng: SeededRandom, platform: ReviewPlatform, stars?: CorpusReview['stars']): CorpusReview {
  const rating = stars ?? rng.weighted(STARS);
  const lang = rng.chance(0.88) ? 'fr' : 'en';
  const bank = platform === 'trustpilot' ? (lang === 'fr' ? SERVICE_FR : SERVICE_EN) : lang === 'fr' ? APP_FR : APP_EN;
  const [title, text] = rng.pick(bank[toneOf(rating)]);
  return { stars: rating, title, text, lang };
}

/**
 * What someone writes when they come back to their store review: a fixed problem raises the
 * stars, a new or lasting one lowers them; the added words always agree with the new rating.
 */
export function editedReview(rng: SeededRandom, previous: CorpusReview): CorpusReview {
  const tone = toneOf(previous.stars);
  const better = tone === 'bad' ? rng.chance(0.65) : tone === 'mixed' ? rng.chance(0.5) : false;
  const stars = (better ? rng.int(4, 5) : tone === 'bad' ? 1 : 2) as CorpusReview['stars'];
  const addition = better
    ? rng.pick([
        'Mise à jour : le support m’a répondu et le problème est réglé, merci.',
        'Édit : corrigé dans la dernière version, je remonte ma note.',
        'Mise à jour : réponse rapide de la banque, ça fonctionne de nouveau.',
      ])
    : tone === 'bad'
      ? rng.pick(['Mise à jour : toujours le même problème, rien n’a changé.', 'Édit : ça plante encore ce matin, je baisse ma note.'])
      : rng.pick([
          'Mise à jour : depuis la dernière version l’appli plante au lancement, dommage.',
          'Édit : Face ID ne fonctionne plus depuis la mise à jour, je baisse ma note.',
        ]);
  return { ...previous, stars, text: `${previous.text}\n\n${addition}` };
}
