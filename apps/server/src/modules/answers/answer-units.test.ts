import { describe, expect, it } from 'vitest';
import { firstNameOf, renderAnswer } from './answer-variables.ts';
import { parseCsatAnswer } from './csat.service.ts';
import { parseMentions } from './mentions.ts';

describe('answer variables', () => {
  const ctx = { firstName: 'Julie', agentFirstName: 'Léa', secureSpaceUrl: 'https://banque.example/espace-securise' };
  it('fills every variable', () => {
    expect(renderAnswer('Bonjour {prenom}, voici : {lien_espace_securise}. {conseiller}', ctx)).toBe(
      'Bonjour Julie, voici : https://banque.example/espace-securise. Léa',
    );
  });
  it('leaves out an unknown first name with its space', () => {
    expect(renderAnswer('Bonjour {prenom}, merci. Merci {prenom} !', { ...ctx, firstName: null })).toBe('Bonjour, merci. Merci !');
    expect(renderAnswer('{prenom} bonjour', { ...ctx, firstName: null })).toBe('bonjour');
  });
  it('knows a first name from the client, or from a display name that looks like one', () => {
    expect(firstNameOf('Anne', 'xx_anne')).toBe('Anne');
    expect(firstNameOf(null, 'Julie Martin')).toBe('Julie');
    expect(firstNameOf(null, 'julie_du_75')).toBeNull();
    expect(firstNameOf(null, 'BANQUE EXEMPLE')).toBeNull();
  });
});

describe('mentions', () => {
  it('reads @first names and @emails, not addresses inside words', () => {
    expect(parseMentions('@Léa et @paul.roux@banque.fr, écrire à marc@banque.fr')).toEqual({
      emails: ['paul.roux@banque.fr'],
      firstNames: ['lea'],
    });
  });
});

describe('CSAT answers', () => {
  it('takes a leading 1–5 as the score and the rest as the comment', () => {
    expect(parseCsatAnswer('5')).toEqual({ score: 5, comment: null });
    expect(parseCsatAnswer('4/5 rapide')).toEqual({ score: 4, comment: 'rapide' });
    expect(parseCsatAnswer(' 3 - bof, trop long')).toEqual({ score: 3, comment: 'bof, trop long' });
    expect(parseCsatAnswer('10 sur 10')).toBeNull();
    expect(parseCsatAnswer('6')).toBeNull();
    expect(parseCsatAnswer('Merci !')).toBeNull();
    expect(parseCsatAnswer('2.5')).toBeNull();
  });
});
