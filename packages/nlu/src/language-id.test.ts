import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.ts';

// Through analyze() so the shipped trigram model is loaded as in production.
const lang = (text: string, hint?: 'fr' | 'en') => analyze(text, hint ? { language: hint } : {}).language;

describe('language identification', () => {
  it.each([
    'jcomprends pa pk ma cb marche pa',
    '@MaBanque ma carte est bloquée depuis hier 😡 #fail',
    'bjr, g un pb avec mon virement',
    'ca fait 3 jours que j attends ma carte',
    'Frais honteux, je change de banque',
    "l'appli plante encore",
  ])('French: %s', (text) => expect(lang(text)).toBe('fr'));

  it.each([
    'I am still waiting on my card?',
    "hey @AgoraBank my transfer hasn't arrived yet",
    'Why was I charged a fee for topping up?',
    'app keeps crashing lol',
  ])('English: %s', (text) => expect(lang(text)).toBe('en'));

  it.each([
    'مرحبا، لدي مشكلة في بطاقتي',
    'Здравствуйте, моя карта не работает',
    'Hola, ¿cómo puedo abrir una cuenta bancaria?',
    'Hallo, meine Karte funktioniert nicht, bitte helfen Sie mir',
    '😀😀😀',
    '',
  ])('other: %s', (text) => expect(lang(text)).toBe('other'));

  it('trusts the hint for latin-script text but not for another script', () => {
    expect(lang('ok merci', 'en')).toBe('en');
    expect(lang('ok thanks', 'fr')).toBe('fr');
    expect(lang('مرحبا، لدي مشكلة في بطاقتي', 'fr')).toBe('other');
  });
});
