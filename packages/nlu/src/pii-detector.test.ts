import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectPii, isValidIban, isValidLuhn, isValidNir, isValidRib, mask } from './pii-detector.ts';

// Independent reference implementations (written from the standards, not from the detector).
function ibanCheckDigits(country: string, bban: string): string {
  const numeric = `${bban}${country}00`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let r = 0n;
  r = BigInt(numeric) % 97n;
  return String(98n - r).padStart(2, '0');
}
function luhnDigit(partial: string): string {
  const digits = partial.split('').reverse().map(Number);
  const sum = digits.reduce((s, d, i) => s + (i % 2 === 0 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d), 0);
  return String((10 - (sum % 10)) % 10);
}
function nirKey(body13: string): string {
  const numeric = body13.replace('2A', '19').replace('2B', '18');
  return String(97n - (BigInt(numeric) % 97n)).padStart(2, '0');
}
function ribKey(bank: string, branch: string, account: string): string {
  return String(97n - ((89n * BigInt(bank) + 15n * BigInt(branch) + 3n * BigInt(account)) % 97n)).padStart(2, '0');
}
const spans = (text: string) => detectPii(text).map((s) => [s.type, text.slice(s.start, s.end)]);

describe('checksums', () => {
  it('accepts valid IBANs of several countries and rejects altered ones', () => {
    expect(isValidIban('FR7630006000011234567890189')).toBe(true);
    expect(isValidIban('GB82WEST12345698765432')).toBe(true);
    expect(isValidIban('DE89370400440532013000')).toBe(true);
    expect(isValidIban(`BE${ibanCheckDigits('BE', '539007547034')}539007547034`)).toBe(true);
    expect(isValidIban('FR7630006000011234567890188')).toBe(false);
    expect(isValidIban('GB82WEST12345698765433')).toBe(false);
  });
  it('Luhn', () => {
    expect(isValidLuhn('4111111111111111')).toBe(true);
    expect(isValidLuhn('378282246310005')).toBe(true);
    expect(isValidLuhn('4111111111111112')).toBe(false);
    expect(isValidLuhn(`497010123456789${luhnDigit('497010123456789')}`)).toBe(true);
  });
  it('NIR key, including Corsica 2A/2B', () => {
    const mainland = '1850578006084';
    expect(isValidNir(mainland + nirKey(mainland))).toBe(true);
    const corsica = '269052A123456';
    expect(isValidNir(corsica + nirKey(corsica))).toBe(true);
    const haute = '177012B045012';
    expect(isValidNir(haute + nirKey(haute))).toBe(true);
    const wrong = String((Number(nirKey(mainland)) % 97) + 1).padStart(2, '0');
    expect(isValidNir(mainland + wrong)).toBe(false);
  });
  it('RIB key, with letters in the account number', () => {
    expect(isValidRib('30004', '00550', '00000157841', ribKey('30004', '00550', '00000157841'))).toBe(true);
    // Letters map A/J=1, B/K/S=2 ... : "0000A157841" behaves as "00001157841".
    expect(isValidRib('30004', '00550', '0000A157841', ribKey('30004', '00550', '00001157841'))).toBe(true);
    expect(isValidRib('30004', '00550', '00000157841', '00')).toBe(ribKey('30004', '00550', '00000157841') === '00');
  });
});

describe('detectPii', () => {
  it('finds an IBAN spaced or not, with exact spans', () => {
    expect(spans('mon iban FR76 3000 6000 0112 3456 7890 189 merci')).toEqual([['iban', 'FR76 3000 6000 0112 3456 7890 189']]);
    expect(spans('IBAN: GB82WEST12345698765432.')).toEqual([['iban', 'GB82WEST12345698765432']]);
    expect(spans('iban FR76 3000 6000 0112 3456 7890 188')).toEqual([]);
  });
  it('reports UTF-16 offsets when emoji precede the data', () => {
    const text = '😡😡 payé avec 4111 1111 1111 1111 !';
    const [span] = detectPii(text);
    expect(span?.type).toBe('card_number');
    expect(span?.start).toBe(text.indexOf('4111'));
    expect(text.slice(span?.start, span?.end)).toBe('4111 1111 1111 1111');
  });
  it('finds cards grouped or not and ignores invalid Luhn, order and tracking numbers', () => {
    expect(spans('carte 4111-1111-1111-1111 exp 09/27')).toEqual([['card_number', '4111-1111-1111-1111']]);
    expect(spans('amex 3782 822463 10005')).toEqual([['card_number', '3782 822463 10005']]);
    // Sentence punctuation right after the number (a comma then a space) is not a decimal comma.
    expect(spans('Mon numéro de carte est 4111-1111-1111-1111, merci')).toEqual([['card_number', '4111-1111-1111-1111']]);
    expect(spans('ma carte 4111 1111 1111 1111, elle est bloquée')).toEqual([['card_number', '4111 1111 1111 1111']]);
    expect(spans('carte 4111111111111111,')).toEqual([['card_number', '4111111111111111']]);
    expect(spans('carte 4111 1111 1111 1112')).toEqual([]);
    expect(spans('commande n° 4111111111111111 pas livrée')).toEqual([]);
    expect(spans('numéro de suivi 6A12345678901')).toEqual([]);
  });
  it('finds emails and phones (French and international)', () => {
    expect(spans('écrivez à jean.dupont@orange.fr svp')).toEqual([['email', 'jean.dupont@orange.fr']]);
    expect(spans('@MaBanque bonjour')).toEqual([]);
    expect(spans('tel 06 12 34 56 78 ou +33 6 12 34 56 78 ou +44 20 7946 0958')).toEqual([
      ['phone', '06 12 34 56 78'],
      ['phone', '+33 6 12 34 56 78'],
      ['phone', '+44 20 7946 0958'],
    ]);
    expect(spans('réf. dossier 0612345678')).toEqual([]);
  });
  it('finds NIR, RIB and account numbers after their keywords', () => {
    const body = '269052A123456';
    const nir = `2 69 05 2A 123 456 ${nirKey(body)}`;
    expect(spans(`sécu ${nir}`)).toEqual([['fr_nir', nir]]);
    const rib = `30004 00550 00000157841 ${ribKey('30004', '00550', '00000157841')}`;
    expect(spans(`mon RIB ${rib} merci`)).toEqual([['account_number', rib]]);
    expect(spans('mon RIB 30004 00550 00000157841 00 merci').filter(([t]) => t === 'account_number')).toEqual(
      ribKey('30004', '00550', '00000157841') === '00' ? [['account_number', '30004 00550 00000157841 00']] : [],
    );
    expect(spans('compte n° 12345678901, vous pouvez vérifier ?')).toEqual([['account_number', '12345678901']]);
    expect(spans('my account number is 87654321')).toEqual([]); // "is" breaks the keyword: value must follow it
    expect(spans('account number 87654321 please')).toEqual([['account_number', '87654321']]);
  });
  it('finds secrets, birth dates and balances but not their look-alikes', () => {
    expect(spans('mon code confidentiel est 4821')).toEqual([['secret_code', '4821']]);
    expect(spans('mot de passe : Soleil2024!')).toEqual([['secret_code', 'Soleil2024!']]);
    expect(spans("j'ai oublié mon mot de passe")).toEqual([]);
    expect(spans('code postal 75011, code promo NOEL24')).toEqual([]);
    expect(spans('née le 12/03/1985 à Lyon')).toEqual([['birth_date', '12/03/1985']]);
    expect(spans('rendez-vous le 12/03/2025')).toEqual([]);
    expect(spans('mon solde est de 1 250,30 € seulement')).toEqual([['balance', '1 250,30 €']]);
    expect(spans('il me reste 12 € sur le compte')).toEqual([['balance', '12 €']]);
    expect(spans('virement de 50 € hier')).toEqual([]);
  });
  it('never throws, returns in-bounds, ordered, non-overlapping spans (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const found = detectPii(text);
        let last = 0;
        for (const s of found) {
          expect(s.start).toBeGreaterThanOrEqual(last);
          expect(s.end).toBeGreaterThan(s.start);
          expect(s.end).toBeLessThanOrEqual(text.length);
          last = s.end;
        }
      }),
      { numRuns: 300 },
    );
  });
  it('finds any Luhn-valid Visa number inserted in random text (property)', () => {
    fc.assert(
      // Prefixes are benign on purpose: words like "ref" or "commande" rightly turn a number into a reference.
      fc.property(fc.stringMatching(/^\d{14}$/), fc.constantFrom('', 'bonjour', '😡😡 urgent', 'hello my', 'é'), (digits, prefix) => {
        const partial = `4${digits}`;
        const number = partial + luhnDigit(partial);
        const text = `${prefix} carte ${number} merci`;
        expect(spans(text)).toContainEqual(['card_number', number]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('mask', () => {
  it('replaces each span with a typed tag', () => {
    const text = 'iban FR7630006000011234567890189 mail a.b@free.fr';
    expect(mask(text, detectPii(text))).toBe('iban [IBAN masqué] mail [e-mail masqué]');
  });
  it('tolerates out-of-range and overlapping spans', () => {
    expect(
      mask('abcdef', [
        { type: 'phone', start: 4, end: 99 },
        { type: 'email', start: 1, end: 5 },
      ]),
    ).toBe('a[e-mail masqué][téléphone masqué]');
  });
});
