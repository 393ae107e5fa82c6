import { conflict, forbidden, invalid, notFound } from '../../platform/errors.ts';

/** What staff and clients are told; one place so the wording stays consistent. */
export const cofinErrors = {
  projectNotFound: () => notFound('cofin_project_not_found', 'Ce projet de co-financement est introuvable.'),
  pledgeNotFound: () => notFound('cofin_pledge_not_found', 'Cette souscription est introuvable.'),
  notEditable: () => conflict('cofin_not_editable', 'Un projet publié ne se modifie plus : seules les nouvelles d’impact s’y ajoutent.'),
  authorCannotApprove: () =>
    forbidden('cofin_author_cannot_approve', 'L’auteur du projet ne peut pas l’approuver : il faut deux autres personnes.'),
  alreadyApproved: () => conflict('cofin_already_approved', 'Vous avez déjà approuvé ce projet : une seconde personne doit le faire.'),
  notPublishable: (blockers: string[]) => conflict('cofin_not_publishable', `Publication impossible : ${blockers.join(' ; ')}.`),
  unknownCriterion: (key: string) => invalid('cofin_unknown_criterion', `Le critère « ${key} » n’existe pas dans la grille de la banque.`),
  investorNotReady: () =>
    conflict(
      'cofin_investor_not_ready',
      'Avant votre première souscription : test de connaissances, simulation de votre capacité à supporter des pertes et avertissement sur les risques.',
    ),
  knowledgeFirst: () => conflict('cofin_knowledge_first', 'Répondez d’abord au test de connaissances.'),
  projectClosed: () => conflict('cofin_project_closed', 'Ce projet n’accepte plus de souscriptions.'),
  targetReached: () =>
    conflict(
      'cofin_target_reached',
      'Ce projet est entièrement financé : votre souscription n’a pas été prise et rien n’a été réservé sur votre compte.',
    ),
  onlyLeft: (leftCents: number) =>
    conflict(
      'cofin_target_exceeded',
      `Il ne reste que ${euros(leftCents)} à financer sur ce projet : votre souscription n’a pas été prise et rien n’a été réservé. Vous pouvez souscrire ce montant au plus.`,
    ),
  belowMinimum: (minCents: number) => invalid('cofin_below_minimum', `Le minimum par souscription est de ${euros(minCents)}.`),
  aboveMaximum: (maxCents: number) => invalid('cofin_above_maximum', `Le maximum par souscription est de ${euros(maxCents)}.`),
  largePledgeConsent: (thresholdCents: number, lossCapacityCents: number | null) =>
    conflict(
      'cofin_large_pledge_consent_required',
      `Attention : ce montant dépasse ${euros(thresholdCents)} (le plus élevé de 1 000 € et 5 % de votre patrimoine net déclaré). ` +
        `Vous pourriez perdre tout l’argent investi${lossCapacityCents !== null ? ` ; d’après votre simulation, vous pouvez supporter une perte de ${euros(lossCapacityCents)}` : ''}. ` +
        'Confirmez explicitement pour continuer.',
    ),
  insufficientFunds: () => conflict('cofin_insufficient_funds', 'Solde disponible insuffisant sur ce compte : rien n’a été réservé.'),
  unknownAccount: () => invalid('cofin_unknown_account', 'Choisissez l’un de vos comptes pour la réservation.'),
  bankingUnavailable: () =>
    conflict('cofin_banking_unavailable', 'Votre compte ne peut pas être consulté pour le moment : réessayez dans quelques minutes.'),
  reflectionOver: () =>
    conflict('cofin_reflection_over', 'Le délai de réflexion de 4 jours est écoulé : cette souscription ne peut plus être retirée.'),
  alreadyWithdrawn: () => conflict('cofin_already_withdrawn', 'Cette souscription a déjà été retirée ou clôturée.'),
  instalmentNotFound: () => notFound('cofin_instalment_not_found', 'Cette échéance est introuvable.'),
  instalmentSettled: () => conflict('cofin_instalment_settled', 'Cette échéance est déjà réglée ou le prêt est en défaut.'),
  wrongAmount: (dueCents: number) => invalid('cofin_wrong_amount', `Le montant reçu doit être celui de l’échéance : ${euros(dueCents)}.`),
  notRepaying: () => conflict('cofin_not_repaying', 'Ce prêt n’est pas en cours de remboursement.'),
};

/** "1 234,56 €" as a French reader writes it, from cents, without a float. */
export function euros(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  const rest = abs % 100;
  return `${sign}${whole}${rest ? `,${String(rest).padStart(2, '0')}` : ''} €`;
}
