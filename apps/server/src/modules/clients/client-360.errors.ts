import { AppError, conflict, forbidden, invalid, notFound } from '../../platform/errors.ts';

/** The advisor workstation's and the personal space's errors, in words a person acts on. */
export const client360Errors = {
  clientNotFound: () => notFound('client_not_found', 'Ce client est introuvable.'),
  notYourClient: () => forbidden('not_your_client', 'Ce client ne fait pas partie de votre portefeuille.'),
  noPortfolio: () => forbidden('no_portfolio', 'Votre rôle ne donne pas accès à un portefeuille de clients.'),
  advisorRequired: () => invalid('advisor_required', 'Choisissez un conseiller, ou cherchez un client par son nom.'),
  invalidCursor: () => invalid('invalid_cursor', 'Position de pagination invalide : rechargez la page.'),
  notesNeedFullAccess: () => forbidden('notes_forbidden', 'Les notes de ce client sont réservées à son conseiller et à l’encadrement.'),
  identityNotLinked: () => notFound('identity_not_linked', "Cette identité n'est pas reliée à ce client."),
  unlinkNotFound: () => notFound('unlink_not_found', 'Ce lien défait est introuvable.'),
  identityTaken: () => conflict('identity_taken', 'Cette identité est déjà reliée à un client : le lien ne peut pas être rétabli.'),
  alreadyRelinked: () => conflict('identity_already_relinked', 'Ce lien a déjà été rétabli.'),
  emailTaken: () => conflict('client_email_taken', 'Un autre client de la banque utilise déjà cette adresse e-mail.'),
  accountsUnavailable: () =>
    new AppError('unavailable', 'accounts_unavailable', 'Vos comptes sont momentanément indisponibles : réessayez dans un instant.'),
  passkeyNotFound: () => notFound('passkey_not_found', 'Cette clé d’accès est introuvable.'),
  passkeyRegistrationFailed: () =>
    invalid('passkey_registration_failed', "La clé d'accès n'a pas pu être enregistrée : recommencez depuis cette page."),
  passkeyAlreadyRegistered: () => conflict('passkey_already_registered', 'Cette clé d’accès est déjà enregistrée.'),
  tooManyPasskeys: () => conflict('too_many_passkeys', 'Vous avez déjà 10 clés d’accès : supprimez-en une avant d’en ajouter.'),
};
