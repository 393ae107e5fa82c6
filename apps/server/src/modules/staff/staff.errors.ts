import { AppError, conflict, invalid, notFound, unauthenticated } from '../../platform/errors.ts';

/** The messages a person sees; one place so the wording stays consistent (and enumeration-safe). */
export const staffErrors = {
  // Same answer whether the e-mail, the password or the account state was wrong.
  invalidCredentials: () => unauthenticated('invalid_credentials', 'E-mail ou mot de passe incorrect.'),
  // Same answer for unknown addresses, so a lockout does not reveal that an account exists.
  accountLocked: () =>
    new AppError('rate_limited', 'account_locked', 'Trop de tentatives de connexion : ce compte est bloqué pendant 15 minutes.'),
  ipLocked: () => new AppError('rate_limited', 'too_many_attempts', 'Trop de tentatives depuis cette adresse : réessayez dans 15 minutes.'),
  totpInvalid: () => unauthenticated('totp_invalid', 'Code de vérification incorrect.'),
  totpAlreadyEnabled: () => conflict('totp_already_enabled', 'La double authentification est déjà activée sur ce compte.'),
  totpSetupMissing: () => conflict('totp_setup_missing', 'Commencez par générer un secret de double authentification.'),
  notSignedIn: () => unauthenticated('not_signed_in', 'Connectez-vous pour continuer.'),
  invitationInvalid: () => invalid('invitation_invalid', "Ce lien n'est plus valide : demandez-en un nouveau à un administrateur."),
  emailTaken: () => conflict('email_taken', 'Un compte existe déjà avec cette adresse e-mail.'),
  userNotFound: () => notFound('staff_not_found', 'Ce compte est introuvable.'),
  unknownTeam: () => invalid('unknown_team', "Une des équipes choisies n'existe pas."),
  cannotDeactivateSelf: () => conflict('cannot_deactivate_self', 'Vous ne pouvez pas désactiver votre propre compte.'),
  lastAdmin: () => conflict('last_admin', 'Il doit rester au moins un administrateur actif.'),
};
