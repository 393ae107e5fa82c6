import { describe, expect, it } from 'vitest';
import { replyLength } from './reply-length.ts';

const x = (text: string) => replyLength(text, 'x-weighted');

describe('replyLength, the X way (twitter-text v3)', () => {
  it('counts Latin text, accents and French punctuation one each', () => {
    expect(x('Bonjour, votre carte est débloquée !')).toBe(36);
    expect(x('— « Merci »')).toBe(11);
    // U+2026 (…) lies outside twitter-text's light ranges (8208–8223, 8242–8247): it weighs 2.
    expect(x('…')).toBe(2);
  });

  it('normalises to NFC first: a decomposed accent counts once', () => {
    const decomposed = 'de\u0301bloque\u0301';
    expect(decomposed.length).toBe(10);
    expect(x(decomposed)).toBe(8);
  });

  it('counts every URL 23, short or long, with or without scheme, punctuation after it as text', () => {
    expect(x('https://t.co/a')).toBe(23);
    expect(x(`https://www.banque-exemple.fr/aide/${'a'.repeat(200)}?q=1`)).toBe(23);
    expect(x('Voir banque-exemple.fr/tarifs')).toBe(5 + 23);
    expect(x('Voir https://banque-exemple.fr.')).toBe(5 + 23 + 1);
    expect(x('a https://a.fr b http://b.com')).toBe(2 + 23 + 3 + 23);
  });

  it('counts CJK and other scripts outside the light ranges two each', () => {
    expect(x('銀行')).toBe(4);
    expect(x('こんにちは')).toBe(10);
    expect(x('Привет')).toBe(6); // Cyrillic is below U+1100: weight 1
  });

  it('counts an emoji two, whatever its code points', () => {
    expect(x('👍')).toBe(2);
    expect(x('👍🏽')).toBe(2);
    expect(x('👨‍👩‍👧')).toBe(2);
    expect(x('❤️')).toBe(2);
    expect(x('🇫🇷')).toBe(2);
    expect(x('1️⃣')).toBe(2);
    expect(x('Merci 🙏')).toBe(8);
  });

  it('reaches 280 exactly where X does', () => {
    expect(x('a'.repeat(280))).toBe(280);
    expect(x('銀'.repeat(140))).toBe(280);
    expect(x(`${'a'.repeat(257)}https://banque-exemple.fr/${'x'.repeat(100)}`)).toBe(280);
  });

  it('counts plain characters as code points elsewhere', () => {
    expect(replyLength('👨‍👩‍👧 é', 'characters')).toBe(7);
    expect(replyLength('https://banque-exemple.fr', 'characters')).toBe(25);
  });
});
