import { AppError, conflict, forbidden, invalid, notFound, unauthenticated } from '../../platform/errors.ts';

/** What a client or a staff member sees; one place so the wording stays consistent and enumeration-safe. */
export const clientErrors = {
  // The same answer whichever of the e-mail, the password or the second factor was wrong.
  invalidCredentials: () => unauthenticated('client_invalid_credentials', 'E-mail, mot de passe ou code incorrect.'),
  // The same for unknown addresses, so that a lockout does not reveal that an account exists.
  accountLocked: () =>
    new AppError('rate_limited', 'client_account_locked', 'Trop de tentatives : votre accès est bloqué pendant 15 minutes.'),
  ipLocked: () => new AppError('rate_limited', 'too_many_attempts', 'Trop de tentatives depuis cette adresse : réessayez dans 15 minutes.'),
  invitationInvalid: () =>
    invalid('client_link_invalid', "Ce lien n'est plus valide. Demandez-en un nouveau à votre conseiller ou à votre agence."),
  totpInvalid: () => invalid('totp_invalid', 'Code incorrect : saisissez le code à 6 chiffres affiché par votre application.'),
  totpSetupMissing: () => conflict('totp_setup_missing', 'Générez d’abord la clé de votre application d’authentification.'),
  clientNotFound: () => notFound('client_not_found', 'Ce client est introuvable.'),
  notYourClient: () => forbidden('not_your_client', 'Ce client ne fait pas partie de votre portefeuille.'),
  emailTaken: () => conflict('client_email_taken', 'Un client de la banque utilise déjà cette adresse e-mail.'),
  noEmail: () => invalid('client_without_email', "Ce client n'a pas d'adresse e-mail : ajoutez-la avant de l'inviter."),
  unknownAdvisor: () => invalid('unknown_advisor', "Le conseiller choisi n'existe pas ou n'est pas conseiller."),
  alreadyActive: () => conflict('client_already_active', 'Ce client a déjà activé son espace sécurisé.'),
  disabled: () => conflict('client_disabled', "L'espace sécurisé de ce client est désactivé."),
};
