import { i18next } from '../../i18n/i18n.ts';

// Merged into the shared bundles from here, so parallel edits of src/i18n/*.json do not collide.
i18next.addResourceBundle(
  'fr',
  'translation',
  {
    approvals: {
      nav: 'Validations',
      title: 'Validations',
      subtitle:
        'Réponses publiques sensibles en attente d’une seconde personne (quatre yeux). Validez pour envoyer, ou refusez avec un commentaire pour l’auteur.',
      empty: 'Aucune réponse en attente de validation.',
      inbound: 'Message de {{name}}',
      proposed: 'Réponse proposée par {{name}}',
      reason: 'Motif :',
      approve: 'Valider et envoyer',
      reject: 'Refuser',
      open: 'Ouvrir la conversation',
      rejectTitle: 'Refuser la réponse',
      rejectComment: 'Commentaire pour l’auteur',
      rejectPlaceholder: 'Pourquoi cette réponse ne peut pas partir, et quoi changer',
      rejectConfirm: 'Refuser la réponse',
      approved: 'Réponse validée : elle part maintenant',
      rejected: 'Réponse refusée',
      noReason: 'Validation requise',
      own: 'Votre propre réponse : une seconde personne doit la valider.',
    },
  },
  true,
  false,
);
i18next.addResourceBundle(
  'en',
  'translation',
  {
    approvals: {
      nav: 'Approvals',
      title: 'Approvals',
      subtitle:
        'Sensitive public replies waiting for a second person (four eyes). Approve to send, or reject with a comment for the author.',
      empty: 'No reply is waiting for approval.',
      inbound: 'Message from {{name}}',
      proposed: 'Reply proposed by {{name}}',
      reason: 'Reason:',
      approve: 'Approve and send',
      reject: 'Reject',
      open: 'Open the conversation',
      rejectTitle: 'Reject the reply',
      rejectComment: 'Comment for the author',
      rejectPlaceholder: 'Why this reply cannot go out, and what to change',
      rejectConfirm: 'Reject the reply',
      approved: 'Reply approved: it is being sent',
      rejected: 'Reply rejected',
      noReason: 'Approval required',
      own: 'Your own reply: a second person must approve it.',
    },
  },
  true,
  false,
);
