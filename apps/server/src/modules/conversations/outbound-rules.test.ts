import { describe, expect, it } from 'vitest';
import { checkOutbound } from './outbound-rules.ts';

describe('outbound rules', () => {
  it('blocks a public reply carrying personal data, naming what and where', () => {
    const verdict = checkOutbound('Votre IBAN FR76 3000 6000 0112 3456 7890 189 est bien enregistré', 'public');
    expect(verdict).toMatchObject({ ok: false, code: 'public_personal_data' });
    expect(!verdict.ok && verdict.reason).toMatch(/IBAN.*FR76 3000 6000 0112 3456 7890 189/);
    expect(checkOutbound('Écrivez-nous à support@banque-exemple.fr', 'public')).toMatchObject({ ok: false });
    expect(checkOutbound('Bonjour, nous vous répondons en message privé.', 'public')).toEqual({ ok: true });
  });

  it('never lets confidential data travel privately on a social network', () => {
    expect(checkOutbound('Votre carte 4111 1111 1111 1111 est bloquée', 'private')).toMatchObject({ ok: false, code: 'confidential_data' });
    expect(checkOutbound('Votre solde est de 1 250 €', 'private')).toMatchObject({ ok: false, code: 'confidential_data' });
  });

  it('in private, asks at most for last name, first name and birth date', () => {
    for (const text of [
      'Pouvez-vous nous donner votre numéro de carte ?',
      'Envoyez-moi votre IBAN svp',
      'Merci de nous communiquer votre code reçu par SMS',
      'Quel est votre mot de passe ?',
      'Could you send us your card number?',
      'Indiquez-nous votre adresse e-mail',
    ]) {
      expect(checkOutbound(text, 'private'), text).toMatchObject({ ok: false, code: 'forbidden_request' });
    }
    for (const text of [
      'Pouvez-vous nous indiquer votre nom, votre prénom et votre date de naissance ?',
      'Ne communiquez jamais votre code : la banque ne vous le demandera pas.',
      'Votre carte arrivera sous 5 jours ouvrés.',
      'Connectez-vous à votre espace sécurisé pour nous envoyer les pièces.',
    ]) {
      expect(checkOutbound(text, 'private'), text).toEqual({ ok: true });
    }
  });
});
