/** What the visitor reads when something goes wrong, in the widget's language. */
export type VisitorLanguage = 'fr' | 'en';

export const VISITOR_MESSAGES: Record<string, Record<VisitorLanguage, string>> = {
  invalid_request: { fr: 'Requête invalide.', en: 'Invalid request.' },
  invalid_field: { fr: 'Le champ « {field} » est invalide.', en: 'The field “{field}” is not valid.' },
  no_session: {
    fr: 'Votre session de discussion a expiré : rechargez la page.',
    en: 'Your chat session has expired: please reload the page.',
  },
  origin_refused: { fr: "Ce site n'est pas autorisé à utiliser le chat.", en: 'This site is not allowed to use the chat.' },
  prechat_required: {
    fr: 'Merci de vous présenter avant de commencer la discussion.',
    en: 'Please introduce yourself before starting the chat.',
  },
  empty_message: { fr: 'Écrivez un message ou joignez un fichier.', en: 'Write a message or attach a file.' },
  payload_too_large: { fr: 'Fichier trop volumineux : 5 Mo au maximum.', en: 'File too large: 5 MB at most.' },
  unsupported_type: {
    fr: 'Type de fichier refusé : images (PNG, JPEG, GIF, WebP) ou PDF uniquement.',
    en: 'File type refused: images (PNG, JPEG, GIF, WebP) or PDF only.',
  },
  empty_file: { fr: 'Le fichier est vide.', en: 'The file is empty.' },
  upload_not_found: { fr: 'Fichier introuvable.', en: 'File not found.' },
  rate_limited: { fr: 'Vous écrivez trop vite : patientez un instant.', en: 'You are writing too fast: please wait a moment.' },
  not_found: { fr: 'Introuvable.', en: 'Not found.' },
  internal_error: { fr: 'Une erreur est survenue : réessayez dans un instant.', en: 'Something went wrong: please try again in a moment.' },
};

export const FIELD_LABELS: Record<string, Record<VisitorLanguage, string>> = {
  name: { fr: 'nom', en: 'name' },
  email: { fr: 'e-mail', en: 'e-mail' },
  topic: { fr: 'sujet', en: 'topic' },
  text: { fr: 'message', en: 'message' },
  attachments: { fr: 'pièces jointes', en: 'attachments' },
  lang: { fr: 'langue', en: 'language' },
};

export function visitorMessage(code: string, language: VisitorLanguage, field?: string): string | null {
  const template = VISITOR_MESSAGES[code]?.[language];
  if (!template) return null;
  const label = field ? (FIELD_LABELS[field]?.[language] ?? field) : '';
  return template.replace('{field}', label);
}

/** The widget says which language it shows; anything but English is French, the bank's language. */
export function languageOf(header: string | string[] | undefined): VisitorLanguage {
  const value = Array.isArray(header) ? header[0] : header;
  return value?.trim().toLowerCase().startsWith('en') ? 'en' : 'fr';
}
