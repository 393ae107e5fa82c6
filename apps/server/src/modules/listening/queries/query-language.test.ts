import { describe, expect, it } from 'vitest';
import { compileQuery, matches, matchingQueries, prepareDocument } from './query-matcher.ts';
import { parseQuery, QuerySyntaxError } from './query-parser.ts';

const doc = (text: string, extra: { language?: string; channel?: string; authorHandle?: string } = {}) =>
  prepareDocument({ text, language: extra.language ?? 'fr', channel: extra.channel ?? 'x', authorHandle: extra.authorHandle ?? null });
const hit = (query: string, text: string, extra?: Parameters<typeof doc>[1]) => matches(parseQuery(query), doc(text, extra));

describe('listening query language', () => {
  it('matches words whole, whatever the case and the accents, on both sides', () => {
    expect(hit('credit', 'Mon CRÉDIT immobilier est refusé')).toBe(true);
    expect(hit('Crédit', 'mon credit est refusé')).toBe(true);
    expect(hit('cred', 'mon crédit')).toBe(false);
    expect(hit('cœur', 'au COEUR du sujet')).toBe(true);
    expect(hit('epargne', "l'Épargne, c'est sacré")).toBe(true);
  });

  it('matches phrases on consecutive words, with French quotes too', () => {
    expect(hit('"Banque Exemple"', 'Franchement la banque-exemple déçoit')).toBe(true);
    expect(hit('"Banque Exemple"', 'Banque, exemple à suivre')).toBe(true);
    expect(hit('"Banque Exemple"', 'La banque donne un exemple')).toBe(false);
    expect(hit('« prêt immo »', 'Mon PRET IMMO est validé')).toBe(true);
    expect(hit('"offre d\'emploi"', 'Nouvelle offre d’emploi chez nous')).toBe(true);
  });

  it('knows AND, OR, NOT and their French forms, precedence and parentheses', () => {
    const q = '(appli OR application) AND (panne OR bug) NOT "offre d\'emploi"';
    expect(hit(q, "L'appli est en panne depuis ce matin")).toBe(true);
    expect(hit(q, "L'application plante, un bug encore")).toBe(true);
    expect(hit(q, "L'appli marche bien")).toBe(false);
    expect(hit(q, "Offre d'emploi : développeur appli, corriger chaque bug")).toBe(false);
    expect(hit('appli ET panne SAUF test', 'appli panne')).toBe(true);
    expect(hit('appli OU virement', 'mon virement')).toBe(true);
    // AND binds tighter than OR: a OR (b AND c)
    expect(hit('carte OR virement frais', 'ma carte')).toBe(true);
    expect(hit('carte OR virement frais', 'mon virement')).toBe(false);
    // Words side by side are joined by AND.
    expect(hit('virement frais', 'des frais sur mon virement')).toBe(true);
    expect(hit('banque -recrutement', 'la banque recrute : recrutement ouvert')).toBe(false);
  });

  it('matches hashtags, handles (mentioned or author), prefixes, language and channel', () => {
    expect(hit('#BanqueExemple', 'Encore en panne #banqueexemple')).toBe(true);
    expect(hit('#BanqueExemple', 'Banque Exemple en panne')).toBe(false);
    expect(hit('@banque_exemple', 'Vous répondez @Banque_Exemple ?')).toBe(true);
    expect(hit('@banque_exemple', 'Nouveau tarif', { authorHandle: 'Banque_Exemple' })).toBe(true);
    expect(hit('banq*', 'Les banquiers en ligne')).toBe(true);
    expect(hit('banque lang:fr', 'banque', { language: 'en' })).toBe(false);
    expect(hit('banque lang:en', 'banque', { language: 'en' })).toBe(true);
    expect(hit('banque channel:rss', 'banque', { channel: 'rss' })).toBe(true);
    expect(hit('banque -channel:rss', 'banque', { channel: 'rss' })).toBe(false);
  });

  it('refuses malformed queries with a French message and the position at fault', () => {
    const cases: [string, RegExp][] = [
      ['', /vide/],
      ['"Banque Exemple', /Guillemet non fermé/],
      ['(banque OR crédit', /Parenthèse non fermée/],
      ['banque)', /Parenthèse fermante en trop/],
      ['banque OR', /se termine par un opérateur/],
      ['NOT banque', /ne cherche rien/],
      ['ba*', /au moins 3 lettres/],
      ['#', /Hashtag vide/],
    ];
    for (const [query, message] of cases) {
      expect(() => parseQuery(query), query).toThrow(QuerySyntaxError);
      expect(() => parseQuery(query), query).toThrow(message);
    }
    try {
      parseQuery('banque AND (credit');
    } catch (error) {
      expect((error as QuerySyntaxError).position).toBe(11);
    }
  });

  it('counts an item addressed to the bank for its brand queries, unless an exclusion applies', () => {
    const brand = compileQuery({ id: 'b', kind: 'brand', expression: '("Banque Exemple" OR #BanqueExemple) -recrutement' });
    const rival = compileQuery({ id: 'r', kind: 'competitor', expression: '"Banque Rivale"' });
    const review = doc('Appli lente, carte bloquée deux fois');
    expect(matchingQueries([brand, rival], review, true).map((q) => q.id)).toEqual(['b']);
    expect(matchingQueries([brand, rival], review, false)).toEqual([]);
    expect(matchingQueries([brand], doc('Offre de recrutement'), true)).toEqual([]);
  });

  it('keeps the query own words out of its top terms', () => {
    expect([...compileQuery({ id: 'q', kind: 'brand', expression: '"Banque Exemple" OR #BEX -emploi' }).ownWords].sort()).toEqual([
      'banque',
      'bex',
      'exemple',
    ]);
  });
});
