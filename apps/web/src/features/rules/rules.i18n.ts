import { i18next } from '../../i18n/i18n.ts';

// Kept next to the feature and merged into the shared bundles, so parallel work on
// src/i18n/{fr,en}.json does not collide; keys are used through t() like any other.
i18next.addResourceBundle(
  'fr',
  'translation',
  {
    rules: {
      crisisBanner: 'Mode crise activé : chaque réponse publique est validée avant envoi',
      crisisToggle: 'Mode crise',
      crisisHelp: 'Toutes les réponses publiques passent par une validation à quatre yeux.',
      crisisOnTitle: 'Activer le mode crise ?',
      crisisOnBody:
        'Chaque réponse publique de chaque agent attendra la validation d’une seconde personne avant d’être envoyée. Un bandeau rouge le signale à toute l’équipe.',
      crisisOffTitle: 'Désactiver le mode crise ?',
      crisisOffBody:
        'Les réponses publiques partiront de nouveau directement, sauf celles que les règles habituelles soumettent à validation.',
      crisisOn: 'Mode crise activé',
      crisisOff: 'Mode crise désactivé',
      settingsTitle: 'Règles de réponse',
      signature: 'Signature des réponses publiques',
      signatureHelp: 'Doit contenir {prenom} : l’expéditeur est identifié. Aperçu : {{preview}}',
      signatureMissing: 'La signature doit contenir {prenom}',
      threshold: 'Seuil des réclamations soumises à validation',
      thresholdHelp:
        'Sentiment de −1 (très négatif) à 0 : une réponse publique à un message plus négatif que ce seuil attend une validation.',
      save: 'Enregistrer',
      saved: 'Règles enregistrées',
    },
  },
  true,
  false,
);
i18next.addResourceBundle(
  'en',
  'translation',
  {
    rules: {
      crisisBanner: 'Crisis mode on: every public reply is approved before it is sent',
      crisisToggle: 'Crisis mode',
      crisisHelp: 'Every public reply goes through four-eyes approval.',
      crisisOnTitle: 'Turn crisis mode on?',
      crisisOnBody:
        'Every public reply from every agent will wait for a second person’s approval before it is sent. A red banner tells the whole team.',
      crisisOffTitle: 'Turn crisis mode off?',
      crisisOffBody: 'Public replies will go out directly again, except those the usual rules send for approval.',
      crisisOn: 'Crisis mode on',
      crisisOff: 'Crisis mode off',
      settingsTitle: 'Reply rules',
      signature: 'Signature of public replies',
      signatureHelp: 'Must contain {prenom}: the sender is identified. Preview: {{preview}}',
      signatureMissing: 'The signature must contain {prenom}',
      threshold: 'Threshold of complaints sent for approval',
      thresholdHelp: 'Sentiment from −1 (very negative) to 0: a public reply to a message more negative than this waits for approval.',
      save: 'Save',
      saved: 'Rules saved',
    },
  },
  true,
  false,
);
