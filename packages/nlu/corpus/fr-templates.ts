// French training templates, one entry per intent of the taxonomy (Banking77 + social intents).
// Written for this project; phrasings imitate tweets, Facebook comments, DMs and app reviews.
// The held-out set (generate-fr-heldout.ts) is written separately with different sentences.
import type { Sentiment } from './template-engine.ts';

export const FR_POOLS: Record<string, readonly string[]> = {
  hello: ['', '', 'Bonjour', 'Bonjour,', 'Salut', 'Bonsoir', 'Hello', 'Bonjour à vous,', 'Bjr', 'Coucou', 'Bonjour madame, monsieur,'],
  thanks: ['', '', '', 'Merci', "Merci d'avance", 'Merci de votre retour', 'svp', 'SVP', 'Cordialement', 'merci de me répondre rapidement', 'Bonne journée'],
  carte: ['ma carte', 'ma carte bancaire', 'ma CB', 'ma carte bleue', 'ma carte Visa', 'ma Mastercard', 'ma carte de paiement', 'ma carte de débit'],
  lacarte: ['la carte', 'la carte bancaire', 'la CB', 'la carte bleue', 'la carte Visa'],
  appli: ["l'appli", "l'application", "l'app", 'votre appli', "l'application mobile", 'votre application'],
  virement: ['virement', 'transfert', 'virement bancaire', 'virement SEPA'],
  montant: ['50 €', '120 euros', '1 500 €', '30€', '200 euros', '75,50 €', '15 balles', '800 €', '2000 euros', '9,99 €', '45 €'],
  delai: ['3 jours', 'une semaine', '10 jours', 'deux semaines', 'hier', 'ce matin', 'lundi', '48h', 'un mois', 'plusieurs jours'],
  pays: ["l'Espagne", "l'Italie", 'les USA', 'le Maroc', 'le Royaume-Uni', 'le Japon', 'le Portugal', 'la Suisse', 'le Canada', 'la Thaïlande'],
  devise: ['dollars', 'livres', 'yens', 'francs suisses', 'dirhams', 'dollars canadiens', 'euros'],
  commercant: ['Amazon', 'Carrefour', 'un resto', 'une station essence', 'Leboncoin', 'Uber', 'Zara', 'la SNCF', 'Netflix', 'un site chinois', 'Cdiscount', 'Auchan'],
  dab: ['distributeur', 'DAB', 'distributeur automatique', 'distrib', 'guichet automatique', 'distributeur de billets'],
  agacement: ["c'est pénible", "j'en ai marre", 'ras le bol', "c'est inadmissible", 'franchement pas sérieux', "c'est la galère", 'je suis dégoûté', 'quelle galère', 'super énervé', 'vraiment nul'],
  urgent: ['', '', 'urgent', "c'est urgent", 'URGENT', 'au secours', 'aidez-moi vite'],
  vite: ['rapidement', 'au plus vite', 'vite', 'dès que possible', 'asap'],
  ami: ['un ami', 'ma sœur', 'mon frère', 'ma mère', 'un pote', 'mon proprio', 'un collègue', 'ma copine', 'mon fils'],
  produit: ['un livret A', 'un LDDS', 'une assurance vie', 'un PEL', 'un compte épargne', 'un PEA'],
};

export interface IntentTemplates {
  sentiment: Sentiment;
  templates: string[];
}

export const FR_TEMPLATES: Record<string, IntentTemplates> = {
  card_arrival: {
    sentiment: 'negative',
    templates: [
      '{$hello} {j’attends|j\'attends toujours|toujours pas reçu} {$carte} {depuis|ça fait} {$delai}, {elle arrive quand|c\'est normal|vous pouvez vérifier} ? {$thanks}',
      '{$hello} {$carte} n\'est toujours pas arrivée {alors que je l\'ai commandée il y a|après} {$delai}',
      'Toujours pas de {nouvelle carte|carte} dans ma boîte aux lettres {au bout de|après} {$delai} {😤|}, {elle est où|vous l\'avez envoyée} ?',
      'Est-ce que je peux suivre l\'envoi de {$carte} ? {Je ne l\'ai pas reçue|Elle n\'est pas arrivée}',
      '{$hello} ma nouvelle carte devait arriver {la semaine dernière|il y a $delai|depuis longtemps} et {rien|toujours rien}. {$agacement}',
      'Carte jamais reçue {!|.} {Commandée|Demandée} il y a {$delai}, {que faire|je fais comment} ?',
    ],
  },
  card_linking: {
    sentiment: 'neutral',
    templates: [
      '{$hello} comment {je relie|ajouter|lier|associer} {$carte} {à mon compte|dans $appli} ? {$thanks}',
      'Je n\'arrive pas à {lier|relier|rattacher} ma {nouvelle|} carte {à|dans} {$appli}, {comment faire|une idée} ?',
      'Où est-ce qu\'on {active|ajoute} une carte {déjà reçue|que j\'ai déjà} dans {$appli} ?',
      'J\'ai retrouvé {$carte}, {comment la remettre|je peux la réassocier} sur mon compte ?',
      'Comment {enregistrer|ajouter} une carte existante {sur mon compte|dans mon espace client} ?',
    ],
  },
  exchange_rate: {
    sentiment: 'neutral',
    templates: [
      '{$hello} {quel est|c\'est quoi} votre taux de change {pour les|avec les|en} {$devise} ? {$thanks}',
      'Vous utilisez quel taux de {change|conversion} {quand je paie à l\'étranger|pour convertir en $devise} ?',
      'Le taux de change {est mis à jour quand|vient d\'où|est-il le taux officiel} ?',
      'Combien je vais avoir en {$devise} pour {$montant} ? {C\'est quoi le taux|Quel taux vous appliquez}',
      'Où je peux voir le taux de change {du jour|actuel} dans {$appli} ?',
    ],
  },
  card_payment_wrong_exchange_rate: {
    sentiment: 'negative',
    templates: [
      '{$hello} le taux de change appliqué à mon paiement {en $devise|à l\'étranger|chez $commercant} est {faux|mauvais|n\'importe quoi}',
      'J\'ai payé {par carte|avec $carte} {en $devise|pendant mes vacances} et le taux {n\'est pas le bon|est bien pire que le taux officiel}. {$agacement}',
      'Pourquoi mon achat {à l\'étranger|en $devise} a été converti avec un {mauvais|drôle de} taux ?',
      'Le montant débité {pour mon paiement|sur ma carte} ne correspond pas au taux de change {du jour|officiel}, {vous m\'expliquez|c\'est normal} ?',
      'Taux de change {abusif|incorrect} sur un paiement carte {en $devise|au $pays}',
    ],
  },
  extra_charge_on_statement: {
    sentiment: 'negative',
    templates: [
      '{$hello} il y a {des frais|un prélèvement|une somme} {en trop|que je ne comprends pas} sur mon relevé',
      'Pourquoi j\'ai {un euro|des frais} de plus {sur mon relevé|sur mon compte} {pour un paiement|ce mois-ci} ?',
      'Je vois des frais supplémentaires {sur mon relevé|dans mon historique} {, c\'est quoi|, d\'où ça vient} ?',
      'Frais {inconnus|inexpliqués} {de $montant|} sur mon relevé de compte, {expliquez-moi|merci de vérifier}',
      'On m\'a facturé {un supplément|des frais en plus} sur un achat, {je ne comprends pas pourquoi|c\'est quoi ce truc}',
    ],
  },
  pending_cash_withdrawal: {
    sentiment: 'neutral',
    templates: [
      '{$hello} mon retrait {au $dab|d\'espèces} est {toujours|encore} en attente {depuis $delai|}, {c\'est normal|pourquoi} ?',
      'Pourquoi un retrait d\'argent {que j\'ai fait|de $montant} apparaît {en attente|en cours} ?',
      'Le retrait {au distributeur|d\'espèces} {de $montant|} est marqué en attente, {il sera validé quand|combien de temps ça prend} ?',
      'J\'ai retiré {du liquide|des espèces|$montant} mais {l\'opération|le retrait} reste en attente dans {$appli}',
    ],
  },
  fiat_currency_support: {
    sentiment: 'neutral',
    templates: [
      '{$hello} est-ce que je peux {avoir|garder} de l\'argent en {$devise} sur mon compte ?',
      'Quelles devises {vous acceptez|sont disponibles} {sur le compte|pour détenir de l\'argent} ?',
      'Vous gérez {les $devise|quelles monnaies} {pour les comptes|dans l\'appli} ?',
      'Je peux {ouvrir un compte|tenir un solde} en {$devise} chez vous ?',
      'Liste des devises {supportées|prises en charge} {svp|?}',
    ],
  },
  card_delivery_estimate: {
    sentiment: 'neutral',
    templates: [
      '{$hello} combien de temps pour recevoir {la carte|une nouvelle carte|ma carte} {après la commande|par la poste} ? {$thanks}',
      'Quel est le délai de livraison {d\'une carte|des cartes} {au $pays|en France|} ?',
      'Je viens de commander {une carte|$carte}, elle {arrive|sera livrée} {en combien de temps|sous combien de jours} ?',
      'Délai {moyen|habituel} pour la livraison de {la carte bancaire|la carte} ?',
      'Vous livrez la carte {en express|rapidement} ? J\'en ai besoin {avant mon voyage|$vite}',
    ],
  },
  automatic_top_up: {
    sentiment: 'neutral',
    templates: [
      '{$hello} comment {activer|mettre en place|configurer} le rechargement automatique ?',
      'Le {rechargement|réapprovisionnement} automatique {marche comment|c\'est quoi exactement} ?',
      'Je voudrais {désactiver|arrêter|changer le montant de} la recharge automatique {de mon compte|}',
      'Est-ce qu\'il y a une {recharge|alimentation} auto quand mon solde {passe sous un seuil|est bas} ?',
      'Vous proposez l\'approvisionnement automatique du compte ?',
    ],
  },
  card_not_working: {
    sentiment: 'negative',
    templates: [
      '{$hello} {$carte} {ne marche plus|ne fonctionne pas|est refusée partout|marche pas} {depuis $delai|}, {pourquoi|que faire} ? {$urgent}',
      'jcomprends pa pk {$carte} marche pa',
      '{$carte} {ne fonctionne plus|est hs|a lâché} {, $agacement|} {😡|}',
      'Ma {nouvelle|} carte {ne passe pas|est refusée} {en magasin|au $dab|nulle part}, {elle est défectueuse|elle est cassée} ?',
      'Impossible de payer avec {$carte} {aujourd\'hui|ce matin|ce week-end}, {qu\'est-ce qui se passe|c\'est quoi le problème}',
      'La puce de {$carte} {est abîmée|ne marche plus}, {comment faire|que dois-je faire} ?',
    ],
  },
  exchange_via_app: {
    sentiment: 'neutral',
    templates: [
      '{$hello} {comment|est-ce qu\'on peut} échanger des {euros en $devise|devises} {dans $appli|via $appli} ?',
      'Je veux convertir {de l\'argent|$montant} en {$devise} {depuis l\'appli|avec l\'application}, comment faire ?',
      'Où est l\'option pour changer de la monnaie {dans $appli|sur le site} ?',
      'On peut faire le change de devises directement {sur le téléphone|dans $appli} ?',
    ],
  },
  lost_or_stolen_card: {
    sentiment: 'negative',
    templates: [
      '{$hello} {on m\'a volé|j\'ai perdu|je me suis fait voler} {$carte}, {que faire|bloquez-la|comment la bloquer} {$urgent}',
      '{$urgent} {ma carte a été volée|carte volée|carte perdue} {dans le métro|cette nuit|hier soir|au $pays}, {il faut la faire opposition|comment faire opposition}',
      'Je ne retrouve plus {$carte}, {je pense l\'avoir perdue|elle a disparu}, {aidez-moi|comment la bloquer} ?',
      'Mon sac a été volé avec {$carte} {dedans|}, {faites opposition|bloquez tout} {$vite}',
      'Comment faire opposition {sur|à} {$carte} {perdue|volée} ?',
      'J\'ai {égaré|perdu} {$carte} {en vacances|au resto|quelque part}, {je dois faire quoi|la procédure c\'est quoi}',
    ],
  },
  age_limit: {
    sentiment: 'neutral',
    templates: [
      '{$hello} {il faut avoir quel âge|quel est l\'âge minimum} pour ouvrir un compte {chez vous|} ?',
      'Mon fils a {15|16|14|17} ans, il peut {avoir un compte|ouvrir un compte} ?',
      'Est-ce qu\'{un mineur|un ado|un enfant} peut avoir {une carte|un compte} ?',
      'Y a-t-il un âge {minimum|limite} pour {s\'inscrire|utiliser vos services} ?',
      'À partir de quel âge on peut {ouvrir un compte|avoir une carte bancaire} ?',
    ],
  },
  pin_blocked: {
    sentiment: 'negative',
    templates: [
      '{$hello} {$carte} est bloquée {après|à cause de} {trois|3} {codes faux|mauvais codes|erreurs de code}, {comment la débloquer|que faire} ?',
      'J\'ai {tapé|entré} le mauvais code {trop de fois|3 fois} et {ma carte est bloquée|mon code est bloqué}',
      'Code PIN bloqué {$urgent}, {comment je le débloque|aidez-moi}',
      'Comment débloquer mon code {PIN|secret} {bloqué|} {après plusieurs essais|} ?',
      'Mon code {est|a été} verrouillé {au $dab|en magasin}, {$agacement}',
    ],
  },
  contactless_not_working: {
    sentiment: 'negative',
    templates: [
      '{$hello} le sans contact ne {marche|fonctionne} pas {avec $carte|sur ma carte|depuis $delai}',
      'Pourquoi le paiement sans contact est {refusé|impossible} {alors que la carte marche avec le code|} ?',
      'Le {sans contact|paiement sans contact|NFC} de {$carte} {ne passe plus|est désactivé}, {comment le réactiver|c\'est normal} ?',
      'Impossible de payer en sans contact {chez $commercant|au supermarché|à la boulangerie}, {ça marche qu\'avec le code|$agacement}',
    ],
  },
  top_up_by_bank_transfer_charge: {
    sentiment: 'neutral',
    templates: [
      '{$hello} y a-t-il des frais pour {recharger|alimenter} mon compte par {$virement} ?',
      'Combien ça coûte d\'{approvisionner|alimenter} le compte {avec un|par} {$virement} ?',
      'Un {$virement} pour recharger mon compte, c\'est {payant|gratuit} ?',
      'Vous prenez une commission sur les {recharges|alimentations} par {$virement} ?',
    ],
  },
  pending_top_up: {
    sentiment: 'neutral',
    templates: [
      '{$hello} ma recharge {de $montant|} est {toujours|encore} en attente {depuis $delai|}, {c\'est normal|pourquoi} ?',
      'Le rechargement de mon compte {reste|apparaît} en attente, {ça prend combien de temps|quand est-ce qu\'il sera validé} ?',
      'Pourquoi mon {approvisionnement|rechargement} est {en attente|bloqué en cours} ?',
      'J\'ai rechargé {mon compte|$montant} {il y a $delai|ce matin} et c\'est toujours marqué en attente',
    ],
  },
  cancel_transfer: {
    sentiment: 'neutral',
    templates: [
      '{$hello} {comment|est-ce que je peux} annuler un {$virement} {que je viens de faire|envoyé par erreur} ? {$urgent}',
      'Je me suis trompé de {destinataire|montant} sur un {$virement}, {vous pouvez l\'annuler|comment l\'arrêter} ?',
      'Annuler {un|mon} {$virement} {en cours|programmé} {svp|$vite}',
      'J\'ai envoyé {$montant} {au mauvais compte|à la mauvaise personne}, {on peut annuler|c\'est réversible} ?',
    ],
  },
  top_up_limits: {
    sentiment: 'neutral',
    templates: [
      '{$hello} quel est le montant {maximum|max|limite} pour une recharge ?',
      'Y a-t-il une limite {aux|sur les} {recharges|rechargements} {par mois|par jour|} ?',
      'Combien je peux {recharger|mettre sur mon compte} {au maximum|en une fois} ?',
      'Plafond de {recharge|rechargement} {du compte|} {svp|?}',
    ],
  },
  wrong_amount_of_cash_received: {
    sentiment: 'negative',
    templates: [
      '{$hello} le {$dab} m\'a donné {moins|pas le bon montant} {que demandé|}, {j\'ai été débité de $montant|}',
      'J\'ai demandé {$montant} au {$dab} et {j\'ai reçu moins|il manque des billets}, {$agacement}',
      'Le distributeur ne m\'a pas donné {tout l\'argent|le bon montant} mais {le compte est débité|j\'ai été débité du total}',
      'Montant incorrect {retiré|reçu} au {$dab}, {que faire|comment être remboursé} ?',
    ],
  },
  card_payment_fee_charged: {
    sentiment: 'negative',
    templates: [
      '{$hello} pourquoi j\'ai payé des frais sur un paiement {par carte|avec $carte} {chez $commercant|} ?',
      'On m\'a facturé des frais {pour un achat|sur un paiement} {carte|par carte} {, c\'est normal|} ?',
      'Frais de {paiement|transaction} {carte|par carte} {inattendus|bizarres} {de $montant|}, {expliquez|pourquoi} ?',
      'Je croyais que les paiements par carte étaient gratuits, {pourquoi ces frais|d\'où viennent ces frais} ?',
    ],
  },
  transfer_not_received_by_recipient: {
    sentiment: 'negative',
    templates: [
      '{$hello} {$ami} n\'a {toujours pas|pas} reçu mon {$virement} {de $montant|} {envoyé $delai|}',
      'Le {$virement} est parti {depuis $delai} mais le bénéficiaire {ne l\'a pas reçu|n\'a rien vu}, {il est où|$agacement}',
      'Mon destinataire {dit qu\'il n\'a rien reçu|n\'a pas l\'argent}, {vous pouvez vérifier|que se passe-t-il} ?',
      'Argent envoyé {à $ami|} mais jamais arrivé {sur son compte|}, {c\'est normal|je fais quoi} ?',
    ],
  },
  supported_cards_and_currencies: {
    sentiment: 'neutral',
    templates: [
      '{$hello} quelles cartes {acceptez-vous|sont acceptées} pour {recharger|approvisionner} le compte ?',
      'Vous acceptez {les cartes American Express|les Amex|les cartes étrangères} {pour les recharges|} ?',
      'Quelles {cartes et devises|devises} sont {prises en charge|supportées} ?',
      'Je peux utiliser une carte {$devise|étrangère|Maestro} pour {ajouter de l\'argent|recharger} ?',
    ],
  },
  getting_virtual_card: {
    sentiment: 'neutral',
    templates: [
      '{$hello} comment {obtenir|avoir|créer} une carte virtuelle ? {$thanks}',
      'Je voudrais une carte {virtuelle|en ligne} pour {mes achats sur internet|payer sur le net}',
      'Vous proposez des cartes virtuelles {? Comment en avoir une|? C\'est payant} ?',
      'Où je {commande|génère} une carte virtuelle dans {$appli} ?',
    ],
  },
  card_acceptance: {
    sentiment: 'neutral',
    templates: [
      '{$hello} {$carte} est acceptée {partout|au $pays|dans tous les magasins} ?',
      'Est-ce que je peux utiliser {$carte} {chez $commercant|à l\'étranger|au $pays} ?',
      'Où est-ce que {la carte|ma carte} est acceptée ? {$thanks}',
      'Les commerçants {au $pays|à l\'étranger} acceptent votre carte ?',
    ],
  },
  top_up_reverted: {
    sentiment: 'negative',
    templates: [
      '{$hello} ma recharge {de $montant|} a été annulée {toute seule|sans raison}, {pourquoi|c\'est quoi ce bug} ?',
      'Le {rechargement|réapprovisionnement} est apparu puis {a disparu|a été annulé}, {$agacement}',
      'Pourquoi ma recharge {a été reversée|est revenue sur ma carte} ?',
      'Mon rechargement {par carte|} a été {remboursé|annulé} {automatiquement|}, je ne comprends pas',
    ],
  },
  balance_not_updated_after_cheque_or_cash_deposit: {
    sentiment: 'negative',
    templates: [
      '{$hello} j\'ai déposé {un chèque|des espèces|du liquide} {il y a $delai|} et mon solde n\'a pas bougé',
      'Mon dépôt {de chèque|d\'espèces} n\'apparaît toujours pas sur mon compte {$agacement|}',
      'Le chèque {de $montant|} {que j\'ai déposé|encaissé} n\'est pas crédité, {c\'est normal|combien de temps} ?',
      'Dépôt d\'espèces {au guichet|en agence} {pas pris en compte|pas visible}, {que faire|vous pouvez vérifier} ?',
    ],
  },
  card_payment_not_recognised: {
    sentiment: 'negative',
    templates: [
      '{$hello} je ne reconnais pas un paiement {de $montant|} {chez $commercant|sur ma carte} {$urgent}',
      'Il y a un achat {par carte|} que je n\'ai pas fait {sur mon compte|sur mon relevé}, {c\'est quoi|aidez-moi}',
      'Paiement inconnu {de $montant|} {sur $carte|sur mon relevé}, {ce n\'est pas moi|je n\'ai jamais acheté ça}',
      'Un paiement {bizarre|suspect} chez {$commercant} {que je n\'ai pas effectué|}, je fais quoi ?',
    ],
  },
  edit_personal_details: {
    sentiment: 'neutral',
    templates: [
      '{$hello} comment {changer|modifier|mettre à jour} {mon adresse|mon nom|mon numéro de téléphone|mon adresse mail} ? {$thanks}',
      'Je {déménage|me suis marié(e)}, {où je change mes infos|comment mettre à jour mes coordonnées} ?',
      'Je voudrais modifier mes {informations personnelles|coordonnées} {dans $appli|}',
      'Mise à jour {de mon adresse postale|de mon téléphone|de mes données} {svp|, comment faire} ?',
    ],
  },
  why_verify_identity: {
    sentiment: 'neutral',
    templates: [
      '{$hello} pourquoi {je dois|faut-il} {vérifier|prouver} mon identité ?',
      'Pourquoi vous me demandez {une pièce d\'identité|mes papiers|un selfie} ?',
      'C\'est obligatoire la vérification d\'identité ? {Pourquoi|À quoi ça sert} ?',
      'À quoi sert {la vérification|le contrôle} d\'identité {que vous demandez|} ?',
    ],
  },
  unable_to_verify_identity: {
    sentiment: 'negative',
    templates: [
      '{$hello} je n\'arrive pas à vérifier mon identité {dans $appli|}, {ça bloque|ça plante} {$agacement|}',
      'La vérification d\'identité {échoue|ne marche pas} {à chaque fois|}, {mon selfie est refusé|ma pièce est refusée}',
      'Impossible de {faire|valider} la vérification de mon identité {, que faire|, aidez-moi} ?',
      'Ma pièce d\'identité est {rejetée|refusée} {sans raison|} lors de la vérification',
    ],
  },
  get_physical_card: {
    sentiment: 'neutral',
    templates: [
      '{$hello} comment {obtenir|avoir} une carte physique {en plus de la virtuelle|} ?',
      'J\'ai une carte virtuelle, je peux avoir {la carte physique|une vraie carte} ?',
      'Où {trouver|récupérer} ma carte physique {après l\'ouverture du compte|} ?',
      'Je veux une carte {en plastique|physique} {pour le $dab|}, c\'est possible ?',
    ],
  },
  visa_or_mastercard: {
    sentiment: 'neutral',
    templates: [
      '{$hello} vos cartes sont des Visa ou des Mastercard ?',
      '{$carte} c\'est {Visa ou Mastercard|une Visa ou une Mastercard} ?',
      'Je peux choisir entre Visa et Mastercard {pour ma carte|} ?',
      'Quel réseau {de carte|} vous utilisez, {Visa|Mastercard} ?',
    ],
  },
  topping_up_by_card: {
    sentiment: 'neutral',
    templates: [
      '{$hello} comment {recharger|alimenter} mon compte {avec|par} une carte {bancaire|} ?',
      'Je peux {ajouter de l\'argent|recharger} avec {ma carte d\'une autre banque|une autre carte} ?',
      'Recharger {le compte|mon compte} {par carte|avec ma CB}, c\'est possible ?',
      'Comment faire un rechargement {par carte|avec ma carte de crédit} {dans $appli|} ?',
    ],
  },
  disposable_card_limits: {
    sentiment: 'neutral',
    templates: [
      '{$hello} combien de fois je peux utiliser une carte virtuelle jetable ?',
      'Quelles sont les limites des cartes {jetables|à usage unique} ?',
      'Il y a {un plafond|une limite} {sur les|pour les} cartes {éphémères|jetables} ?',
      'Combien de cartes jetables je peux {créer|générer} {par jour|par mois} ?',
    ],
  },
  compromised_card: {
    sentiment: 'negative',
    templates: [
      '{$hello} je pense que {$carte} a été {piratée|compromise|clonée}, {$urgent}',
      'Quelqu\'un a utilisé {$carte} {sans mon accord|à ma place}, {elle a été piratée|je crois qu\'elle est compromise}',
      '{Mes données de carte|Mon numéro de carte} {ont fuité|a été volé} {sur un site|}, {que faire|je dois la bloquer} ?',
      'J\'ai entré {$carte} sur un {faux site|site louche}, {elle est compromise|je fais quoi} ? {$urgent}',
      'Carte {clonée|piratée} {$urgent}, {des paiements partent|il y a des débits} {que je n\'ai pas faits|au $pays}',
    ],
  },
  atm_support: {
    sentiment: 'neutral',
    templates: [
      '{$hello} dans quels {$dab}s je peux retirer {avec $carte|de l\'argent} ?',
      'Je peux utiliser {$carte} dans n\'importe quel {$dab} {au $pays|} ?',
      'Où trouver un {$dab} compatible {près de chez moi|} ?',
      'Est-ce que {la carte|$carte} marche dans les {$dab}s {à l\'étranger|de toutes les banques} ?',
    ],
  },
  direct_debit_payment_not_recognised: {
    sentiment: 'negative',
    templates: [
      '{$hello} il y a un prélèvement {de $montant|} que je ne reconnais pas {sur mon compte|}',
      'Un prélèvement {inconnu|bizarre} {a été fait|est apparu} sur mon compte, {ce n\'est pas moi|je n\'ai rien signé}',
      'Je n\'ai jamais autorisé ce prélèvement {de $montant|}, {c\'est quoi|comment le contester} ?',
      'Prélèvement {automatique|SEPA} {non autorisé|inconnu} {sur mon relevé|}, {$agacement|aidez-moi}',
    ],
  },
  passcode_forgotten: {
    sentiment: 'neutral',
    templates: [
      '{$hello} j\'ai oublié mon {code d\'accès|mot de passe|code secret de l\'appli}, {comment le réinitialiser|que faire} ?',
      'Mot de passe oublié {pour $appli|}, je n\'arrive plus à me connecter',
      'Comment {récupérer|changer} mon code {d\'accès|de connexion} {oublié|} ?',
      'Je ne me souviens plus de mon {identifiant|code de connexion}, {aidez-moi|comment faire} ?',
    ],
  },
  declined_cash_withdrawal: {
    sentiment: 'negative',
    templates: [
      '{$hello} le {$dab} a refusé mon retrait {de $montant|}, {pourquoi|c\'est quoi le problème} ?',
      'Retrait {refusé|impossible} {au $dab|} {alors que j\'ai de l\'argent sur le compte|}, {$agacement}',
      'Pourquoi je ne peux pas retirer d\'espèces {avec $carte|} ? {Le retrait est refusé|Ça me dit transaction refusée}',
      'Mon retrait d\'argent a été refusé {au $pays|à l\'étranger|ce matin}',
    ],
  },
  pending_card_payment: {
    sentiment: 'neutral',
    templates: [
      '{$hello} un paiement par carte {de $montant|} est {toujours|encore} en attente {depuis $delai|}',
      'Pourquoi mon achat {chez $commercant|} reste en attente {dans $appli|} ?',
      'Le paiement {carte|par carte} {apparaît|est marqué} en attente, {il sera validé quand|c\'est normal} ?',
      'Transaction {carte|} en attente {depuis $delai}, {combien de temps ça dure|quand sera-t-elle débitée} ?',
    ],
  },
  lost_or_stolen_phone: {
    sentiment: 'negative',
    templates: [
      '{$hello} {on m\'a volé|j\'ai perdu} mon téléphone avec {$appli|l\'appli bancaire} dessus, {que faire|$urgent}',
      'Mon {téléphone|portable|smartphone} a été volé, {comment protéger mon compte|bloquez l\'accès} {$vite|}',
      'Téléphone perdu {hier|ce matin|en soirée}, {quelqu\'un peut accéder à mon compte|comment sécuriser $appli} ?',
      'J\'ai perdu mon portable, {comment me connecter|je fais comment} sur un autre téléphone ?',
    ],
  },
  request_refund: {
    sentiment: 'neutral',
    templates: [
      '{$hello} comment {demander|obtenir} un remboursement {pour un achat|chez $commercant|} ?',
      'Je voudrais être remboursé {d\'un achat|de $montant} {, comment faire|, la procédure} ?',
      'Je veux {annuler un achat|retourner un article} et récupérer mon argent, {comment ça marche|vous pouvez m\'aider} ?',
      'Demande de remboursement {pour $commercant|d\'un paiement} {svp|}',
    ],
  },
  declined_transfer: {
    sentiment: 'negative',
    templates: [
      '{$hello} mon {$virement} {a été refusé|est rejeté} {sans explication|}, {pourquoi|$agacement} ?',
      'Pourquoi {$appli} refuse mon {$virement} {de $montant|vers $ami} ?',
      '{$virement} refusé {encore une fois|à nouveau}, {c\'est quoi le souci|je comprends pas} ?',
      'Impossible d\'envoyer {de l\'argent|$montant}, le {$virement} est décliné',
    ],
  },
  Refund_not_showing_up: {
    sentiment: 'negative',
    templates: [
      '{$hello} {$commercant} m\'a remboursé {il y a $delai} mais je ne vois rien sur mon compte',
      'Mon remboursement {n\'apparaît pas|n\'est toujours pas arrivé} {sur mon compte|}, {c\'est normal|$agacement}',
      'Le remboursement {de $montant|} {n\'est pas visible|n\'arrive pas}, {le marchand dit l\'avoir fait|combien de temps ça prend} ?',
      'Où est mon remboursement {de $commercant|} ? Toujours rien {après $delai|}',
    ],
  },
  declined_card_payment: {
    sentiment: 'negative',
    templates: [
      '{$hello} mon paiement {par carte|} a été refusé {chez $commercant|en caisse|en ligne}, {pourquoi|$agacement} ?',
      'Paiement refusé {avec $carte|} {alors que j\'ai de l\'argent|sans raison} {😡|}',
      'Pourquoi {$carte} est {refusée|déclinée} {sur internet|au magasin} ? {J\'ai honte devant la caissière|$agacement|}',
      'Transaction {refusée|déclinée} {chez $commercant|} {encore|}, {je ne peux pas payer|c\'est urgent}',
    ],
  },
  pending_transfer: {
    sentiment: 'neutral',
    templates: [
      '{$hello} mon {$virement} est {toujours|encore} en attente {depuis $delai|}, {c\'est normal|pourquoi} ?',
      'Pourquoi mon {$virement} {de $montant|} reste en cours {si longtemps|} ?',
      'Le {$virement} que j\'ai {envoyé|fait} {$delai} {est marqué|apparaît} en attente',
      '{$virement} en attente {depuis $delai}, {quand sera-t-il validé|il part quand} ?',
    ],
  },
  terminate_account: {
    sentiment: 'neutral',
    templates: [
      '{$hello} comment {fermer|clôturer|résilier} mon compte ? {$thanks}',
      'Je veux {clôturer|fermer} mon compte {chez vous|définitivement}, {la procédure|comment faire} ?',
      'Je souhaite résilier {mon compte|mon contrat} {et partir|}',
      'Suppression de mon compte {svp|, comment faire} ?',
    ],
  },
  card_swallowed: {
    sentiment: 'negative',
    templates: [
      '{$hello} le {$dab} a avalé {$carte} {$urgent}, {que faire|comment la récupérer} ?',
      '{$carte} est restée {bloquée|coincée} dans le {$dab}, {$agacement}',
      'Le distributeur {a gardé|a mangé} {ma carte|$carte} {ce matin|hier soir}, {je fais quoi|comment la récupérer} ?',
      'Carte avalée par le {$dab} {au $pays|en ville|}, {help|aidez-moi}',
    ],
  },
  transaction_charged_twice: {
    sentiment: 'negative',
    templates: [
      '{$hello} j\'ai été débité deux fois {pour le même achat|chez $commercant} {$agacement|}',
      'Un paiement {de $montant|} apparaît {en double|deux fois} sur mon compte',
      'Double débit {chez $commercant|sur ma carte} {, remboursez-moi|, c\'est une erreur} !',
      'Pourquoi {la même transaction|mon achat} a été {facturé|prélevé} deux fois ?',
    ],
  },
  verify_source_of_funds: {
    sentiment: 'neutral',
    templates: [
      '{$hello} pourquoi vous me demandez {l\'origine|la provenance} de mes fonds ?',
      'Comment {justifier|prouver} l\'origine de {mon argent|mes fonds} ?',
      'Vous voulez un justificatif de l\'origine des fonds, {lequel|quels documents} ?',
      'Je dois {fournir|envoyer} une preuve de la provenance de {l\'argent|$montant}, comment faire ?',
    ],
  },
  transfer_timing: {
    sentiment: 'neutral',
    templates: [
      '{$hello} combien de temps prend un {$virement} {vers une autre banque|à l\'étranger|au $pays} ?',
      'Un {$virement} met combien de jours pour arriver ?',
      'Quel est le délai {d\'un|pour un} {$virement} {SEPA|international} ?',
      'Si je fais un {$virement} {aujourd\'hui|ce soir}, il arrive quand ?',
    ],
  },
  'reverted_card_payment?': {
    sentiment: 'negative',
    templates: [
      '{$hello} un paiement {par carte|} a été {annulé|reversé} {puis débité à nouveau|sans raison}, pourquoi ?',
      'Mon paiement chez {$commercant} a été {annulé|reversé} {tout seul|}, {c\'est quoi|je comprends pas}',
      'Pourquoi un achat {carte|} {est revenu|a été remboursé automatiquement} {sur mon compte|} ?',
      'Paiement {reversé|annulé} {sans que je demande rien|} {, il passe ou pas|, expliquez-moi} ?',
    ],
  },
  change_pin: {
    sentiment: 'neutral',
    templates: [
      '{$hello} comment {changer|modifier} le code {PIN|secret} de {$carte} ?',
      'Je voudrais un nouveau code {PIN|secret} {pour ma carte|}, {c\'est possible|comment faire} ?',
      'On peut changer son code {de carte|PIN} {dans $appli|au $dab} ?',
      'Modifier {mon code|le code de ma carte} {svp|, où ça se passe} ?',
    ],
  },
  beneficiary_not_allowed: {
    sentiment: 'negative',
    templates: [
      '{$hello} je n\'arrive pas à ajouter un bénéficiaire {, ça me met une erreur|dans $appli}',
      'Pourquoi {le bénéficiaire|ce bénéficiaire} n\'est pas autorisé {pour un $virement|} ?',
      'Impossible d\'ajouter {$ami|un IBAN} comme bénéficiaire, {il est refusé|ça bloque}',
      'Le bénéficiaire {est rejeté|n\'est pas accepté} {par $appli|}, {que faire|pourquoi} ?',
    ],
  },
  transfer_fee_charged: {
    sentiment: 'negative',
    templates: [
      '{$hello} pourquoi j\'ai payé des frais sur mon {$virement} ?',
      'On m\'a {facturé|prélevé} des frais {pour|sur} un {$virement} {de $montant|}, {c\'est normal|pourquoi} ?',
      'Frais {de virement|sur virement} {inattendus|cachés} {, $agacement|}',
      'Il manque {de l\'argent|quelques euros} sur mon {$virement}, {vous avez pris des frais|c\'est des frais} ?',
    ],
  },
  receiving_money: {
    sentiment: 'neutral',
    templates: [
      '{$hello} comment {recevoir|me faire envoyer} de l\'argent {sur mon compte|} ?',
      'Quelles infos je dois donner pour que {$ami} me {vire|envoie} de l\'argent ?',
      'Je peux recevoir {un $virement|de l\'argent} {de l\'étranger|du $pays} ?',
      'Comment {$ami} peut m\'envoyer {$montant} {sur mon compte|} ?',
    ],
  },
  failed_transfer: {
    sentiment: 'negative',
    templates: [
      '{$hello} mon {$virement} {a échoué|n\'est pas passé} {, pourquoi|, $agacement} ?',
      'Le {$virement} {de $montant|} {a échoué|a planté} {encore|}, {que faire|je fais quoi} ?',
      '{$virement} échoué {sans explication|}, {l\'argent est où|je suis débité ou pas} ?',
      'Ça me dit que {le $virement|mon transfert} {a échoué|n\'a pas abouti}',
    ],
  },
  transfer_into_account: {
    sentiment: 'neutral',
    templates: [
      '{$hello} comment {faire un $virement vers|alimenter} mon compte {depuis une autre banque|} ?',
      'Je voudrais {transférer|virer} de l\'argent {de mon autre banque|} sur mon compte, comment ?',
      'Comment {ajouter|mettre} de l\'argent sur mon compte {par $virement|} ?',
      'Quel RIB utiliser pour {verser|virer} de l\'argent sur mon compte ?',
    ],
  },
  verify_top_up: {
    sentiment: 'neutral',
    templates: [
      '{$hello} pourquoi je dois vérifier {ma recharge|le rechargement} {par carte|} ?',
      'On me demande {un code|de vérifier} pour {ma recharge|le rechargement}, {c\'est quoi|où je le trouve} ?',
      'Comment {valider|vérifier} {un rechargement|une recharge} {de mon compte|} ?',
      'Vérification de la recharge {par carte|} {demandée|obligatoire}, {pourquoi|comment faire} ?',
    ],
  },
  getting_spare_card: {
    sentiment: 'neutral',
    templates: [
      '{$hello} je peux avoir une {deuxième|seconde} carte {pour $ami|en plus} ?',
      'Comment {commander|obtenir} une carte supplémentaire {sur le même compte|} ?',
      'Vous proposez des cartes {en double|supplémentaires} {pour la famille|} ?',
      'Une carte {de secours|en plus} c\'est possible ?',
    ],
  },
  top_up_by_cash_or_cheque: {
    sentiment: 'neutral',
    templates: [
      '{$hello} je peux {recharger|alimenter} mon compte {en espèces|avec un chèque|avec du liquide} ?',
      'Comment {déposer|mettre} {des espèces|un chèque} sur mon compte ?',
      'On peut {payer|recharger} {en cash|par chèque} {chez vous|} ?',
      'Dépôt {de chèque|d\'espèces} {possible|accepté} pour recharger le compte ?',
    ],
  },
  order_physical_card: {
    sentiment: 'neutral',
    templates: [
      '{$hello} comment commander {ma carte|une carte} {physique|bancaire} ?',
      'Je {veux|voudrais} commander {une nouvelle carte|une carte} {dans $appli|}, comment faire ?',
      'Où {est le bouton pour commander|je commande} une carte {dans $appli|} ?',
      'Commande de carte {svp|, je n\'en ai pas encore} {$thanks|}',
    ],
  },
  virtual_card_not_working: {
    sentiment: 'negative',
    templates: [
      '{$hello} ma carte virtuelle {ne marche pas|est refusée} {sur $commercant|en ligne}',
      'La carte virtuelle {ne fonctionne plus|est refusée partout} {, $agacement|}',
      'Pourquoi ma carte virtuelle {est déclinée|ne passe pas} {pour un achat en ligne|} ?',
      'Impossible de payer avec {la|ma} carte virtuelle {sur internet|chez $commercant}',
    ],
  },
  wrong_exchange_rate_for_cash_withdrawal: {
    sentiment: 'negative',
    templates: [
      '{$hello} le taux de change {de mon retrait|pour mon retrait} {au $pays|en $devise} est faux',
      'J\'ai retiré {des $devise|de l\'argent} {au $pays|à l\'étranger} et le taux {n\'est pas le bon|est abusif}',
      'Mauvais taux de change appliqué {sur|à} un retrait {au $dab|d\'espèces} {à l\'étranger|}',
      'Pourquoi mon retrait en {$devise} a été converti à un {mauvais|très mauvais} taux ?',
    ],
  },
  get_disposable_virtual_card: {
    sentiment: 'neutral',
    templates: [
      '{$hello} comment {créer|obtenir} une carte virtuelle {jetable|à usage unique} ?',
      'Je voudrais une carte {éphémère|jetable} pour {un achat en ligne|$commercant}',
      'Vous avez des cartes {jetables|à usage unique} {? Comment on fait|, où ça se trouve} ?',
      'Générer une carte {jetable|éphémère} {dans $appli|} {c\'est possible|} ?',
    ],
  },
  top_up_failed: {
    sentiment: 'negative',
    templates: [
      '{$hello} ma recharge {a échoué|n\'a pas marché} {, pourquoi|, $agacement} ?',
      'Le rechargement {de mon compte|par carte} {a échoué|a raté} {encore|plusieurs fois}',
      'Impossible de recharger {mon compte|} {, ça échoue à chaque fois|, erreur}',
      'Recharge {refusée|échouée} {de $montant|}, {que faire|je fais quoi} ?',
    ],
  },
  balance_not_updated_after_bank_transfer: {
    sentiment: 'negative',
    templates: [
      '{$hello} j\'ai reçu un {$virement} mais mon solde n\'est pas mis à jour',
      'Mon solde n\'a pas bougé après {le $virement|un virement reçu} {$delai|}, {$agacement|pourquoi} ?',
      'Le {$virement} {de $ami|de $montant} n\'apparaît pas sur mon solde',
      'Argent {viré|transféré} {depuis mon autre banque|} mais {solde inchangé|rien sur le compte}',
    ],
  },
  cash_withdrawal_not_recognised: {
    sentiment: 'negative',
    templates: [
      '{$hello} il y a un retrait {d\'espèces|au $dab} que je n\'ai pas fait {$urgent}',
      'Retrait {de $montant|} inconnu sur mon compte, {ce n\'est pas moi|je n\'ai rien retiré}',
      'Quelqu\'un a retiré {de l\'argent|$montant} {avec ma carte|sur mon compte} {au $dab|}, {aidez-moi|$urgent}',
      'Je ne reconnais pas un retrait {au $dab|d\'espèces} {sur mon relevé|}',
    ],
  },
  exchange_charge: {
    sentiment: 'neutral',
    templates: [
      '{$hello} y a-t-il des frais pour {changer|convertir} des devises ?',
      'Combien vous prenez {de commission|de frais} sur le change {en $devise|} ?',
      'Le change de {devises|monnaie} est {payant|gratuit} ?',
      'Quels sont les frais de conversion {en $devise|des devises} ?',
    ],
  },
  top_up_by_card_charge: {
    sentiment: 'neutral',
    templates: [
      '{$hello} y a-t-il des frais pour recharger {par carte|avec ma CB} ?',
      'Combien coûte {une recharge|un rechargement} {par carte|avec une carte bancaire} ?',
      'Pourquoi des frais sur ma recharge {par carte|} ?',
      'Recharger avec une carte, c\'est {gratuit|payant} ?',
    ],
  },
  activate_my_card: {
    sentiment: 'neutral',
    templates: [
      '{$hello} comment activer {$carte} {que je viens de recevoir|nouvelle|} ?',
      'J\'ai reçu {ma carte|$carte}, {comment l\'activer|je dois faire quoi pour l\'activer} ?',
      'Activation de {la carte|$carte} {dans $appli|} {svp|, comment faire} ?',
      'Ma nouvelle carte {n\'est pas activée|est à activer}, {la procédure|comment} ?',
    ],
  },
  cash_withdrawal_charge: {
    sentiment: 'neutral',
    templates: [
      '{$hello} y a-t-il des frais pour {retirer|les retraits} {au $dab|d\'espèces} ?',
      'Pourquoi on m\'a facturé {des frais|$montant} sur un retrait {au $dab|} ?',
      'Combien coûte un retrait {d\'espèces|au $dab} {à l\'étranger|au $pays|} ?',
      'Les retraits {au distributeur|d\'argent} sont {gratuits|payants} ?',
    ],
  },
  card_about_to_expire: {
    sentiment: 'neutral',
    templates: [
      '{$hello} {$carte} expire {bientôt|le mois prochain|à la fin du mois}, {je fais quoi|vous m\'en envoyez une autre} ?',
      'Ma carte arrive à expiration, {la nouvelle arrive quand|comment la renouveler} ?',
      'Renouvellement de {$carte} {qui expire|bientôt expirée} {svp|, comment faire} ?',
      'Que se passe-t-il quand ma carte {expire|arrive à échéance} ?',
    ],
  },
  apple_pay_or_google_pay: {
    sentiment: 'neutral',
    templates: [
      '{$hello} vous acceptez {Apple Pay|Google Pay} ?',
      'Comment ajouter {$carte} {à Apple Pay|sur Google Pay|dans mon wallet} ?',
      '{Apple Pay|Google Pay} {ne marche pas avec ma carte|est compatible} {?|, quand ?}',
      'Je peux payer avec {mon iPhone|mon téléphone|ma montre} via {Apple Pay|Google Pay} ?',
    ],
  },
  verify_my_identity: {
    sentiment: 'neutral',
    templates: [
      '{$hello} comment {vérifier|confirmer} mon identité {dans $appli|} ?',
      'Quels documents pour {vérifier mon identité|la vérification d\'identité} ?',
      'Où {envoyer|télécharger} ma pièce d\'identité pour {la vérification|vérifier mon compte} ?',
      'La procédure de vérification d\'identité, {ça se passe comment|c\'est où} ?',
    ],
  },
  country_support: {
    sentiment: 'neutral',
    templates: [
      '{$hello} vous êtes disponibles {au $pays|dans quels pays} ?',
      'Je peux ouvrir un compte si j\'habite {au $pays|à l\'étranger} ?',
      'Dans quels pays {vos services|votre banque} {sont disponibles|fonctionnent} ?',
      'Je déménage {au $pays|à l\'étranger}, je peux garder mon compte ?',
    ],
  },
  // --- social intents (not in Banking77) ---
  complaint_fees: {
    sentiment: 'negative',
    templates: [
      '{Frais|Des frais} {honteux|scandaleux|abusifs|exorbitants} {, je change de banque|, vous abusez|}{ 😡|}',
      '{$hello} {$montant de frais|des frais de tenue de compte|des agios|des frais bancaires} {pour rien|ce mois-ci}, {c\'est du vol|vous exagérez|$agacement}',
      'Vos {frais|tarifs} ont encore augmenté, {je vais partir chez la concurrence|je pense à clôturer}',
      'Pourquoi {payer|je paie} {une cotisation|des frais} {pour ma carte|chaque mois} alors que {les banques en ligne c\'est gratuit|le service est nul} ?',
      '{Commission d\'intervention|Frais de rejet} de {$montant} {pour un découvert de 2 €|encore}, {c\'est abusé|honteux}',
      'La hausse des tarifs {bancaires|de la carte} {au 1er janvier|cette année} est {inacceptable|une honte}',
    ],
  },
  complaint_service: {
    sentiment: 'negative',
    templates: [
      '{$hello} {ça fait $delai|depuis $delai} que j\'attends une réponse {de mon conseiller|du service client}, {$agacement}',
      'Service client {injoignable|catastrophique|lamentable}, {personne ne répond|on attend des heures au téléphone}',
      'Mon conseiller {ne répond jamais|ne me rappelle pas|m\'a raccroché au nez}, {c\'est inadmissible|$agacement}',
      '{Agence fermée|Personne à l\'accueil} {encore une fois|sans prévenir}, {service déplorable|on se moque des clients}',
      '{$delai} que j\'ai envoyé un message {dans la messagerie|au conseiller} {et rien|sans réponse}',
      'Très déçu {de l\'accueil|du service} {en agence|au téléphone}, {personne ne sait rien|on m\'a mal parlé}',
    ],
  },
  complaint_app_outage: {
    sentiment: 'negative',
    templates: [
      '{$appli} {ne marche plus|est en panne|plante} {depuis $delai|encore|ce matin} {😡|}',
      '{$hello} impossible de me connecter {à $appli|au site} {depuis $delai|}, {c\'est une panne|ça bug}',
      'Encore une panne {de l\'appli|du site|de vos serveurs} {, je ne peux rien faire|, $agacement}',
      'Le site {est down|ne répond pas|affiche une erreur} {depuis $delai|}, {c\'est quand que ça remarche|vous êtes au courant} ?',
      '{$appli} {crash|se ferme} {à chaque ouverture|après la mise à jour} {, corrigez ça|}',
      'Panne générale {de l\'appli|des cartes|des paiements} {?|, vous confirmez ?}',
    ],
  },
  praise: {
    sentiment: 'positive',
    templates: [
      '{Merci|Un grand merci|Bravo} {à mon conseiller|à l\'équipe|au service client} {pour sa réactivité|pour son aide|, top}{ 🙏|}',
      '{$appli} est {super|géniale|top|vraiment bien faite} {, rien à redire|, merci|}',
      '{Très bon|Excellent} {accueil|service} {en agence|au téléphone|aujourd\'hui}, {je recommande|merci beaucoup}',
      '{Problème|Souci} réglé en {10 minutes|une journée|un appel}, {bravo|merci|au top} {😍|👍|}',
      'Je suis {très satisfait|ravi|content} de {ma banque|vos services|mon conseiller} {depuis $delai|}',
      'Enfin une banque {qui répond|à l\'écoute|humaine}, {merci|continuez comme ça}',
    ],
  },
  question_savings: {
    sentiment: 'neutral',
    templates: [
      '{$hello} quel est le taux {du livret A|de votre livret|de l\'épargne} {en ce moment|cette année} ?',
      'Je voudrais ouvrir {$produit}, {comment faire|c\'est possible en ligne} ?',
      'Quelle {épargne|solution d\'épargne} vous conseillez pour {mettre de côté|un projet} ?',
      'Comment {placer|épargner} {$montant} {par mois|} {chez vous|} ?',
      'Les {intérêts|taux} de {$produit} sont versés quand ?',
    ],
  },
  question_loan: {
    sentiment: 'neutral',
    templates: [
      '{$hello} je voudrais faire un {crédit|prêt} {auto|conso|personnel|travaux}, {quels taux|c\'est possible} ?',
      'Quel est le taux {pour un prêt personnel|d\'un crédit conso} {de $montant|} ?',
      'Comment {demander|faire une demande de} {prêt|crédit} {en ligne|} ?',
      'Simulation de crédit {pour une voiture|pour des travaux} {svp|, où la faire} ?',
      'Vous faites des prêts étudiants ? {$thanks}',
    ],
  },
  question_mortgage: {
    sentiment: 'neutral',
    templates: [
      '{$hello} je voudrais {acheter un appartement|acheter une maison|faire un prêt immobilier}, {quels taux|prendre rdv} ?',
      'Quel est votre taux {de crédit immobilier|immo} {sur 20 ans|sur 25 ans|actuellement} ?',
      'Comment {renégocier|faire racheter} mon prêt immobilier ?',
      'Vous faites le prêt à taux zéro {pour un premier achat|} ?',
      'Rendez-vous pour un {crédit immobilier|projet immobilier} {svp|, comment faire} ?',
    ],
  },
  question_insurance: {
    sentiment: 'neutral',
    templates: [
      '{$hello} vous proposez une assurance {habitation|auto|emprunteur} ?',
      'Comment déclarer un sinistre {sur mon assurance|habitation|auto} ?',
      'Mon {assurance|assurance habitation} couvre {le vol|les dégâts des eaux} ?',
      'Quel prix pour {une assurance|l\'assurance} {habitation|auto|santé} chez vous ?',
      'L\'assurance de {ma carte|$carte} couvre {l\'annulation de voyage|la location de voiture} ?',
    ],
  },
  branch_question: {
    sentiment: 'neutral',
    templates: [
      '{$hello} quels sont les horaires de l\'agence {de Lyon|de Paris 11e|de Nantes|du centre-ville} ?',
      'L\'agence {est ouverte|ouvre} {le samedi|le lundi|pendant les vacances} ?',
      'Où se trouve {l\'agence la plus proche|votre agence} {à Bordeaux|à Lille|de chez moi} ?',
      'Comment prendre rendez-vous {en agence|avec mon conseiller} ?',
      'Adresse et téléphone de l\'agence {de Marseille|de Toulouse} {svp|?}',
    ],
  },
  job_application: {
    sentiment: 'neutral',
    templates: [
      '{$hello} vous recrutez {des conseillers|en alternance|des stagiaires} ?',
      'Je voudrais {postuler|envoyer ma candidature} {pour un stage|pour un CDI|chez vous}, à qui m\'adresser ?',
      'Vous avez des offres {d\'emploi|de stage|d\'alternance} {à Paris|en agence} ?',
      'Candidature spontanée {pour un poste de conseiller|en alternance}, {où envoyer mon CV|à qui écrire} ?',
    ],
  },
  sponsorship_event: {
    sentiment: 'neutral',
    templates: [
      '{$hello} {notre club|notre association} cherche un sponsor {pour un tournoi|pour la saison}, vous {pouvez|seriez} partenaire ?',
      'Vous soutenez les {associations|événements|festivals} {locaux|} ? {Demande de mécénat|}',
      'Comment {demander|obtenir} un partenariat {pour un événement|pour notre festival} ?',
      'Vous {sponsorisez|participez} au {salon de l\'immobilier|marathon|forum} {cette année|} ?',
      'Inscription au {webinaire|salon|live} {de la banque|} {svp|, comment faire} ?',
    ],
  },
  fraud_phishing: {
    sentiment: 'negative',
    templates: [
      '{J\'ai reçu|Je reçois} un {SMS|mail|appel} {bizarre|suspect} {de votre part|au nom de la banque} {qui me demande mes codes|avec un lien}, {c\'est une arnaque|c\'est vous} ?',
      '{Attention|Alerte} {arnaque|phishing} : {faux SMS|faux mail|faux conseiller} {au nom de la banque|qui circule}',
      'Un {faux conseiller|escroc} m\'a appelé {en se faisant passer pour vous|pour valider une opération}, {je signale|soyez vigilants}',
      'Je signale un {faux site|compte Instagram frauduleux|faux profil} qui {utilise votre logo|se fait passer pour la banque}',
      '{SMS|Mail} reçu {«|"}votre compte est suspendu{»|"}, {c\'est du phishing|arnaque} non ?',
    ],
  },
  other: {
    sentiment: 'neutral',
    // "+:" / "-:" prefixes set the sentiment of one template (off-topic chatter of every tone).
    templates: [
      '+:{Quelle belle journée|Super match hier soir|Trop bien ce concert|Vive les vacances|Magnifique coucher de soleil} {😍|!|}',
      '-:{Il pleut encore|Encore des bouchons|Le train est en retard|Quelle journée pourrie|Encore une grève} {😩|...|}',
      '{Quelqu\'un a vu|Vous avez vu} {le match|la série|le film|le débat} {hier|ce week-end} ?',
      '+:{Bon week-end à tous|Joyeux anniversaire|Bonne année|Félicitations aux gagnants} {!|🎉|}',
      '{Test|ok|lol|+1|up|Qui vient ce soir ?|On se retrouve où ?}',
      '-:{Le gouvernement|La réforme|Cette décision|Ce projet de loi} {est une honte|est catastrophique|est un scandale|va nous ruiner}',
      '+:{La réforme|Cette initiative|Ce projet} {va dans le bon sens|est une excellente nouvelle|est formidable}',
      '{Les énergies renouvelables|Le climat|L\'écologie|Le nucléaire} {fait débat|est au programme du sommet|sera discuté demain}',
      '-:{La pollution|La déforestation|Le réchauffement} {est dramatique|détruit tout|fait peur|est une catastrophe}',
      '+:{J\'adore|J\'aime beaucoup} {les week-ends|le café|l\'été|ce restaurant|cette série}',
      '-:{Je déteste|J\'en ai marre de} {les lundis|la pluie|l\'hiver|ce bruit}',
    ],
  },
};

/** Phrases that push a neutral request to a clear sentiment, to decouple intent from tone. */
export const FR_NEGATIVE_TAILS = [
  "c'est vraiment nul", 'je suis furieux', "j'en ai ras le bol", 'quelle honte', 'service lamentable', 'je suis très déçu',
  'vous êtes à la ramasse', 'on se moque de nous', 'inadmissible', 'franchement décevant', "c'est n'importe quoi",
];
export const FR_POSITIVE_TAILS = [
  'merci beaucoup, vous êtes top', "j'adore votre appli", 'super service au passage', 'merci pour tout', 'vous êtes au top',
  'toujours satisfait de vous', 'bravo pour la réactivité',
];
