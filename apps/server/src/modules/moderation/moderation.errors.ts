import { AppError } from '../../platform/errors.ts';

export const messageNotFound = () => new AppError('not_found', 'message_not_found', "Ce message n'existe pas dans cette conversation.");
export const notModeratable = () =>
  new AppError(
    'validation',
    'message_not_moderatable',
    'Seuls les commentaires publics reçus sur Facebook et Instagram peuvent être masqués.',
  );
export const platformRefused = (detail: string) =>
  new AppError('validation', 'moderation_refused', `La plateforme a refusé l'action : ${detail}`);
export const platformUnavailable = (detail: string) =>
  new AppError('unavailable', 'moderation_unavailable', `La plateforme ne répond pas ; réessayez dans un instant. (${detail})`);
