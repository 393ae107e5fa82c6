import type { IdeaStatus } from '@agora/contracts/community.schema.ts';

// The demo community's texts, written by hand for the demo (fictional people, fictional bank
// figures). The IBAN below is the public ISO 13616 example of a French IBAN, not anyone's.

export const DEMO_MEMBERS: { pseudonym: string; email?: string; trust: number; ambassador?: boolean }[] = [
  { pseudonym: 'Julie_Lyon', email: 'julie.moreau@exemple-client.fr', trust: 2, ambassador: true },
  { pseudonym: 'Marc_Paris', email: 'marc.lefebvre@exemple-client.fr', trust: 1 },
  { pseudonym: 'Sam_Bordeaux', trust: 2 },
  { pseudonym: 'Nina_Lille', trust: 1 },
  { pseudonym: 'Leo_Rennes', trust: 1 },
  { pseudonym: 'Alex_Grenoble', trust: 1 },
];

type Reply = { author: string; body: string; votes?: string[]; staff?: 'claire' | 'ines' };

export const DEMO_FORUM: {
  category: string;
  kind: 'question' | 'discussion';
  author: string;
  title: string;
  body: string;
  hoursAgo: number;
  replies: Reply[];
  /** Index of the accepted post: 1 is the first reply. */
  accepted?: number;
}[] = [
  {
    category: 'vie-de-la-banque',
    kind: 'discussion',
    author: 'staff',
    title: 'Bienvenue sur la communauté Banque Exemple !',
    body: 'Bonjour à toutes et à tous,\n\nCe forum est le vôtre : posez vos questions, partagez vos astuces, proposez vos idées. Nos **conseillers officiels** y répondent avec leur prénom, et nos ambassadeurs vous accueillent.\n\nUne seule règle d’or : ne publiez jamais vos numéros de compte, de carte ou vos codes. Pour tout ce qui concerne vos comptes, écrivez à votre conseiller depuis votre espace sécurisé.',
    hoursAgo: 24 * 21,
    replies: [
      {
        author: 'Julie_Lyon',
        body: 'Merci ! Ravie d’être ambassadrice : n’hésitez pas à me mentionner (@Julie_Lyon) si vous êtes perdus.',
        votes: ['Sam_Bordeaux', 'Nina_Lille'],
      },
    ],
  },
  {
    category: 'comptes',
    kind: 'question',
    author: 'Leo_Rennes',
    title: 'Frais de tenue de compte : pourquoi 2 € de plus ce mois-ci ?',
    body: 'Bonjour, je vois sur mon relevé des frais de tenue de compte à 4 € au lieu de 2 €. Quelqu’un sait si les tarifs ont changé ?',
    hoursAgo: 24 * 9,
    replies: [
      {
        author: 'Julie_Lyon',
        body: 'Oui, la brochure tarifaire a changé au 1er du mois : c’est indiqué dans le courrier d’information de deux mois avant. Avec l’offre « Essentiel » les frais restent à 2 €.',
        votes: ['Leo_Rennes', 'Nina_Lille'],
      },
      {
        author: 'staff',
        body: 'Bonjour @Leo_Rennes, Julie a raison : la nouvelle grille s’applique depuis le 1er. Si votre usage correspond à l’offre Essentiel, votre conseiller peut vous la proposer depuis votre espace sécurisé, sans frais de changement.',
        votes: ['Leo_Rennes', 'Marc_Paris'],
      },
      {
        author: 'Marc_Paris',
        body: 'Franchement, doubler les frais en un an c’est abusé. Je trouve ça injustifié pour un compte où je ne fais presque rien.',
      },
    ],
    accepted: 2,
  },
  {
    category: 'comptes',
    kind: 'question',
    author: 'Marc_Paris',
    title: 'Virement bloqué depuis trois jours',
    body: 'J’ai fait un virement vers le compte de mon fils lundi, il n’est toujours pas arrivé. Est-ce normal ?',
    hoursAgo: 24 * 3,
    replies: [
      { author: 'Marc_Paris', body: 'Pour info c’est vers ce compte : FR76 3000 6000 0112 3456 7890 189, si quelqu’un peut vérifier.' },
      {
        author: 'staff',
        body: 'Bonjour Marc, nous avons masqué le numéro de compte de votre message pour votre sécurité. Un virement vers une autre banque peut prendre un jour ouvré ; au-delà, écrivez-nous depuis votre espace sécurisé : votre conseiller verra le détail de l’opération.',
        votes: ['Nina_Lille'],
      },
      { author: 'Alex_Grenoble', body: 'Vous êtes vraiment des connards, trois jours pour un virement !' },
      {
        author: 'Sam_Bordeaux',
        body: 'Vérifiez aussi que ce n’est pas un premier virement vers un nouveau bénéficiaire : il y a parfois un délai de sécurité.',
      },
    ],
  },
  {
    category: 'credit-immobilier',
    kind: 'question',
    author: 'Sam_Bordeaux',
    title: 'Assurance emprunteur : peut-on en changer en cours de prêt ?',
    body: 'J’ai signé mon prêt il y a deux ans avec l’assurance de la banque. On me propose moins cher ailleurs : ai-je le droit de changer ?',
    hoursAgo: 24 * 12,
    replies: [
      {
        author: 'Julie_Lyon',
        body: 'Oui ! Depuis la loi Lemoine, vous pouvez changer d’assurance emprunteur **à tout moment**, sans frais, tant que les garanties sont équivalentes. Envoyez la nouvelle offre à votre conseiller : la banque a 10 jours pour répondre.',
        votes: ['Sam_Bordeaux', 'Nina_Lille', 'Leo_Rennes', 'Marc_Paris'],
      },
      { author: 'Sam_Bordeaux', body: 'Merci Julie, c’est exactement ce qu’il me fallait.' },
    ],
    accepted: 1,
  },
  {
    category: 'credit-immobilier',
    kind: 'question',
    author: 'Nina_Lille',
    title: 'Prêt à taux zéro : quelles conditions de revenus pour un premier achat ?',
    body: 'Nous cherchons un appartement ancien à rénover près de Lille, à deux. Est-ce qu’on peut avoir le PTZ et sur quels revenus est-ce calculé ?',
    hoursAgo: 6,
    replies: [],
  },
  {
    category: 'epargne',
    kind: 'question',
    author: 'FuturClient_Nantes',
    title: 'Livret A ou LDDS : lequel remplir en premier ?',
    body: 'Je ne suis pas encore client, je compare les banques. J’ai 3 000 € de côté : Livret A ou LDDS d’abord ?',
    hoursAgo: 24 * 6,
    replies: [
      {
        author: 'Julie_Lyon',
        body: 'Même taux, même fiscalité (aucune) : commencez par le Livret A, plafonné à 22 950 €, puis le LDDS (12 000 €). Le LDDS permet en plus de faire un don à l’économie sociale et solidaire.',
        votes: ['FuturClient_Nantes', 'Sam_Bordeaux'],
      },
      { author: 'Sam_Bordeaux', body: 'Et gardez une partie sur un compte courant pour les imprévus du mois.' },
    ],
    accepted: 1,
  },
  {
    category: 'appli-mobile',
    kind: 'question',
    author: 'Leo_Rennes',
    title: 'Face ID ne fonctionne plus depuis la mise à jour',
    body: 'Depuis la version 6.2 de l’appli, Face ID ne me propose plus de me connecter, je dois taper mon code à chaque fois.',
    hoursAgo: 24 * 4,
    replies: [
      {
        author: 'Sam_Bordeaux',
        body: 'Même souci : dans Réglages > Sécurité, désactivez puis réactivez « Connexion biométrique », ça a marché pour moi.',
        votes: ['Leo_Rennes', 'Nina_Lille', 'Julie_Lyon'],
      },
      {
        author: 'staff',
        body: 'Merci pour vos retours. Le problème est identifié : un correctif arrive avec la version 6.2.1 cette semaine. D’ici là, l’astuce de Sam fonctionne.',
        votes: ['Leo_Rennes'],
      },
    ],
    accepted: 1,
  },
  {
    category: 'appli-mobile',
    kind: 'question',
    author: 'Nina_Lille',
    title: 'Payer avec ma montre connectée : comment l’activer ?',
    body: 'J’ai une montre récente, est-ce que je peux payer sans contact avec ma carte Banque Exemple ?',
    hoursAgo: 24 * 2,
    replies: [
      {
        author: 'Julie_Lyon',
        body: 'Oui : dans l’appli, Cartes > Paiement mobile > Ajouter à un portefeuille, puis suivez les étapes sur la montre.',
        votes: ['Nina_Lille'],
      },
    ],
    accepted: 1,
  },
  {
    category: 'vie-de-la-banque',
    kind: 'discussion',
    author: 'Marc_Paris',
    title: 'Fermeture de l’agence de Villeurbanne : et maintenant ?',
    body: 'Je suis client depuis 20 ans à l’agence de Villeurbanne, elle ferme le mois prochain. Je trouve dommage qu’on l’apprenne par un simple courrier.',
    hoursAgo: 24 * 5,
    replies: [
      {
        author: 'staff',
        staff: 'ines',
        body: 'Bonjour Marc, vous avez raison, nous aurions dû mieux l’annoncer. Votre conseiller et vos comptes restent les mêmes ; l’agence de Lyon Part-Dieu vous accueille, et vos rendez-vous peuvent se faire en visio depuis votre espace.',
        votes: ['Marc_Paris'],
      },
    ],
  },
];

type Step = { status: IdeaStatus; response: string; mergeInto?: string; whatChanged?: string };

export const DEMO_IDEAS: {
  key: string;
  author: string;
  title: string;
  body: string;
  hoursAgo: number;
  voters: string[];
  steps: Step[];
  comments?: { author: string; body: string }[];
}[] = [
  {
    key: 'arrondi',
    author: 'Julie_Lyon',
    title: 'Arrondi solidaire sur les paiements par carte',
    body: 'Arrondir chaque paiement à l’euro supérieur et reverser la différence à une association choisie dans l’appli.',
    hoursAgo: 24 * 120,
    voters: ['Sam_Bordeaux', 'Nina_Lille', 'Leo_Rennes', 'Marc_Paris', 'FuturClient_Nantes'],
    steps: [
      { status: 'under_review', response: 'Merci ! Nous étudions la faisabilité avec nos partenaires associatifs.' },
      { status: 'planned', response: 'L’idée est retenue pour la version de printemps de l’appli.' },
      { status: 'in_progress', response: 'Le développement a commencé ; trois associations ont accepté de participer.' },
      {
        status: 'launched',
        response: 'C’est en ligne ! Merci à toutes celles et ceux qui ont voté.',
        whatChanged:
          'L’arrondi solidaire est disponible dans l’appli (Cartes > Arrondi solidaire) : 12 400 € reversés le premier mois à trois associations.',
      },
    ],
    comments: [{ author: 'Nina_Lille', body: 'Activé dès le premier jour, bravo pour cette réalisation !' }],
  },
  {
    key: 'prelevement',
    author: 'Sam_Bordeaux',
    title: 'Être prévenu deux jours avant chaque prélèvement',
    body: 'Une notification deux jours avant chaque prélèvement, avec le montant : ça éviterait les découverts surprises.',
    hoursAgo: 24 * 90,
    voters: ['Julie_Lyon', 'Leo_Rennes', 'Marc_Paris'],
    steps: [
      { status: 'under_review', response: 'Bonne idée : nous vérifions que les créanciers transmettent les échéances assez tôt.' },
      { status: 'planned', response: 'Prévu pour la prochaine version.' },
      {
        status: 'launched',
        response: 'Disponible pour tous les prélèvements SEPA.',
        whatChanged: 'L’appli prévient désormais deux jours avant chaque prélèvement SEPA, avec son montant et un lien vers le budget.',
      },
    ],
  },
  {
    key: 'doublon',
    author: 'Leo_Rennes',
    title: 'Une alerte avant mes prélèvements',
    body: 'Recevoir un message avant qu’un prélèvement passe.',
    hoursAgo: 24 * 60,
    voters: ['Nina_Lille', 'FuturClient_Nantes'],
    steps: [
      {
        status: 'already_exists',
        response: 'Cette idée rejoint « Être prévenu deux jours avant chaque prélèvement », déjà lancée : vos votes y sont reportés.',
        mergeInto: 'prelevement',
      },
    ],
  },
  {
    key: 'categories',
    author: 'Nina_Lille',
    title: 'Catégoriser automatiquement mes dépenses',
    body: 'Classer mes dépenses (courses, transport, loisirs) et me montrer un graphique mensuel.',
    hoursAgo: 24 * 45,
    voters: ['Julie_Lyon', 'Sam_Bordeaux', 'Leo_Rennes', 'FuturClient_Nantes'],
    steps: [
      { status: 'under_review', response: 'Nous regardons les catégories que vous utilisez le plus.' },
      { status: 'planned', response: 'Retenue pour l’été.' },
      { status: 'in_progress', response: 'En cours de développement : une version de test sera proposée aux ambassadeurs.' },
    ],
  },
  {
    key: 'sombre',
    author: 'Leo_Rennes',
    title: 'Un mode sombre dans l’appli',
    body: 'Pour consulter mes comptes le soir sans m’éblouir.',
    hoursAgo: 24 * 30,
    voters: ['Sam_Bordeaux', 'Nina_Lille'],
    steps: [
      { status: 'under_review', response: 'Nous vérifions l’accessibilité des contrastes.' },
      { status: 'planned', response: 'Prévu après la refonte des écrans de cartes.' },
    ],
  },
  {
    key: 'multi',
    author: 'Marc_Paris',
    title: 'Un virement vers plusieurs bénéficiaires en une fois',
    body: 'Pour partager une facture entre colocataires sans faire trois virements.',
    hoursAgo: 24 * 15,
    voters: ['Julie_Lyon'],
    steps: [{ status: 'under_review', response: 'Nous étudions ce cas avec l’équipe paiements.' }],
  },
  {
    key: 'bois',
    author: 'FuturClient_Nantes',
    title: 'Une carte bancaire en bois',
    body: 'Pour réduire le plastique, une carte en bois comme le font certaines banques.',
    hoursAgo: 24 * 40,
    voters: ['Leo_Rennes'],
    steps: [
      {
        status: 'declined',
        response:
          'Merci pour cette idée. Nos cartes sont déjà en plastique recyclé à 85 %, et le bois ne tient pas nos exigences de durée de vie ; nous ne la retenons pas, mais nous publierons l’impact de nos cartes.',
      },
    ],
  },
  {
    key: 'solde',
    author: 'Sam_Bordeaux',
    title: 'Choisir le seuil de l’alerte solde bas',
    body: 'Pouvoir régler moi-même le montant qui déclenche l’alerte de solde bas (aujourd’hui fixé à 100 €).',
    hoursAgo: 30,
    voters: ['Julie_Lyon', 'Marc_Paris'],
    steps: [],
  },
];
