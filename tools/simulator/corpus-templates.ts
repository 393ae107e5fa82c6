/**
 * What clients of a French retail bank actually write on social networks, as templates.
 * `{slot}` is replaced by a filler from FILLERS; the style pass (corpus.ts) then adds the
 * typos, SMS spelling and emoji of real traffic. Words such as "virements", "dépôt" and "depot"
 * appear on purpose so the French full-text search can be demonstrated.
 */

export type Topic =
  | 'card'
  | 'transfer'
  | 'fees'
  | 'app_outage'
  | 'loan'
  | 'mortgage'
  | 'savings'
  | 'insurance'
  | 'branch'
  | 'account'
  | 'praise'
  | 'phishing'
  | 'job'
  | 'insult'
  | 'angry_civil';

export const FILLERS: Record<string, readonly string[]> = {
  carte: ['ma carte', 'ma CB', 'ma carte Visa', 'ma carte bleue', 'ma Mastercard', 'ma carte Premier'],
  montant: ['50 €', '120 €', '1 500 €', '300€', '2000 euros', '89,90 €', '750 €', '45€'],
  delai: ['3 jours', 'une semaine', 'deux jours', '48h', '10 jours', 'vendredi', 'hier matin'],
  ville: [
    'Lyon',
    'Nantes',
    'Lille',
    'Bordeaux',
    'Toulouse',
    'Rennes',
    'Strasbourg',
    'Marseille',
    'Montpellier',
    'Grenoble',
    'Dijon',
    'Angers',
  ],
  jour: ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'],
  appli: ["l'appli", "l'application", "l'app mobile", 'votre appli', "l'appli Banque Exemple"],
  commerce: ['Carrefour', 'la station essence', 'Amazon', 'la boulangerie', 'un resto', 'Leroy Merlin', 'la Fnac', 'Decathlon'],
  pays: ['en Espagne', 'au Portugal', 'en Italie', 'au Maroc', 'aux États-Unis', 'en Grèce', 'au Canada'],
  conseiller: ['ma conseillère', 'mon conseiller', 'Mme Garnier', 'M. Lefèvre', 'la conseillère de mon agence'],
  livret: ['Livret A', 'LDDS', 'PEL', 'livret jeune', 'LEP'],
  assurance: ['assurance habitation', 'assurance auto', 'assurance emprunteur', 'assurance moyens de paiement'],
  projet: ['une voiture', 'des travaux', 'un mariage', 'une moto', 'le permis de ma fille', 'une cuisine'],
  heure: ['9h', '10h', '14h', '8h30', '17h'],
  erreur: ['erreur 503', 'écran blanc', 'erreur technique', '"service indisponible"', 'code erreur 0x45', 'chargement infini'],
};

/** English replacements of the fillers whose French wording would clash in an English message. */
export const EN_FILLERS: Record<string, readonly string[]> = {
  delai: ['3 days', 'a week', 'two days', '48 hours', '10 days', 'Friday'],
  jour: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
  projet: ['a car', 'home improvements', 'a wedding', 'a motorbike', 'a new kitchen'],
  erreur: ['error 503', 'blank screen', '"service unavailable"', 'endless loading'],
  montant: ['€50', '€120', '€1,500', '€300', '2000 euros', '€750'],
};

/** French templates by topic, ~80% of the traffic. */
export const FR_TEMPLATES: Record<Topic, readonly string[]> = {
  card: [
    '{carte} est bloquée depuis {delai}, impossible de payer chez {commerce}. Je fais comment ?',
    "Bonjour, {carte} a été refusée {pays} alors que j'ai de l'argent sur le compte. Pourquoi ?",
    "J'ai perdu {carte} hier soir, comment je fais opposition ?",
    "Urgent : on m'a volé {carte} dans le métro, l'opposition est bien faite ?",
    'Comment augmenter le plafond de {carte} ? Je dois payer {montant} {jour}',
    'Plafond de paiement atteint alors que je suis {pays}, vous pouvez le relever temporairement ?',
    "Je vois un paiement de {montant} que je n'ai jamais fait sur {carte}, c'est une fraude ?",
    'Toujours pas reçu ma nouvelle carte, commandée il y a {delai}',
    "Code PIN bloqué après 3 essais, est-ce qu'il se débloque tout seul ?",
    'Ma carte sans contact ne marche plus depuis {delai}, normal ?',
    'Le distributeur de {ville} a avalé {carte} 😱 je fais quoi',
    'Est-ce que je peux bloquer temporairement {carte} depuis {appli} ?',
    "Carte refusée chez {commerce} devant tout le monde, c'est la honte. Vous pouvez m'expliquer ?",
  ],
  transfer: [
    "Mon virement de {montant} n'est toujours pas arrivé après {delai}, c'est normal ?",
    'Virement instantané envoyé il y a 2h et le bénéficiaire ne le voit pas',
    'Pourquoi les virements instantanés sont payants chez vous ?',
    "J'attends un virement de mon employeur depuis {delai}, il est bloqué chez vous ?",
    "Impossible d'ajouter un bénéficiaire dans {appli}, le code SMS n'arrive jamais",
    "J'ai fait un virement au mauvais IBAN, est-ce qu'on peut l'annuler ?",
    'Les virements programmés ne sont pas partis ce mois-ci, mon loyer est en retard 😡',
    'Virement de {montant} rejeté sans explication, vous pouvez regarder ?',
    'Combien de temps pour un virement vers une autre banque ? Ça fait {delai}',
    'Mes virements permanents ont disparu de {appli} depuis la mise à jour',
    'Le plafond de virement est trop bas, comment le relever pour {montant} ?',
    'Virement reçu en double sur mon compte, je préfère vous prévenir',
  ],
  fees: [
    'Frais honteux : {montant} de frais de tenue de compte ce trimestre !!',
    "Encore des frais d'incident de {montant} pour un découvert de 2 jours, sérieusement ?",
    "Pourquoi je paie des frais de carte alors que je ne l'utilise presque pas",
    "Commission d'intervention de {montant}, vous abusez vraiment",
    "Vos frais à l'étranger sont scandaleux, {montant} pour un retrait {pays}",
    'Je compare avec les banques en ligne et vos frais sont 3x plus chers, expliquez-moi',
    "On m'a prélevé {montant} de frais sans prévenir, je veux un remboursement",
    "Les frais de dépôt d'espèces ont augmenté ? Personne ne m'a prévenu",
    "Frais de rejet de prélèvement de {montant}, c'est abusé pour une erreur de votre côté",
    'Si les frais continuent comme ça je change de banque, clairement',
  ],
  app_outage: [
    '{appli} plante encore, impossible de me connecter depuis ce matin',
    "L'appli plante encore au démarrage, {erreur}",
    'Site et {appli} en panne ? {erreur} depuis {heure}',
    "Je n'arrive plus à valider mes paiements, la notif de sécurité n'arrive pas",
    'Depuis la mise à jour {appli} me déconnecte toutes les 30 secondes',
    'Encore une panne un {jour}, ça devient une habitude chez vous',
    'Impossible de voir mon solde, {erreur} à chaque fois',
    'Le dépôt de chèque par photo dans {appli} ne fonctionne plus',
    'Panne générale ? Plusieurs amis ont le même problème à {ville}',
    "Mon code d'accès est refusé alors que c'est le bon, {appli} bug",
    '{appli} ne reconnaît plus mon empreinte depuis la mise à jour',
  ],
  loan: [
    'Bonjour, je voudrais un prêt perso pour {projet}, quels sont vos taux ?',
    'Combien de temps pour avoir une réponse sur une demande de crédit ? Ça fait {delai}',
    'Est-ce que je peux rembourser mon prêt auto par anticipation sans frais ?',
    'Simulation de prêt pour {projet} : le site affiche une erreur',
    "Mon crédit conso a été refusé sans explication, j'aimerais comprendre",
    'Je peux décaler une échéance de mon prêt ce mois-ci ? Petit coup dur',
  ],
  mortgage: [
    'Quels sont vos taux pour un prêt immobilier sur 25 ans ? Premier achat à {ville}',
    "On attend l'offre de prêt immo depuis {delai}, le compromis expire bientôt 😰",
    'Est-ce possible de renégocier le taux de mon crédit immobilier ?',
    'Prêt à taux zéro : est-ce que vous le proposez pour un achat à {ville} ?',
    'Mon dossier de crédit immobilier est bloqué, {conseiller} ne répond plus',
    "Besoin d'un rdv avec {conseiller} pour un projet d'achat immobilier",
  ],
  savings: [
    'Quel est le taux du {livret} en ce moment ?',
    'Comment ouvrir un {livret} pour mon fils depuis {appli} ?',
    'Je voudrais transférer mon {livret} chez vous, comment faire ?',
    'Virement vers mon {livret} refusé, plafond atteint ? je comprends pas',
    'Vous conseillez quoi entre {livret} et assurance vie pour {montant} par mois ?',
    "Les intérêts de mon {livret} n'apparaissent pas, c'est normal ?",
  ],
  insurance: [
    'Comment déclarer un sinistre sur mon {assurance} ?',
    'Dégât des eaux chez moi, mon {assurance} couvre quoi exactement ?',
    'Je veux résilier mon {assurance}, quelle est la procédure ?',
    'Remboursement de mon sinistre toujours en attente depuis {delai}',
    'Votre {assurance} est plus chère que la concurrence, vous pouvez faire un geste ?',
  ],
  branch: [
    "Quels sont les horaires de l'agence de {ville} le {jour} ?",
    "L'agence de {ville} est fermée alors que le site dit ouvert, c'est quoi le problème",
    'Le dépôt de chèque se fait encore en agence ou seulement au guichet automatique ?',
    "Ou faire un depot d'especes a {ville} ? l'automate est en panne",
    "Je voudrais un rdv avec {conseiller} {jour} vers {heure}, c'est possible ?",
    "Le DAB de l'agence de {ville} est hors service depuis {delai}",
    'Dépôt de chèque fait {jour}, toujours pas crédité',
    "Est-ce qu'il y a un parking près de l'agence de {ville} ?",
    "Impossible de joindre l'agence de {ville} par téléphone, ça sonne dans le vide",
  ],
  account: [
    'Comment télécharger mon RIB dans {appli} ?',
    'Je veux clôturer mon compte, quelle est la démarche ?',
    'Ouverture de compte pour mon fils de 16 ans, quels documents ?',
    "Mon compte est bloqué suite à un contrôle, on ne m'explique rien",
    "Changement d'adresse impossible dans {appli}, le formulaire ne s'enregistre pas",
    "Relevé de compte de {jour} introuvable dans l'espace client",
    'Comment ajouter mon conjoint sur mon compte pour un compte joint ?',
  ],
  praise: [
    "Merci à {conseiller} de l'agence de {ville}, super réactive 👏",
    'Franchement bravo pour la nouvelle appli, enfin claire',
    'Service client au top ce matin, problème de carte réglé en 10 minutes merci !',
    "Ça fait plaisir d'avoir une vraie réponse sur les réseaux, merci Banque Exemple",
    'Prêt immo accordé en {delai} grâce à {conseiller}, merci infiniment 🙏',
    "L'équipe de l'agence de {ville} est adorable, merci pour l'accueil",
    'Virement instantané reçu en 5 secondes, impressionnant 😍',
  ],
  phishing: [
    'J\'ai reçu un SMS "Banque Exemple" qui me demande de valider un paiement de {montant}, c\'est une arnaque ?',
    'Mail bizarre qui vous ressemble avec un lien pour "réactiver" mon compte, je signale',
    "Quelqu'un m'a appelé en se faisant passer pour {conseiller} et m'a demandé mon code, attention !",
    'Faux site Banque Exemple qui circule sur Facebook, faites quelque chose',
    "Un faux conseiller m'a fait valider une opération de {montant}, je fais quoi ??",
    "Attention arnaque : SMS avec un lien banque-exemple-securite.com, ce n'est pas vous ?",
  ],
  job: [
    'Bonjour, je cherche une alternance en conseil clientèle à {ville}, à qui envoyer mon CV ?',
    'Vous recrutez des conseillers à {ville} ? Je suis très motivée',
    "Candidature spontanée envoyée il y a {delai}, aucune réponse, c'est normal ?",
    "Stage de fin d'études en data chez vous, c'est possible ?",
  ],
  insult: [
    'Bande de voleurs, vous êtes des escrocs',
    'Banque de merde, rendez-moi mon argent bande de clowns',
    'Vous êtes des incompétents, tous autant que vous êtes 🤡',
    'Fermez la boutique, bande de nuls',
    'Ta banque pue, retourne gérer un PMU',
  ],
  angry_civil: [
    "Je suis vraiment en colère : {delai} sans réponse à mes messages, ce n'est pas acceptable",
    "Client depuis 20 ans et traité comme ça, je suis très déçu. J'attends une explication",
    "Troisième fois que j'écris pour le même problème. Merci de me rappeler enfin.",
    "Je n'ai pas d'autre choix que de vous écrire ici puisque l'agence ne répond pas",
    "Votre service se dégrade d'année en année, et personne ne semble s'en soucier",
    'Inadmissible : on me refuse {montant} de découvert alors que mon salaire tombe {jour}',
  ],
};

/** English templates, ~20% of the traffic (expatriates, tourists, international clients). */
export const EN_TEMPLATES: Record<Topic, readonly string[]> = {
  card: [
    'My card was declined in Paris even though I have funds, why?',
    'Lost my card, how do I block it?',
    'Can I raise my card limit to {montant}?',
  ],
  transfer: [
    'My transfer of {montant} still has not arrived after {delai}',
    'How long does an international transfer take?',
    'Instant transfer failed but the money left my account',
  ],
  fees: ['Why was I charged {montant} in fees this month?', 'Your foreign transaction fees are outrageous'],
  app_outage: ['The app keeps crashing on login, is there an outage?', 'Cannot log in to the app since this morning, {erreur}'],
  loan: ['What are your personal loan rates for {projet}?'],
  mortgage: ['Do you offer mortgages to non-residents buying in {ville}?', 'Still waiting for my mortgage offer after {delai}'],
  savings: ['Can a non-resident open a Livret A?'],
  insurance: ['How do I file a claim on my home insurance?'],
  branch: ['What time does the {ville} branch open on {jour}?', 'Is there an English-speaking advisor at the {ville} branch?'],
  account: ['How do I open an account as an expat in France?', 'Where can I download my bank details (RIB)?'],
  praise: ['Great service at the {ville} branch today, thank you!', 'Thanks for the quick help with my card 🙏'],
  phishing: ['Got a text claiming to be from Banque Exemple asking for my code, scam?'],
  job: ['Are you hiring software engineers in {ville}?'],
  insult: ['Worst bank ever, bunch of crooks'],
  angry_civil: ['Very disappointed: {delai} and nobody has answered my complaint.'],
};

export const TOPIC_WEIGHTS: readonly (readonly [Topic, number])[] = [
  ['card', 14],
  ['transfer', 12],
  ['fees', 9],
  ['app_outage', 10],
  ['loan', 5],
  ['mortgage', 5],
  ['savings', 5],
  ['insurance', 4],
  ['branch', 7],
  ['account', 5],
  ['praise', 7],
  ['phishing', 5],
  ['job', 3],
  ['insult', 3],
  ['angry_civil', 6],
];

/** What the same person writes next in a thread they already started. */
export const FR_FOLLOW_UPS: readonly string[] = [
  'Toujours rien ?',
  'Merci pour votre réponse, mais ça ne marche toujours pas',
  'Je vous ai envoyé un message privé',
  "C'est bon ça remarche, merci !",
  "Relance : j'attends toujours une réponse",
  "Quelqu'un peut me répondre svp ?",
  "Ok merci, je passe à l'agence {jour}",
  "Je précise : c'est sur {appli}, version Android",
  "Voilà une capture de l'écran",
  'Nom : ok, je vous envoie ça en privé',
  'Merci beaucoup pour votre aide 🙏',
  'Et donc ? Aucune nouvelle depuis {delai}',
];
export const EN_FOLLOW_UPS: readonly string[] = [
  'Any update?',
  'Thanks, it works now!',
  'Still not solved, please help',
  'Here is a screenshot',
];

/** Topics whose DMs sometimes carry a screenshot or a photo, and which image. */
export const TOPIC_MEDIA: Partial<Record<Topic, string>> = {
  app_outage: 'erreur-503',
  card: 'carte-bancaire',
  transfer: 'recu-virement',
  fees: 'recu-virement',
};
