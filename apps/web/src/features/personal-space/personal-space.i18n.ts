import { i18next } from '../../i18n/i18n.ts';

// Merged into the shared bundles from here, so parallel edits of src/i18n/*.json do not collide.
i18next.addResourceBundle(
  'fr',
  'translation',
  {
    personalSpace: {
      customise: 'Personnaliser',
      done: 'Terminé',
      add: 'Ajouter un widget',
      nothingToAdd: 'Tous les widgets sont déjà affichés.',
      reset: 'Rétablir',
      resetHint: 'Revenir à la disposition par défaut',
      remove: 'Retirer « {{title}} »',
      moveUp: 'Monter « {{title}} »',
      moveDown: 'Descendre « {{title}} »',
      drag: 'Déplacer « {{title}} »',
      editHint: 'Glissez les cartes par la poignée, agrandissez-les par le coin, ou utilisez les flèches. Tout est enregistré aussitôt.',
      saved: 'Disposition enregistrée',
      empty: 'Votre accueil est vide : ajoutez un widget.',
      widgets: {
        advisor: {
          title: 'Mon conseiller',
          role: 'Votre conseiller·ère attitré·e',
          hint: 'Il ou elle voit vos échanges avec la banque, quel que soit le canal.',
        },
        accounts: {
          title: 'Mes comptes',
          none: 'Aucun compte à afficher.',
          available: 'disponible : {{amount}}',
        },
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
    personalSpace: {
      customise: 'Customise',
      done: 'Done',
      add: 'Add a widget',
      nothingToAdd: 'Every widget is already shown.',
      reset: 'Reset',
      resetHint: 'Back to the default arrangement',
      remove: 'Remove "{{title}}"',
      moveUp: 'Move "{{title}}" up',
      moveDown: 'Move "{{title}}" down',
      drag: 'Move "{{title}}"',
      editHint: 'Drag the cards by their handle, resize them from the corner, or use the arrows. Everything is saved at once.',
      saved: 'Arrangement saved',
      empty: 'Your home is empty: add a widget.',
      widgets: {
        advisor: {
          title: 'My advisor',
          role: 'Your dedicated advisor',
          hint: 'They see your exchanges with the bank, whatever the channel.',
        },
        accounts: {
          title: 'My accounts',
          none: 'No account to show.',
          available: 'available: {{amount}}',
        },
      },
    },
  },
  true,
  true,
);
