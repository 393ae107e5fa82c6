import { AppError } from '../../platform/errors.ts';

/** The community's typed errors; messages are safe to show as they are. */
export const communityErrors = {
  signInRequired: () =>
    new AppError('unauthenticated', 'community_sign_in_required', 'Connectez-vous (espace client ou compte communauté) pour participer.'),
  pseudonymRequired: () =>
    new AppError('forbidden', 'pseudonym_required', 'Choisissez d’abord votre pseudonyme : c’est le seul nom affiché dans la communauté.'),
  pseudonymTaken: () => new AppError('conflict', 'pseudonym_taken', 'Ce pseudonyme est déjà pris. Choisissez-en un autre.'),
  pseudonymRefused: (why: string) => new AppError('validation', 'pseudonym_refused', why),
  notFound: (what = 'Ce contenu') => new AppError('not_found', 'community_not_found', `${what} est introuvable ou n’est pas visible.`),
  forbidden: (message: string) => new AppError('forbidden', 'community_forbidden', message),
  trustTooLow: (what: string, level: number) =>
    new AppError(
      'forbidden',
      'trust_level_too_low',
      `${what} est possible à partir du niveau de confiance ${level} : continuez à participer !`,
    ),
  silenced: (until: Date) =>
    new AppError(
      'forbidden',
      'member_silenced',
      `Votre participation est suspendue jusqu’au ${until.toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' })} par la modération.`,
    ),
  tooManyLinks: (max: number) =>
    new AppError('validation', 'too_many_links', `Les nouveaux membres peuvent mettre ${max} lien(s) au plus par message.`),
  tooManyImages: (max: number) => new AppError('validation', 'too_many_images', `${max} image(s) au plus par message à votre niveau.`),
  rateLimited: (what: string) => new AppError('rate_limited', 'community_rate_limited', `${what} : patientez un peu avant de recommencer.`),
  staffOnly: () => new AppError('forbidden', 'staff_only', 'Réservé à l’équipe de la banque.'),
  invalidCredentials: () => new AppError('unauthenticated', 'invalid_credentials', 'E-mail ou mot de passe incorrect.'),
  emailNotVerified: () =>
    new AppError('forbidden', 'email_not_verified', 'Confirmez d’abord votre adresse e-mail : nous vous avons envoyé un lien.'),
  locked: () => new AppError('forbidden', 'account_locked', 'Trop d’essais : votre compte est bloqué 15 minutes.'),
  linkInvalid: () => new AppError('validation', 'link_invalid', 'Ce lien n’est plus valable : demandez-en un nouveau.'),
  emailTaken: () => new AppError('conflict', 'email_taken', 'Un compte existe déjà avec cette adresse e-mail.'),
  closed: (message: string) => new AppError('conflict', 'community_closed', message),
  invalidState: (message: string) => new AppError('conflict', 'invalid_state', message),
  uploadRefused: (message: string) => new AppError('validation', 'upload_refused', message),
};
