import { AppError } from '../../platform/errors.ts';

export const channelErrors = {
  unknownPlatform: (platform: string) => new AppError('not_found', 'unknown_platform', `Canal inconnu : ${platform}.`),
  noCredentials: () => new AppError('validation', 'no_credentials', "Ce canal ne demande pas d'identifiants."),
  incomplete: (missing: string[]) =>
    new AppError('validation', 'credentials_incomplete', `Identifiants incomplets : renseignez ${missing.join(', ')}.`, { missing }),
  unusable: (reason: string) =>
    new AppError('validation', 'credentials_unusable', `Ces identifiants ne permettent pas de connecter le canal : ${reason}.`),
  paused: (displayName: string) =>
    new AppError(
      'conflict',
      'channel_paused',
      `Le canal ${displayName} est en pause : aucune réponse n'est envoyée tant qu'un administrateur ne l'a pas repris.`,
    ),
};
