import { AppError, conflict, forbidden, invalid, notFound } from '../../platform/errors.ts';

/** Secure messaging's errors, in words a person acts on. */
export const secureErrors = {
  // Another client's thread, or one outside an advisor's portfolio, is "not found": ids leak nothing.
  threadNotFound: () => notFound('secure_thread_not_found', 'Cette conversation sécurisée est introuvable.'),
  attachmentNotFound: () => notFound('secure_attachment_not_found', 'Ce fichier est introuvable.'),
  threadClosed: () => conflict('secure_thread_closed', 'Cette conversation est close : ouvrez-en une nouvelle.'),
  noAdvisor: () =>
    conflict(
      'secure_no_advisor',
      'Aucun conseiller ni équipe de conseillers ne peut encore recevoir vos messages : contactez votre agence.',
    ),
  attachmentUnusable: () =>
    invalid('secure_attachment_unusable', "Une pièce jointe n'appartient pas à ce message : joignez-la de nouveau."),
  tooManyPending: () =>
    conflict(
      'secure_too_many_files',
      'Trop de fichiers en attente : envoyez votre message, ou retirez des fichiers, avant d’en joindre d’autres.',
    ),
  emptyFile: () => invalid('empty_file', 'Le fichier est vide.'),
  fileTooLarge: () => new AppError('payload_too_large', 'payload_too_large', 'Fichier trop volumineux : 5 Mo au maximum.'),
  unsupportedType: () => invalid('unsupported_type', 'Type de fichier refusé : images (PNG, JPEG, GIF, WebP) ou PDF uniquement.'),
  notPrivate: () => invalid('secure_link_private_only', 'Le lien vers l’espace sécurisé ne s’envoie qu’en message privé.'),
  linkUnknown: () => notFound('secure_link_unknown', 'Ce lien est inconnu : demandez-en un nouveau à votre conseiller.'),
  linkExpired: () => conflict('secure_link_expired', 'Ce lien a expiré : demandez-en un nouveau dans votre conversation.'),
  linkUsed: () => conflict('secure_link_used', 'Ce lien a déjà servi : votre conversation continue dans votre messagerie sécurisée.'),
  identityTaken: () =>
    conflict('secure_identity_taken', 'Ce compte de réseau social est déjà relié à un autre client : contactez votre conseiller.'),
  staffCannotWrite: () => forbidden('secure_staff_forbidden', 'Votre rôle ne permet pas d’écrire dans cette conversation.'),
};
