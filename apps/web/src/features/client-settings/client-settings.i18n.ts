import { i18next } from '../../i18n/i18n.ts';

// Merged into the shared bundles from here, so parallel edits of src/i18n/*.json do not collide.
i18next.addResourceBundle(
  'fr',
  'translation',
  {
    clientSettings: {
      nav: { details: 'Mes coordonnées', security: 'Sécurité' },
      details: {
        title: 'Mes coordonnées',
        intro: 'L’adresse e-mail sert aussi à vous connecter. Pour les modifier, vous confirmerez votre identité.',
        name: 'Nom',
        birthDate: 'Date de naissance',
        email: 'Adresse e-mail',
        phone: 'Téléphone mobile',
        save: 'Enregistrer',
        saved: 'Coordonnées enregistrées. Un e-mail de confirmation vous a été envoyé.',
        unchanged: 'Rien n’a changé.',
        fixed: 'Pour corriger votre nom ou votre date de naissance, adressez-vous à votre conseiller.',
      },
      security: {
        title: 'Sécurité',
        intro:
          'Pour vous connecter, votre mot de passe est toujours demandé, avec un second facteur : le code de votre application d’authentification ou une clé d’accès (passkey).',
        passkeys: 'Mes clés d’accès',
        passkeysIntro:
          'Une clé d’accès remplace le code à 6 chiffres : votre téléphone ou votre ordinateur la déverrouille avec votre empreinte, votre visage ou son code.',
        none: 'Aucune clé d’accès pour le moment.',
        name: 'Nom de la clé',
        namePlaceholder: 'Ex. : mon téléphone',
        add: 'Ajouter une clé d’accès',
        added: 'Clé d’accès ajoutée.',
        removed: 'Clé d’accès supprimée.',
        remove: 'Supprimer',
        created: 'Ajoutée le {{date}}',
        lastUsed: 'utilisée le {{date}}',
        neverUsed: 'jamais utilisée',
        synced: 'synchronisée',
        unsupported: 'Ce navigateur ne sait pas utiliser les clés d’accès.',
        cancelled: 'Opération annulée sur votre appareil.',
      },
    },
    clientSpace: {
      login: {
        usePasskey: 'Utiliser une clé d’accès',
        or: 'ou',
      },
      reauth: {
        usePasskey: 'Confirmer avec ma clé d’accès',
        bodyPasskey: 'Saisissez votre mot de passe, puis un code ou votre clé d’accès.',
      },
    },
  },
  true,
  true,
);

i18next.addResourceBundle(
  'en',
  'translation',
  {
    clientSettings: {
      nav: { details: 'My details', security: 'Security' },
      details: {
        title: 'My contact details',
        intro: 'Your e-mail address is also your sign-in. To change them, you will confirm it is you.',
        name: 'Name',
        birthDate: 'Birth date',
        email: 'E-mail address',
        phone: 'Mobile phone',
        save: 'Save',
        saved: 'Details saved. A confirmation e-mail was sent to you.',
        unchanged: 'Nothing changed.',
        fixed: 'To correct your name or birth date, ask your advisor.',
      },
      security: {
        title: 'Security',
        intro: 'To sign in, your password is always asked, with a second factor: the code of your authenticator app or a passkey.',
        passkeys: 'My passkeys',
        passkeysIntro: 'A passkey replaces the 6-digit code: your phone or computer unlocks it with your fingerprint, face or PIN.',
        none: 'No passkey yet.',
        name: 'Passkey name',
        namePlaceholder: 'E.g. my phone',
        add: 'Add a passkey',
        added: 'Passkey added.',
        removed: 'Passkey removed.',
        remove: 'Remove',
        created: 'Added on {{date}}',
        lastUsed: 'used on {{date}}',
        neverUsed: 'never used',
        synced: 'synced',
        unsupported: 'This browser cannot use passkeys.',
        cancelled: 'Cancelled on your device.',
      },
    },
    clientSpace: {
      login: {
        usePasskey: 'Use a passkey',
        or: 'or',
      },
      reauth: {
        usePasskey: 'Confirm with my passkey',
        bodyPasskey: 'Enter your password, then a code or your passkey.',
      },
    },
  },
  true,
  true,
);
